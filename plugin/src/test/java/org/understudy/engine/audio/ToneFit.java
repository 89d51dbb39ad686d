package org.understudy.engine.audio;

/**
 * Least-squares fit of one sinusoid a·cos(2πfk/sr) + b·sin(2πfk/sr) over a window holding a whole
 * number of its cycles (then the fit is exact, DFT-style), with k counted from the signal's start
 * so that the phase tells the time alignment.
 */
record ToneFit(double amplitude, double phase, double residualRms) {

    static ToneFit of(float[] y, int from, int length, double frequency, int sampleRate) {
        if (Math.abs(frequency * length / sampleRate - Math.rint(frequency * length / sampleRate)) > 1e-9) {
            throw new IllegalArgumentException(frequency + " Hz has no whole number of cycles in " + length + " samples");
        }
        double c = 0, s = 0;
        for (int k = from; k < from + length; k++) {
            final double w = 2 * Math.PI * frequency * k / sampleRate;
            c += y[k] * Math.cos(w);
            s += y[k] * Math.sin(w);
        }
        c *= 2.0 / length;
        s *= 2.0 / length;
        double residual = 0;
        for (int k = from; k < from + length; k++) {
            final double w = 2 * Math.PI * frequency * k / sampleRate;
            final double e = y[k] - (c * Math.cos(w) + s * Math.sin(w));
            residual += e * e;
        }
        return new ToneFit(Math.hypot(c, s), Math.atan2(-s, c), Math.sqrt(residual / length));
    }

    static double rms(float[] y, int from, int length) {
        double sum = 0;
        for (int k = from; k < from + length; k++) sum += (double) y[k] * y[k];
        return Math.sqrt(sum / length);
    }

    /** amplitude·cos(2πfk/sr + phase), k = 0 … n−1. */
    static float[] tone(int n, double frequency, int sampleRate, double amplitude, double phase) {
        final float[] x = new float[n];
        for (int k = 0; k < n; k++) x[k] = (float) (amplitude * Math.cos(2 * Math.PI * frequency * k / sampleRate + phase));
        return x;
    }

    static double db(double ratio) {
        return 20 * Math.log10(ratio);
    }
}
