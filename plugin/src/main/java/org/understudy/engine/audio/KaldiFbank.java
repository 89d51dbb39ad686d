package org.understudy.engine.audio;

import java.util.Arrays;

/**
 * Kaldi log-mel filterbank features as GPT-SoVITS's speaker-verification front computes them
 * (sv.py: eres2net/kaldi.py fbank(wav, num_mel_bins=80, sample_frequency=16000, dither=0), the
 * vendored torchaudio.compliance.kaldi): frames of 400 samples every 160, only whole frames
 * (snip_edges); per frame remove the mean, pre-emphasis 0.97 (x[−1] := x[0]), Povey window
 * (symmetric Hann^0.85), zero-pad to 512, power spectrum, 80 triangular mel filters from 20 Hz to
 * 8 kHz, log(max(e, float32 eps)). The waveform is the float one in [−1, 1]: no int16 scaling and
 * no mean normalisation afterwards. The filterbank is built in float32 as upstream builds it; the
 * rest is computed in double. Immutable: [any-thread].
 */
public final class KaldiFbank {
    public static final int SAMPLE_RATE = 16000, MEL_BINS = 80;
    public static final int FRAME_LENGTH = 400, FRAME_SHIFT = 160, PADDED_LENGTH = 512;
    static final double PREEMPHASIS = 0.97, POVEY_POWER = 0.85;
    static final float LOW_FREQ = 20f, HIGH_FREQ = SAMPLE_RATE / 2f;
    private static final double LOG_FLOOR = Math.ulp(1f);                  // torch.finfo(float32).eps

    private final double[] window = new double[FRAME_LENGTH];
    private final float[][] melBank = new float[MEL_BINS][PADDED_LENGTH / 2];   // the Nyquist bin's weight is 0
    private final Fft fft = new Fft(PADDED_LENGTH);

    /** [any-thread] Builds the Povey window and the mel filterbank once. */
    public KaldiFbank() {
        for (int i = 0; i < FRAME_LENGTH; i++) {
            final double hann = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / (FRAME_LENGTH - 1));
            window[i] = Math.pow(hann, POVEY_POWER);
        }
        buildMelBank();
    }

    /** kaldi.py:get_mel_banks with vtln_warp 1, in float32 as torch does it (the scalars rounded to float). */
    private void buildMelBank() {
        final double melLow = 1127.0 * Math.log(1.0 + LOW_FREQ / 700.0);
        final double melHigh = 1127.0 * Math.log(1.0 + HIGH_FREQ / 700.0);
        final float low = (float) melLow;
        final float delta = (float) ((melHigh - melLow) / (MEL_BINS + 1));
        final float binWidth = (float) SAMPLE_RATE / PADDED_LENGTH;
        for (int m = 0; m < MEL_BINS; m++) {
            final float left = low + m * delta;
            final float center = low + (m + 1f) * delta;
            final float right = low + (m + 2f) * delta;
            for (int k = 0; k < PADDED_LENGTH / 2; k++) {
                final float mel = 1127f * (float) Math.log(1f + (binWidth * k) / 700f);
                final float up = (mel - left) / (center - left);
                final float down = (right - mel) / (right - center);
                melBank[m][k] = Math.max(0f, Math.min(up, down));
            }
        }
    }

    /** [any-thread] Frames for {@code samples} samples: 1 + (samples − 400) / 160, or 0 when shorter than a frame. */
    public static int frames(int samples) {
        return samples < FRAME_LENGTH ? 0 : 1 + (samples - FRAME_LENGTH) / FRAME_SHIFT;
    }

    /** [any-thread] The log-mel features [frames][80] of 16 kHz mono audio in [−1, 1]. */
    public float[][] compute(float[] wav) {
        final int frames = frames(wav.length);
        final float[][] out = new float[frames][MEL_BINS];
        final double[] re = new double[PADDED_LENGTH], im = new double[PADDED_LENGTH];
        final double[] power = new double[PADDED_LENGTH / 2];
        for (int f = 0; f < frames; f++) {
            final int start = f * FRAME_SHIFT;
            double mean = 0;
            for (int i = 0; i < FRAME_LENGTH; i++) mean += wav[start + i];
            mean /= FRAME_LENGTH;
            // pre-emphasis from the end backwards so that x[i−1] is still the DC-free input
            for (int i = FRAME_LENGTH - 1; i >= 0; i--) {
                final double x = wav[start + i] - mean;
                final double previous = wav[start + Math.max(i - 1, 0)] - mean;
                re[i] = (x - PREEMPHASIS * previous) * window[i];
            }
            Arrays.fill(re, FRAME_LENGTH, PADDED_LENGTH, 0);
            Arrays.fill(im, 0);
            fft.transform(re, im);
            for (int k = 0; k < PADDED_LENGTH / 2; k++) power[k] = re[k] * re[k] + im[k] * im[k];
            for (int m = 0; m < MEL_BINS; m++) {
                double energy = 0;
                final float[] filter = melBank[m];
                for (int k = 0; k < filter.length; k++) energy += power[k] * filter[k];
                out[f][m] = (float) Math.log(Math.max(energy, LOG_FLOOR));
            }
        }
        return out;
    }
}
