package org.understudy.engine.audio;

/**
 * Band-limited sample-rate conversion of mono float audio: a Kaiser-windowed sinc low-pass,
 * applied as a polyphase filter. Kaiser's formulas are asked for 125 dB of stop-band rejection from
 * the lower Nyquist up (ResamplerTest measures it) and a pass band flat to 0.913 × that Nyquist
 * (ripple below 1e-6); there is no delay: output sample k lies at input time k·in/out.
 *
 * <p>The ratio is the exact fraction out/in reduced to L/M. When L ≤ {@value #EXACT_PHASES} the
 * table holds one row per phase (exact); otherwise it holds {@value #EXACT_PHASES} + 1 rows and
 * each output linearly interpolates between two neighbouring rows (error about 1e-7 of full scale).
 * Input outside the signal is zero. Equal rates give a plain copy. Immutable, so one instance can serve many threads: [any-thread].
 */
public final class Resampler {
    /** Stop-band attenuation the Kaiser formulas are asked for (the measured figure is the test's business). */
    static final double DESIGN_ATTENUATION_DB = 125;
    /**
     * Pass-band edge and stop-band edge as fractions of the lower Nyquist; 0.913 is libsoxr HQ's
     * pass-band end, which brings us closest to upstream's librosa resampling (PipelineReferenceTest).
     */
    static final double PASS_EDGE = 0.913, STOP_EDGE = 1.00;
    static final int EXACT_PHASES = 4096;

    private final int inRate, outRate;
    private final long up, down;            // out/in = up/down, reduced
    private final int phases;               // table rows − 1
    private final boolean interpolate;
    private final int half;                 // taps per output = 2·half + 1, centred on floor(t)
    private final double[][] table;         // [phase][tap]

    /** [any-thread] A converter from {@code inRate} to {@code outRate} (Hz, both positive). */
    public Resampler(int inRate, int outRate) {
        if (inRate <= 0 || outRate <= 0) {
            throw new IllegalArgumentException("sample rates must be positive, not " + inRate + " → " + outRate);
        }
        this.inRate = inRate;
        this.outRate = outRate;
        final long g = gcd(inRate, outRate);
        this.up = outRate / g;
        this.down = inRate / g;
        this.interpolate = up > EXACT_PHASES;
        this.phases = interpolate ? EXACT_PHASES : (int) up;

        final double lower = Math.min(inRate, outRate);
        final double cutoff = 0.5 * lower * (PASS_EDGE + STOP_EDGE) / 2;     // Hz
        final double transition = 0.5 * lower * (STOP_EDGE - PASS_EDGE);     // Hz
        // Kaiser's order estimate, in input samples: N = (A − 7.95) / (14.36 · Δf / fs).
        final double order = (DESIGN_ATTENUATION_DB - 7.95) / (14.36 * transition / inRate);
        final double halfWidth = order / 2;                                  // input samples
        final double beta = 0.1102 * (DESIGN_ATTENUATION_DB - 8.7);
        this.half = (int) Math.ceil(halfWidth);
        final double bandwidth = 2 * cutoff / inRate;                        // sinc argument scale

        table = new double[phases + 1][2 * half + 1];
        final double i0Beta = besselI0(beta);
        for (int p = 0; p <= phases; p++) {
            final double frac = (double) p / phases;
            for (int j = 0; j <= 2 * half; j++) {
                final double tau = frac + half - j;                          // t − n, in input samples
                final double r = tau / halfWidth;
                if (Math.abs(r) >= 1) continue;
                final double window = besselI0(beta * Math.sqrt(1 - r * r)) / i0Beta;
                table[p][j] = bandwidth * sinc(bandwidth * tau) * window;
            }
        }
    }

    /** [any-thread] */
    public int inRate() {
        return inRate;
    }

    /** [any-thread] */
    public int outRate() {
        return outRate;
    }

    /** [any-thread] round(n · out / in), halves rounded up: the length {@link #process} returns. */
    public static int outputLength(int n, int inRate, int outRate) {
        final long num = 2L * n * outRate + inRate;
        return Math.toIntExact(num / (2L * inRate));
    }

    /** [any-thread] The whole signal at the new rate; {@code in} is not changed. */
    public float[] process(float[] in) {
        if (inRate == outRate) return in.clone();
        final int n = in.length;
        final float[] out = new float[outputLength(n, inRate, outRate)];
        final int taps = 2 * half + 1;
        for (int k = 0; k < out.length; k++) {
            final long pos = k * down;                                       // t = pos / up, input samples
            final long n0 = pos / up;
            final long rem = pos % up;
            final int first = (int) (n0 - half);
            int jFrom = 0, jTo = taps;                                       // zero outside [0, n)
            if (first < 0) jFrom = -first;
            if (first + taps > n) jTo = n - first;
            double acc;
            if (!interpolate) {
                acc = dot(in, first, table[(int) rem], jFrom, jTo);
            } else {
                final double x = (double) rem / up * phases;
                final int p = Math.min((int) x, phases - 1);
                final double w = x - p;
                acc = (1 - w) * dot(in, first, table[p], jFrom, jTo) + w * dot(in, first, table[p + 1], jFrom, jTo);
            }
            out[k] = (float) acc;
        }
        return out;
    }

    private static double dot(float[] in, int first, double[] row, int jFrom, int jTo) {
        double acc = 0;
        for (int j = jFrom; j < jTo; j++) acc += in[first + j] * row[j];
        return acc;
    }

    private static double sinc(double x) {
        if (x == 0) return 1;
        final double px = Math.PI * x;
        return Math.sin(px) / px;
    }

    /** The modified Bessel function I0, by its power series (converges fast for β ≤ 20). */
    static double besselI0(double x) {
        double sum = 1, term = 1;
        final double q = x * x / 4;
        for (int k = 1; k < 200; k++) {
            term *= q / ((double) k * k);
            sum += term;
            if (term < sum * 1e-17) break;
        }
        return sum;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            final long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
