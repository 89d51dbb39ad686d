package org.understudy.engine.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** BS.1770 integrated loudness on synthetic signals whose loudness is known. */
class LoudnessTest {
    private static float[] sine(double hz, double dbfs, double seconds, double rate) {
        final float[] x = new float[(int) (seconds * rate)];
        final double a = Math.pow(10, dbfs / 20);
        for (int i = 0; i < x.length; i++) x[i] = (float) (a * Math.sin(2 * Math.PI * hz * i / rate));
        return x;
    }

    @ParameterizedTest(name = "{0} Hz")
    @ValueSource(ints = {44100, 48000, 96000})
    void a997HzSineAtMinus20DbfsIsMinus23Lufs(int rate) {
        // mean square −23.01 dB, K-weighting at 997 Hz ≈ +0.69 dB, offset −0.691: −23.0 LUFS (libebur128 reads −23.01)
        assertEquals(-23.0, Loudness.integrated(sine(997, -20, 10, rate), rate), 0.05);
    }

    @Test
    void ebuTech3341StereoSineAtMinus23DbfsIsMinus23Lufs() {
        final float[] l = sine(1000, -23, 20, 48000);
        assertEquals(-23.0, Loudness.integrated(new float[][] {l, l.clone()}, 48000), 0.1);
    }

    @Test
    void silenceIsGatedOutAbsolutely() {
        final float[] x = new float[20 * 48000];
        System.arraycopy(sine(997, -20, 10, 48000), 0, x, 0, 10 * 48000);
        // the silent blocks are dropped; the three blocks that straddle the end of the tone stay (they are loud enough)
        assertEquals(-23.0, Loudness.integrated(x, 48000), 0.1);
        assertEquals(Double.NEGATIVE_INFINITY, Loudness.integrated(new float[48000], 48000));
    }

    @Test
    void quietPassagesAreGatedOutRelatively() {
        final float[] loud = sine(997, -20, 10, 48000), quiet = sine(997, -40, 10, 48000);
        final float[] x = new float[loud.length + quiet.length];
        System.arraycopy(loud, 0, x, 0, loud.length);
        System.arraycopy(quiet, 0, x, loud.length, quiet.length);
        assertEquals(-23.0, Loudness.integrated(x, 48000), 0.1);       // the −43 LUFS half is below the relative gate
    }

    @Test
    void kWeightingBoostsHighsAndCutsLows() {
        final double high = Loudness.integrated(sine(8000, -20, 5, 48000), 48000), low = Loudness.integrated(sine(30, -20, 5, 48000), 48000);
        // mean square −23.01 dB, the pre-filter's +4.0 dB shelf at 8 kHz, offset −0.691
        assertEquals(-23.01 + 4.0 - 0.691, high, 0.1, "the high shelf");
        assertEquals(true, low < -24.5, "the RLB high-pass attenuates 30 Hz: " + low);
    }
}
