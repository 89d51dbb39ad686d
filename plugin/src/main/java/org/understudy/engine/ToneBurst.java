package org.understudy.engine;

/**
 * The foundation's test engine: a deterministic tone burst per clip, standing in for the voice
 * engine behind the same seam. Clip i is a sine at 440 Hz · 2^(i/12) with 5 ms raised-cosine
 * edges, the same on both channels, rendered at whatever rate the host runs.
 */
public final class ToneBurst {
    public static final double AMPLITUDE = 0.5;
    public static final double EDGE_SECONDS = 0.005;

    private ToneBurst() {}

    public static double frequency(int index) {
        return 440.0 * Math.pow(2.0, index / 12.0);
    }

    /** Frames a clip of {@code seconds} occupies at {@code sampleRate}. */
    public static int frames(double seconds, double sampleRate) {
        return (int) Math.round(seconds * sampleRate);
    }

    /** [engine-worker] Renders clip {@code index}: {@code [2][frames(seconds, rate)]}. */
    public static float[][] render(int index, double seconds, double sampleRate) {
        if (!(sampleRate > 0)) throw new IllegalArgumentException("sample rate must be positive, not " + sampleRate);
        if (!(seconds > 0)) throw new IllegalArgumentException("clip length must be positive, not " + seconds);
        final int n = frames(seconds, sampleRate);
        final int edge = Math.max(1, Math.min(n / 2, (int) Math.round(EDGE_SECONDS * sampleRate)));
        final double w = 2 * Math.PI * frequency(index) / sampleRate;
        final float[] mono = new float[n];
        for (int k = 0; k < n; k++) {
            final int fromEdge = Math.min(k, n - 1 - k);
            final double envelope = fromEdge >= edge ? 1.0 : 0.5 - 0.5 * Math.cos(Math.PI * fromEdge / edge);
            mono[k] = (float) (AMPLITUDE * envelope * Math.sin(w * k));
        }
        return new float[][] {mono, mono.clone()};
    }
}
