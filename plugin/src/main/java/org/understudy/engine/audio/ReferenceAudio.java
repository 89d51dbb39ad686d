package org.understudy.engine.audio;

import java.util.Arrays;
import java.util.Locale;

/**
 * A voice's reference recording, prepared as upstream prepares it (TTS.py:_set_prompt_semantic,
 * _get_ref_spec): mixed to mono, resampled to 16 kHz (HuBERT, prompt tokens) and 32 kHz (style
 * spectrogram), and gated to 3–10 s measured at 16 kHz like upstream (48 000–160 000 samples).
 * Immutable; the getters return copies: [any-thread].
 */
public final class ReferenceAudio {
    public static final int RATE_16K = 16000, RATE_32K = 32000;
    public static final int MIN_SAMPLES_16K = 3 * RATE_16K, MAX_SAMPLES_16K = 10 * RATE_16K;
    /** Upstream appends int(32000 · 0.3) zeros to the 16 kHz wave: 0.6 s, not 0.3 s. */
    public static final int PROMPT_SILENCE_16K = 9600;

    private final float[] wav16k, wav32k;

    private ReferenceAudio(float[] wav16k, float[] wav32k) {
        this.wav16k = wav16k;
        this.wav32k = wav32k;
    }

    /**
     * [engine-worker] Prepares interleaved audio of {@code channels} channels at {@code sampleRate};
     * throws ReferenceAudioException when it is outside 3–10 s.
     */
    public static ReferenceAudio of(float[] interleaved, int channels, int sampleRate) throws ReferenceAudioException {
        final float[] mono = mixToMono(interleaved, channels);
        checkLength(Resampler.outputLength(mono.length, sampleRate, RATE_16K));
        final float[] wav16k = new Resampler(sampleRate, RATE_16K).process(mono);
        final float[] wav32k = new Resampler(sampleRate, RATE_32K).process(mono);
        limitPeak(wav32k);
        return new ReferenceAudio(wav16k, wav32k);
    }

    /** [any-thread] The 16 kHz mono wave (not peak-limited: upstream's librosa path leaves it as is). */
    public float[] wav16k() {
        return wav16k.clone();
    }

    /** [any-thread] The HuBERT input: the 16 kHz wave followed by 0.6 s of silence. */
    public float[] hubertInput() {
        return appendPromptSilence(wav16k);
    }

    /** [any-thread] The 32 kHz mono wave for the spectrogram, peak-limited as upstream does it. */
    public float[] wav32k() {
        return wav32k.clone();
    }

    /**
     * [any-thread] The v2Pro/v2ProPlus speaker-verification input (KaldiFbank's): the peak-limited
     * 32 kHz wave taken down to 16 kHz, as upstream feeds sv.py (it uses torchaudio's resampler there).
     */
    public float[] speakerInput16k() {
        return new Resampler(RATE_32K, RATE_16K).process(wav32k);
    }

    /** [any-thread] The mean of the channels of interleaved audio (librosa's and torchaudio's mix-down). */
    public static float[] mixToMono(float[] interleaved, int channels) {
        if (channels < 1) throw new IllegalArgumentException("channel count must be positive, not " + channels);
        if (interleaved.length % channels != 0) {
            throw new IllegalArgumentException(interleaved.length + " samples do not make whole frames of " + channels + " channels");
        }
        if (channels == 1) return interleaved.clone();
        final float[] mono = new float[interleaved.length / channels];
        for (int i = 0; i < mono.length; i++) {
            double sum = 0;
            for (int c = 0; c < channels; c++) sum += interleaved[i * channels + c];
            mono[i] = (float) (sum / channels);
        }
        return mono;
    }

    /** [any-thread] Upstream's gate: 48 000 to 160 000 samples at 16 kHz, both ends allowed. */
    public static void checkLength(int samples16k) throws ReferenceAudioException {
        if (samples16k >= MIN_SAMPLES_16K && samples16k <= MAX_SAMPLES_16K) return;
        final double seconds = (double) samples16k / RATE_16K;
        // milliseconds rounded away from the window, so a rejected length never prints as 3.000 or 10.000
        final double shown = samples16k < MIN_SAMPLES_16K ? Math.floor(seconds * 1000) / 1000 : Math.ceil(seconds * 1000) / 1000;
        throw new ReferenceAudioException(String.format(Locale.ROOT,
                "The reference audio is %.3f s long; it must be between %d and %d seconds. %s",
                shown, MIN_SAMPLES_16K / RATE_16K, MAX_SAMPLES_16K / RATE_16K,
                samples16k < MIN_SAMPLES_16K ? "Choose a longer clip." : "Trim it or choose a shorter clip."), seconds);
    }

    /** [any-thread] A copy of the 16 kHz wave with upstream's 9600 zeros (0.6 s) appended. */
    public static float[] appendPromptSilence(float[] wav16k) {
        return Arrays.copyOf(wav16k, wav16k.length + PROMPT_SILENCE_16K);
    }

    /** Upstream's rule before the spectrogram: if the peak exceeds 1, divide by min(2, peak). */
    static void limitPeak(float[] wav) {
        float peak = 0;
        for (float v : wav) peak = Math.max(peak, Math.abs(v));
        if (peak <= 1) return;
        final float divisor = Math.min(2f, peak);
        for (int i = 0; i < wav.length; i++) wav[i] /= divisor;
    }
}
