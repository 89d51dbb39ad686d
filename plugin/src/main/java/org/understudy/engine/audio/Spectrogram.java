package org.understudy.engine.audio;

/**
 * The SoVITS style-reference spectrogram (module/mel_processing.py:spectrogram_torch as
 * TTS.py:_get_ref_spec calls it on 32 kHz audio): reflect-pad 704 samples on both sides, frames of
 * 2048 every 640 with center=False, periodic Hann window, onesided FFT, magnitude
 * sqrt(re² + im² + 1e-8). v1 feeds all 1025 bins to ref_enc, v2 and later the first 704 (≈ 0–11 kHz).
 * Computed in double, returned as float. Immutable: [any-thread].
 */
public final class Spectrogram {
    public static final int N_FFT = 2048, HOP = 640, PAD = (N_FFT - HOP) / 2;
    public static final int ALL_BINS = N_FFT / 2 + 1, V2_BINS = 704;
    private static final double EPSILON = 1e-8;

    private final int bins;
    private final double[] window = new double[N_FFT];
    private final Fft fft = new Fft(N_FFT);

    /** [any-thread] Keeps the first {@code bins} frequency rows (1 … 1025). */
    public Spectrogram(int bins) {
        if (bins < 1 || bins > ALL_BINS) throw new IllegalArgumentException("bins must be in 1…" + ALL_BINS + ", not " + bins);
        this.bins = bins;
        for (int i = 0; i < N_FFT; i++) window[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / N_FFT);   // periodic
    }

    /** [any-thread] The rows a SoVITS version's style encoder takes (upstream's version strings). */
    public static Spectrogram forSovitsVersion(String version) {
        return switch (version) {
            case "v1" -> new Spectrogram(ALL_BINS);
            case "v2", "v2Pro", "v2ProPlus" -> new Spectrogram(V2_BINS);
            default -> throw new IllegalArgumentException("no reference spectrogram for SoVITS version '" + version
                    + "' (supported: v1, v2, v2Pro, v2ProPlus)");
        };
    }

    /** [any-thread] */
    public int bins() {
        return bins;
    }

    /** [any-thread] Frames for {@code samples} input samples: 1 + (samples + 2·704 − 2048) / 640. */
    public static int frames(int samples) {
        return 1 + (samples + 2 * PAD - N_FFT) / HOP;
    }

    /** [any-thread] The magnitudes [bins][frames] of 32 kHz mono audio (more than 704 samples). */
    public float[][] compute(float[] audio) {
        final int n = audio.length;
        if (n <= PAD) throw new IllegalArgumentException("reflect padding needs more than " + PAD + " samples, got " + n);
        final int frames = frames(n);
        final float[][] out = new float[bins][frames];
        final double[] re = new double[N_FFT], im = new double[N_FFT];
        for (int f = 0; f < frames; f++) {
            final int start = f * HOP - PAD;                         // in unpadded samples
            for (int i = 0; i < N_FFT; i++) {
                re[i] = reflect(audio, start + i) * window[i];
                im[i] = 0;
            }
            fft.transform(re, im);
            for (int b = 0; b < bins; b++) {
                out[b][f] = (float) Math.sqrt(re[b] * re[b] + im[b] * im[b] + EPSILON);
            }
        }
        return out;
    }

    /** torch's 'reflect' padding: x[−i] = x[i], x[n−1+i] = x[n−1−i]. */
    private static double reflect(float[] x, int i) {
        if (i < 0) return x[-i];
        if (i >= x.length) return x[2 * (x.length - 1) - i];
        return x[i];
    }
}
