package org.understudy.engine.guide;

import java.util.SplittableRandom;

/**
 * A cascade/parallel formant synthesiser in the Klatt tradition (D. H. Klatt, "Software for a
 * cascade/parallel formant synthesizer", JASA 67(3), 1980): a glottal pulse source with jitter and
 * shimmer and a spectral-tilt low-pass, a cascade of five second-order resonators for voiced sounds,
 * a parallel bank fed by noise for frication, and lip radiation (a first difference). It renders a track of
 * {@link Frame}s, linearly interpolated sample by sample, at any sample rate, deterministically
 * for a given seed. Not thread-safe: one instance per render. [engine-worker]
 */
public final class FormantSynth {
    /** Synthesis parameters at one instant; amplitudes are linear gains (0 = off). */
    public record Frame(double f0, double voicing, double aspiration, double frication,
                        double[] formants, double[] bandwidths, double[] fricationGains, double nasal) {
        public static final int FORMANTS = 5;
    }

    private final double rate;
    private final SplittableRandom random;
    private final Resonator[] cascade = new Resonator[Frame.FORMANTS];
    private final Resonator[] parallel = new Resonator[Frame.FORMANTS];
    private final Resonator nasalPole = new Resonator();
    private double radiated;         // last output before the lip-radiation difference
    private double phase;            // position in the glottal period, 0..1
    private double periodJitter = 1, periodShimmer = 1;
    private double noiseLow;         // one-pole low-pass state of the noise

    /** [engine-worker] */
    public FormantSynth(double sampleRate, long seed) {
        if (!(sampleRate >= 8000)) throw new IllegalArgumentException("the guide voice needs at least 8 kHz, not " + sampleRate);
        this.rate = sampleRate;
        this.random = new SplittableRandom(seed);
        for (int i = 0; i < Frame.FORMANTS; i++) {
            cascade[i] = new Resonator();
            parallel[i] = new Resonator();
        }
    }

    /**
     * [engine-worker] Renders {@code frames} spaced {@code hop} seconds apart into {@code out}, starting
     * at {@code offset}; parameters move linearly between frames. Returns the number of samples written.
     */
    public int render(Frame[] frames, double hop, float[] out, int offset) {
        final int perFrame = Math.max(1, (int) Math.round(hop * rate));
        int n = offset;
        for (int f = 0; f < frames.length && n < out.length; f++) {
            final Frame a = frames[f], b = frames[Math.min(f + 1, frames.length - 1)];
            for (int k = 0; k < perFrame && n < out.length; k++, n++) {
                out[n] = (float) sample(a, b, (double) k / perFrame);
            }
        }
        return n - offset;
    }

    private static double mix(double a, double b, double t) {
        return a + (b - a) * t;
    }

    private double sample(Frame a, Frame b, double t) {
        final double f0 = mix(a.f0(), b.f0(), t), av = mix(a.voicing(), b.voicing(), t);
        final double ah = mix(a.aspiration(), b.aspiration(), t), af = mix(a.frication(), b.frication(), t);

        // Glottal source: a Rosenberg-style pulse (rising half-cosine, faster fall), one period at a time;
        // each new period draws a little jitter (period) and shimmer (amplitude).
        double glottal = 0;
        if (f0 > 0 && av > 0) {
            phase += f0 * periodJitter / rate;
            if (phase >= 1) {
                phase -= 1;
                periodJitter = 1 + 0.01 * (random.nextDouble() * 2 - 1);
                periodShimmer = 1 + 0.05 * (random.nextDouble() * 2 - 1);
            }
            final double open = 0.6, fall = 0.15;
            glottal = phase < open ? 0.5 - 0.5 * Math.cos(Math.PI * phase / open)
                    : phase < open + fall ? Math.cos(0.5 * Math.PI * (phase - open) / fall) : 0;
            glottal = (glottal - 0.33) * av * periodShimmer;       // remove most of the DC of the pulse train
        }
        final double voiced = glottal;

        // Noise: white, lightly low-passed, modulated by the glottal cycle when voiced (as in Klatt's model).
        noiseLow = 0.75 * noiseLow + 0.25 * (random.nextDouble() * 2 - 1);
        final double noise = noiseLow * (av > 0 ? 0.6 + 0.4 * (phase < 0.5 ? 1 : 0) : 1);

        // Cascade: voicing + aspiration through F1..F5 (and a nasal pole for nasals).
        double x = voiced + ah * noise;
        final double nasal = mix(a.nasal(), b.nasal(), t);
        if (nasal > 0) {
            nasalPole.set(270, 100, rate);
            x = (1 - nasal) * x + nasal * nasalPole.step(x);
        }
        for (int i = Frame.FORMANTS - 1; i >= 0; i--) {
            cascade[i].set(mix(a.formants()[i], b.formants()[i], t), mix(a.bandwidths()[i], b.bandwidths()[i], t), rate);
            x = cascade[i].step(x);
        }

        // Parallel: frication noise into F2..F5 (and a high band), amplitude per resonator.
        double y = 0;
        if (af > 0) {
            for (int i = 1; i < Frame.FORMANTS; i++) {
                final double gain = mix(a.fricationGains()[i], b.fricationGains()[i], t);
                if (gain <= 0) {
                    parallel[i].step(0);
                    continue;
                }
                parallel[i].set(mix(a.formants()[i], b.formants()[i], t), mix(a.bandwidths()[i], b.bandwidths()[i], t), rate);
                y += (i % 2 == 0 ? 1 : -1) * gain * parallel[i].step(af * noise);   // alternate signs, as Klatt's bank
            }
        }
        // Lip radiation: a first difference (+6 dB/octave), as in Klatt's model.
        final double out = x + y, radiated = out - this.radiated;
        this.radiated = out;
        return radiated;
    }

    /** Klatt's digital resonator: y[n] = A·x[n] + B·y[n−1] + C·y[n−2], unity gain at 0 Hz. */
    private static final class Resonator {
        private double a, b, c, y1, y2, lastF = -1, lastBw = -1;

        void set(double frequency, double bandwidth, double rate) {
            if (frequency == lastF && bandwidth == lastBw) return;
            lastF = frequency;
            lastBw = bandwidth;
            final double nyquistSafe = Math.min(frequency, 0.45 * rate);
            c = -Math.exp(-2 * Math.PI * bandwidth / rate);
            b = 2 * Math.exp(-Math.PI * bandwidth / rate) * Math.cos(2 * Math.PI * nyquistSafe / rate);
            a = 1 - b - c;
        }

        double step(double x) {
            final double y = a * x + b * y1 + c * y2;
            y2 = y1;
            y1 = y;
            return y;
        }
    }
}
