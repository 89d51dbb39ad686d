package org.understudy.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ToneBurstTest {
    @ParameterizedTest
    @CsvSource({"0, 44100", "7, 48000", "12, 96000", "3, 22050"})
    void pitchEncodesTheIndexAtAnyRate(int index, int rate) {
        final float[][] audio = ToneBurst.render(index, 0.5, rate);
        assertEquals(ToneBurst.frames(0.5, rate), audio[0].length);
        assertArrayEquals(audio[0], audio[1], 0f, "both channels carry the same tone");
        // Count zero crossings in the steady part: frequency = crossings / 2 / seconds.
        final int from = audio[0].length / 4, to = 3 * audio[0].length / 4;
        int crossings = 0;
        for (int k = from + 1; k < to; k++) if ((audio[0][k - 1] < 0) != (audio[0][k] < 0)) crossings++;
        final double measured = crossings / 2.0 / ((to - from) / (double) rate);
        assertEquals(ToneBurst.frequency(index), measured, ToneBurst.frequency(index) * 0.01);
    }

    @Test
    void edgesAreSmoothAndThePeakIsTheAmplitude() {
        final float[] x = ToneBurst.render(0, 0.2, 48000)[0];
        assertEquals(0f, x[0], 0f, "starts from silence");
        assertTrue(Math.abs(x[x.length - 1]) < 1e-3, "ends at silence");
        float peak = 0;
        for (float v : x) peak = Math.max(peak, Math.abs(v));
        assertEquals(ToneBurst.AMPLITUDE, peak, 1e-3);
        // No click: no step steeper than the tone's own slope plus the fade's.
        final double edge = ToneBurst.EDGE_SECONDS * 48000;
        final double steepest = ToneBurst.AMPLITUDE * (2 * Math.PI * ToneBurst.frequency(0) / 48000 + Math.PI / 2 / edge);
        for (int k = 1; k < x.length; k++) assertTrue(Math.abs(x[k] - x[k - 1]) <= steepest * 1.01, "step at " + k);
    }

    @Test
    void isDeterministic() {
        assertArrayEquals(ToneBurst.render(4, 0.3, 44100)[0], ToneBurst.render(4, 0.3, 44100)[0], 0f);
    }

    @Test
    void refusesNonsense() {
        assertThrows(IllegalArgumentException.class, () -> ToneBurst.render(0, 0.5, 0));
        assertThrows(IllegalArgumentException.class, () -> ToneBurst.render(0, -1, 48000));
    }
}
