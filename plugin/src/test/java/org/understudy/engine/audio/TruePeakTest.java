package org.understudy.engine.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TruePeakTest {
    /** A sine at a quarter of the rate, phased so every sample lands at ±0.707 of the true peak. */
    private static float[] quarterRateSine(double amplitude, int n) {
        final float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (amplitude * Math.sin(Math.PI / 2 * i + Math.PI / 4));
        return x;
    }

    @Test
    void seesThePeakBetweenTheSamples() {
        final float[] x = quarterRateSine(1.0, 4800);
        float samplePeak = 0;
        for (float v : x) samplePeak = Math.max(samplePeak, Math.abs(v));
        assertEquals(-3.01, 20 * Math.log10(samplePeak), 0.01, "the samples miss the crest by 3 dB");
        assertEquals(0.0, TruePeak.dbtp(x, 48000), 0.15, "the true peak is the sine's amplitude");
    }

    @Test
    void aLowSineReadsItsSamplePeak() {
        final float[] x = new float[48000];
        for (int i = 0; i < x.length; i++) x[i] = (float) (0.5 * Math.sin(2 * Math.PI * 997 * i / 48000));
        assertEquals(20 * Math.log10(0.5), TruePeak.dbtp(x, 48000), 0.02);
    }

    @Test
    void theLimiterKeepsTheTruePeakUnderTheCeilingAndLeavesQuietPartsAlone() {
        final float[] x = new float[48000];
        for (int i = 0; i < x.length; i++) x[i] = (float) (0.3 * Math.sin(2 * Math.PI * 440 * i / 48000));
        final float[] burst = quarterRateSine(1.2, 4800);
        System.arraycopy(burst, 0, x, 20000, burst.length);
        final float before = x[5000];
        final double smallest = TruePeak.limit(x, 48000, -1.0, 1.5, 50);
        assertTrue(TruePeak.dbtp(x, 48000) <= -1.0 + 0.05, "true peak after limiting " + TruePeak.dbtp(x, 48000));
        assertTrue(smallest < 0.8, "the burst was turned down: " + smallest);
        assertEquals(before, x[5000], 0f, "a quiet passage far from the burst is untouched");
    }
}
