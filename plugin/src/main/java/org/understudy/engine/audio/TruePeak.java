package org.understudy.engine.audio;

/**
 * True peak per ITU-R BS.1770-4 Annex 2: the signal is oversampled (×4 below 96 kHz, ×2 below
 * 192 kHz) with a windowed-sinc interpolator and the largest absolute value is reported, so peaks
 * that fall between samples are seen. Also a brick-wall limiter that keeps the true peak under a
 * ceiling with a short look-ahead and a smooth release, for the last stage of a render.
 */
public final class TruePeak {
    private static final int TAPS_PER_PHASE = 24;

    private TruePeak() {}

    /** [any-thread] The true peak of {@code x} as a linear value (1.0 = 0 dBTP). */
    public static double of(float[] x, double rate) {
        final int factor = rate < 96000 ? 4 : rate < 192000 ? 2 : 1;
        double peak = 0;
        for (float v : x) peak = Math.max(peak, Math.abs(v));
        if (factor == 1) return peak;
        final double[][] phases = phases(factor);
        final int half = TAPS_PER_PHASE / 2;
        for (int n = 0; n < x.length; n++) {
            for (int p = 1; p < factor; p++) {                    // phase 0 is the sample itself
                double acc = 0;
                for (int k = 0; k < TAPS_PER_PHASE; k++) {
                    final int i = n - half + 1 + k;
                    if (i >= 0 && i < x.length) acc += phases[p][k] * x[i];
                }
                peak = Math.max(peak, Math.abs(acc));
            }
        }
        return peak;
    }

    /** [any-thread] True peak in dBTP. */
    public static double dbtp(float[] x, double rate) {
        return 20 * Math.log10(of(x, rate));
    }

    /** Kaiser-windowed sinc taps for fractional delays p/factor between samples n and n+1. */
    private static double[][] phases(int factor) {
        final double[][] taps = new double[factor][TAPS_PER_PHASE];
        final int half = TAPS_PER_PHASE / 2;
        final double beta = 8.0;
        for (int p = 0; p < factor; p++) {
            final double frac = (double) p / factor;
            double sum = 0;
            for (int k = 0; k < TAPS_PER_PHASE; k++) {
                final double t = k - (half - 1) - frac;           // distance from the interpolated instant
                final double sinc = t == 0 ? 1 : Math.sin(Math.PI * t) / (Math.PI * t);
                final double r = t / (half + 0.5);
                final double window = Math.abs(r) >= 1 ? 0 : bessel0(beta * Math.sqrt(1 - r * r)) / bessel0(beta);
                taps[p][k] = sinc * window;
                sum += taps[p][k];
            }
            for (int k = 0; k < TAPS_PER_PHASE; k++) taps[p][k] /= sum;   // unity gain at DC
        }
        return taps;
    }

    private static double bessel0(double x) {
        double sum = 1, term = 1;
        for (int k = 1; k < 30; k++) {
            term *= (x / (2 * k)) * (x / (2 * k));
            sum += term;
        }
        return sum;
    }

    /**
     * [any-thread] Limits {@code x} in place so its true peak stays at or below {@code ceilingDbtp}: a gain
     * computed from 4× oversampled peaks, applied with a {@code lookaheadMs} look-ahead (the gain is
     * already down when the peak arrives) and a {@code releaseMs} release. Returns the smallest gain used.
     */
    public static double limit(float[] x, double rate, double ceilingDbtp, double lookaheadMs, double releaseMs) {
        final double ceiling = Math.pow(10, ceilingDbtp / 20);
        final int n = x.length, look = Math.max(1, (int) (lookaheadMs / 1000 * rate));
        final double[] needed = new double[n];                  // gain each sample needs on its own
        final double[][] phases = phases(4);
        for (int i = 0; i < n; i++) {
            double peak = Math.abs(x[i]);
            for (int p = 1; p < 4; p++) {
                double acc = 0;
                for (int k = 0; k < TAPS_PER_PHASE; k++) {
                    final int j = i - TAPS_PER_PHASE / 2 + 1 + k;
                    if (j >= 0 && j < n) acc += phases[p][k] * x[j];
                }
                peak = Math.max(peak, Math.abs(acc));
            }
            needed[i] = peak > ceiling ? ceiling / peak : 1;
        }
        // the gain at i must be at most the needed gain of everything within the look-ahead (and around it)
        final double[] gain = new double[n];
        final double release = Math.exp(-1 / (releaseMs / 1000 * rate));
        double g = 1, smallest = 1;
        for (int i = 0; i < n; i++) {
            double target = 1;
            for (int j = Math.max(0, i - TAPS_PER_PHASE); j < Math.min(n, i + look + TAPS_PER_PHASE); j++) target = Math.min(target, needed[j]);
            g = target < g ? target : target - (target - g) * release;   // instant attack (ahead of time), smooth release
            gain[i] = g;
            smallest = Math.min(smallest, g);
        }
        for (int i = 0; i < n; i++) x[i] *= (float) gain[i];
        return smallest;
    }
}
