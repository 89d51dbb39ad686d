package org.understudy.engine.guide;

import java.util.ArrayList;
import java.util.List;

/** Measurements for the guide-voice tests: LPC envelope peaks, autocorrelation F0, band energies. */
final class Analysis {
    private Analysis() {}

    /** Frequencies of the local maxima of the order-p LPC envelope (Hamming window, pre-emphasis 0.97), ascending. */
    static double[] lpcPeaks(float[] x, double rate, int order) {
        final double[] w = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            final double pre = x[i] - (i > 0 ? 0.97 * x[i - 1] : 0);
            w[i] = pre * (0.54 - 0.46 * Math.cos(2 * Math.PI * i / (x.length - 1)));
        }
        final double[] r = new double[order + 1];
        for (int k = 0; k <= order; k++) for (int i = k; i < w.length; i++) r[k] += w[i] * w[i - k];
        final double[] a = levinson(r, order);
        final List<Double> peaks = new ArrayList<>();
        double prev2 = 0, prev1 = 0;
        for (int f = 50; f < rate / 2 - 50; f += 5) {
            double re = 1, im = 0;
            for (int k = 1; k <= order; k++) {
                re += a[k] * Math.cos(2 * Math.PI * f * k / rate);
                im -= a[k] * Math.sin(2 * Math.PI * f * k / rate);
            }
            final double gain = 1 / (re * re + im * im);
            if (f > 60 && prev1 > prev2 && prev1 > gain) peaks.add(f - 5.0);
            prev2 = prev1;
            prev1 = gain;
        }
        return peaks.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double[] levinson(double[] r, int p) {
        final double[] a = new double[p + 1];
        a[0] = 1;
        double e = r[0];
        for (int i = 1; i <= p; i++) {
            double acc = r[i];
            for (int j = 1; j < i; j++) acc += a[j] * r[i - j];
            final double k = -acc / e;
            final double[] prev = a.clone();
            for (int j = 1; j < i; j++) a[j] = prev[j] + k * prev[i - j];
            a[i] = k;
            e *= 1 - k * k;
        }
        return a;
    }

    /** F0 per 10 ms (40 ms windows) from the normalised autocorrelation, 0 where unvoiced or silent. */
    static double[] f0Track(float[] x, double rate) {
        final int win = (int) (0.04 * rate), hop = (int) (0.01 * rate);
        final int minLag = (int) (rate / 400), maxLag = (int) (rate / 60);
        final List<Double> out = new ArrayList<>();
        for (int s = 0; s + win + maxLag < x.length; s += hop) {
            double energy = 0;
            for (int i = 0; i < win; i++) energy += x[s + i] * x[s + i];
            if (energy / win < 1e-5) {
                out.add(0.0);
                continue;
            }
            double best = 0;
            int lag = 0;
            for (int l = minLag; l <= maxLag; l++) {
                double c = 0, e2 = 0;
                for (int i = 0; i < win; i++) {
                    c += x[s + i] * x[s + i + l];
                    e2 += x[s + i + l] * x[s + i + l];
                }
                final double norm = c / Math.sqrt(energy * e2 + 1e-12);
                if (norm > best) {
                    best = norm;
                    lag = l;
                }
            }
            out.add(best > 0.6 ? rate / lag : 0.0);
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** {energy below 1 kHz, energy above 3 kHz} by a direct DFT of the whole signal in 25 Hz steps. */
    static double[] bandEnergies(float[] x, double rate) {
        double low = 0, high = 0;
        for (int f = 25; f < rate / 2; f += 25) {
            double re = 0, im = 0;
            for (int i = 0; i < x.length; i++) {
                re += x[i] * Math.cos(2 * Math.PI * f * i / rate);
                im += x[i] * Math.sin(2 * Math.PI * f * i / rate);
            }
            final double p = re * re + im * im;
            if (f < 1000) low += p;
            else if (f > 3000) high += p;
        }
        return new double[] {low, high};
    }
}
