package org.understudy.engine.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Measures the resampler: the whole output of a tone above the target Nyquist (after the edge
 * transients) against the input level, and the level, frequency and phase of in-band tones.
 */
class ResamplerTest {
    private static final double AMPLITUDE = 0.5;
    private static final double REQUIRED_REJECTION_DB = 100;

    /** Output RMS over the middle second of a 1.5 s tone, relative to the input RMS, in dB. */
    private static double stopBandLevelDb(int in, int out, double frequency) {
        final float[] x = ToneFit.tone(in * 3 / 2, frequency, in, AMPLITUDE, 0.3);
        final float[] y = new Resampler(in, out).process(x);
        final double level = ToneFit.db(ToneFit.rms(y, out / 4, out) / (AMPLITUDE / Math.sqrt(2)));
        System.out.printf("resampler %d → %d: %.0f Hz tone at %.1f dB%n", in, out, frequency, level);
        return level;
    }

    private static void assertRejected(int in, int out, double... frequencies) {
        for (double f : frequencies) {
            final double level = stopBandLevelDb(in, out, f);
            assertTrue(level <= -REQUIRED_REJECTION_DB, in + " → " + out + ": " + f + " Hz only " + level + " dB down");
        }
    }

    /** Level within 0.01 dB, phase (no delay) and a clean sinusoid of the same frequency. */
    private static void assertPassed(int in, int out, double... frequencies) {
        for (double f : frequencies) {
            final double phase = 0.7;
            final float[] y = new Resampler(in, out).process(ToneFit.tone(in * 3 / 2, f, in, AMPLITUDE, phase));
            final ToneFit fit = ToneFit.of(y, out / 4, out, f, out);
            final double gainDb = ToneFit.db(fit.amplitude() / AMPLITUDE);
            final double residualDb = ToneFit.db(fit.residualRms() / (AMPLITUDE / Math.sqrt(2)));
            System.out.printf("resampler %d → %d: %.0f Hz tone gain %+.6f dB, phase error %.1e rad, residual %.1f dB%n",
                    in, out, f, gainDb, fit.phase() - phase, residualDb);
            assertEquals(0, gainDb, 0.01, in + " → " + out + " at " + f + " Hz: gain");
            assertEquals(phase, fit.phase(), 1e-4, in + " → " + out + " at " + f + " Hz: phase (delay)");
            assertTrue(residualDb < -REQUIRED_REJECTION_DB, in + " → " + out + " at " + f + " Hz: residual " + residualDb + " dB");
        }
    }

    @Test
    void from48kTo16kRemovesTonesAboveTheNewNyquist() {
        assertRejected(48000, 16000, 9000, 12000, 8100, 20000);
    }

    @Test
    void stopBandHoldsFromTheLowerNyquistUp() {
        // a sweep: fine steps just above the stop edge, coarse ones up to the input Nyquist
        for (int[] rates : new int[][] {{48000, 16000}, {44100, 32000}}) {
            final int in = rates[0], out = rates[1];
            final Resampler resampler = new Resampler(in, out);
            double worst = -Double.MAX_VALUE, worstAt = 0;
            for (double f = out / 2.0 + 1; f < in / 2.0; f += f < 0.55 * out ? 25 : 197) {
                final float[] y = resampler.process(ToneFit.tone(in, f, in, AMPLITUDE, 0.3));
                final double level = ToneFit.db(ToneFit.rms(y, out / 8, out * 3 / 4) / (AMPLITUDE / Math.sqrt(2)));
                if (level > worst) {
                    worst = level;
                    worstAt = f;
                }
            }
            System.out.printf("resampler %d → %d: worst stop-band level %.1f dB at %.0f Hz%n", in, out, worst, worstAt);
            assertTrue(worst <= -REQUIRED_REJECTION_DB, in + " → " + out + ": " + worstAt + " Hz only " + worst + " dB down");
        }
    }

    @Test
    void from48kTo16kKeepsInBandTones() {
        assertPassed(48000, 16000, 1000, 100, 4000, 7200, 7300);
    }

    @Test
    void from44k1To32k() {
        assertRejected(44100, 32000, 17000, 20000);
        assertPassed(44100, 32000, 1000, 14400);
    }

    @Test
    void from22k05To16k() {
        assertRejected(22050, 16000, 9000, 10000);
        assertPassed(22050, 16000, 1000, 7200);
    }

    @Test
    void from16kTo32kRemovesTheImages() {
        // a 1 kHz tone images at 15 kHz, a 7 kHz tone at 9 kHz: anything but the tone is the image
        for (double f : new double[] {1000, 7000}) {
            final float[] y = new Resampler(16000, 32000).process(ToneFit.tone(24000, f, 16000, AMPLITUDE, 0.2));
            final ToneFit fit = ToneFit.of(y, 8000, 32000, f, 32000);
            final double imageDb = ToneFit.db(fit.residualRms() / (AMPLITUDE / Math.sqrt(2)));
            System.out.printf("resampler 16000 → 32000: image of %.0f Hz at %.1f dB%n", f, imageDb);
            assertTrue(imageDb <= -REQUIRED_REJECTION_DB, "image of " + f + " Hz only " + imageDb + " dB down");
        }
        assertPassed(16000, 32000, 1000, 7200);
    }

    @Test
    void ratiosBeyondTheExactTableInterpolatePhases() {
        // 48001/44100 is already reduced: L = 48001 > 4096 phases
        assertRejected(48001, 44100, 23000);
        assertPassed(48001, 44100, 1000, 19800);
        assertPassed(44100, 48001, 1000, 19800);
    }

    @Test
    void outputLengthIsTheRoundedRatio() {
        assertEquals(16000, Resampler.outputLength(48000, 48000, 16000));
        assertEquals(3, Resampler.outputLength(10, 48000, 16000));          // 3.33
        assertEquals(4, Resampler.outputLength(11, 48000, 16000));          // 3.67
        assertEquals(2, Resampler.outputLength(3, 44100, 22050));          // 1.5 rounds up
        assertEquals(Math.round(51200L * 16000 / 32000.0), new Resampler(32000, 16000).process(new float[51200]).length);
        assertEquals(Math.round(12345L * 32000 / 44100.0), new Resampler(44100, 32000).process(new float[12345]).length);
        assertEquals(0, new Resampler(48000, 16000).process(new float[0]).length);
    }

    @Test
    void sameRateIsACopy() {
        final float[] x = ToneFit.tone(1000, 7900, 16000, AMPLITUDE, 0);
        final float[] y = new Resampler(16000, 16000).process(x);
        assertArrayEquals(x, y, 0f);
        assertTrue(x != y, "a copy, not the input");
    }

    @Test
    void edgesAreZeroExtended() {
        // the same tone padded with explicit zeros (a whole number of 3-sample periods) gives the same output
        final float[] x = ToneFit.tone(4800, 3000, 48000, AMPLITUDE, 0.1);
        final float[] padded = new float[4800 + 2 * 3000];
        System.arraycopy(x, 0, padded, 3000, x.length);
        final float[] y = new Resampler(48000, 16000).process(x);
        final float[] yPadded = new Resampler(48000, 16000).process(padded);
        assertArrayEquals(y, Arrays.copyOfRange(yPadded, 1000, 1000 + y.length), 1e-7f);
        assertTrue(Math.abs(yPadded[1000 + y.length + 200]) < 1e-6, "silence after the signal");
    }
}
