package org.understudy.engine.audio;

import java.util.ArrayList;
import java.util.List;

/**
 * Integrated loudness per ITU-R BS.1770-4 (EBU R 128): K-weighting (a high-shelf "pre-filter" and the
 * RLB high-pass, both re-derived for any sample rate from their analogue prototypes, as libebur128
 * does), mean square over 400 ms blocks with 75 % overlap, an absolute gate at −70 LUFS and a
 * relative gate 10 LU below the absolutely gated loudness. Channels are summed with weight 1 (left,
 * right, centre; surround weights are not needed here).
 */
public final class Loudness {
    private Loudness() {}

    /** [any-thread] Integrated loudness in LUFS of {@code channels} (each [n], same length), or −∞ for silence. */
    public static double integrated(float[][] channels, double rate) {
        final int n = channels[0].length;
        final double[][] weighted = new double[channels.length][];
        for (int c = 0; c < channels.length; c++) weighted[c] = kWeight(channels[c], rate);
        final int block = (int) Math.round(0.4 * rate), step = (int) Math.round(0.1 * rate);
        final List<Double> powers = new ArrayList<>();
        for (int start = 0; start + block <= n; start += step) {
            double z = 0;
            for (double[] w : weighted) {
                double sum = 0;
                for (int i = start; i < start + block; i++) sum += w[i] * w[i];
                z += sum / block;
            }
            powers.add(z);
        }
        final double absolute = gatedMean(powers, Double.NEGATIVE_INFINITY, -70);
        if (Double.isNaN(absolute)) return Double.NEGATIVE_INFINITY;
        final double relative = gatedMean(powers, loudness(absolute) - 10, -70);
        return loudness(relative);
    }

    /** [any-thread] Mono convenience. */
    public static double integrated(float[] mono, double rate) {
        return integrated(new float[][] {mono}, rate);
    }

    private static double loudness(double meanSquare) {
        return -0.691 + 10 * Math.log10(meanSquare);
    }

    /** Mean power of the blocks louder than both gates; NaN when none is. */
    private static double gatedMean(List<Double> powers, double relativeGate, double absoluteGate) {
        double sum = 0;
        int count = 0;
        for (double z : powers) {
            final double l = loudness(z);
            if (l > absoluteGate && l > relativeGate) {
                sum += z;
                count++;
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    /** The two K-weighting biquads in series, designed at {@code rate}. */
    static double[] kWeight(float[] x, double rate) {
        // Stage 1: high shelf, +4 dB above ~1.5 kHz (BS.1770 pre-filter, analogue parameters).
        final double f0 = 1681.974450955533, g = 3.999843853973347, q = 0.7071752369554196;
        final double k = Math.tan(Math.PI * f0 / rate), vh = Math.pow(10, g / 20), vb = Math.pow(vh, 0.4996667741545416);
        final double a0 = 1 + k / q + k * k;
        final double[] shelfB = {(vh + vb * k / q + k * k) / a0, 2 * (k * k - vh) / a0, (vh - vb * k / q + k * k) / a0};
        final double[] shelfA = {1, 2 * (k * k - 1) / a0, (1 - k / q + k * k) / a0};
        // Stage 2: the RLB high-pass at ~38 Hz.
        final double f1 = 38.13547087602444, q1 = 0.5003270373238773, k1 = Math.tan(Math.PI * f1 / rate);
        final double a1 = 1 + k1 / q1 + k1 * k1;
        final double[] hpB = {1, -2, 1};
        final double[] hpA = {1, 2 * (k1 * k1 - 1) / a1, (1 - k1 / q1 + k1 * k1) / a1};
        return biquad(biquad(x, shelfB, shelfA), hpB, hpA);
    }

    private static double[] biquad(float[] x, double[] b, double[] a) {
        final double[] in = new double[x.length];
        for (int i = 0; i < x.length; i++) in[i] = x[i];
        return biquad(in, b, a);
    }

    private static double[] biquad(double[] x, double[] b, double[] a) {
        final double[] y = new double[x.length];
        double x1 = 0, x2 = 0, y1 = 0, y2 = 0;
        for (int i = 0; i < x.length; i++) {
            final double v = b[0] * x[i] + b[1] * x1 + b[2] * x2 - a[1] * y1 - a[2] * y2;
            x2 = x1;
            x1 = x[i];
            y2 = y1;
            y1 = v;
            y[i] = v;
        }
        return y;
    }
}
