package org.understudy.engine.audio;

/**
 * Forward complex FFT of one power-of-two size, in double: iterative radix-2, in place, with the
 * twiddles and the bit-reversal permutation computed once. X[k] = Σ x[n]·e^(−2πi·kn/N), no scaling.
 * Immutable, so one instance can serve many threads: [any-thread].
 */
public final class Fft {
    private final int n;
    private final double[] cos, sin;       // e^(−2πi·k/N) for k < N/2
    private final int[] reversed;

    /** [any-thread] An FFT of size {@code n}, a power of two. */
    public Fft(int n) {
        if (n < 1 || Integer.bitCount(n) != 1) throw new IllegalArgumentException("FFT size must be a power of two, not " + n);
        this.n = n;
        cos = new double[n / 2];
        sin = new double[n / 2];
        for (int k = 0; k < n / 2; k++) {
            final double a = 2 * Math.PI * k / n;
            cos[k] = Math.cos(a);
            sin[k] = -Math.sin(a);
        }
        reversed = new int[n];
        final int bits = Integer.numberOfTrailingZeros(n);
        for (int i = 0; i < n; i++) reversed[i] = bits == 0 ? 0 : Integer.reverse(i) >>> (32 - bits);
    }

    /** [any-thread] */
    public int size() {
        return n;
    }

    /** [any-thread] Transforms {@code re}, {@code im} (each at least {@link #size()} long) in place. */
    public void transform(double[] re, double[] im) {
        for (int i = 0; i < n; i++) {
            final int j = reversed[i];
            if (j > i) {
                double t = re[i]; re[i] = re[j]; re[j] = t;
                t = im[i]; im[i] = im[j]; im[j] = t;
            }
        }
        for (int len = 2; len <= n; len <<= 1) {
            final int halfLen = len >> 1, step = n / len;
            for (int start = 0; start < n; start += len) {
                for (int k = 0; k < halfLen; k++) {
                    final double wr = cos[k * step], wi = sin[k * step];
                    final int a = start + k, b = a + halfLen;
                    final double xr = re[b] * wr - im[b] * wi;
                    final double xi = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - xr;
                    im[b] = im[a] - xi;
                    re[a] += xr;
                    im[a] += xi;
                }
            }
        }
    }
}
