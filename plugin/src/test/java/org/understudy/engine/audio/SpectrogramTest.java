package org.understudy.engine.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.understudy.engine.Fixtures;
import org.understudy.engine.Npy;

/** Parity with upstream's spectrogram_torch on the sovits-v2-small and sovits-v1-small references. */
class SpectrogramTest {
    private static final double TOLERANCE = 1e-4;

    /** Max abs error of our spectrogram against the case's ref_spec [1, 1025, T], over the rows we keep. */
    private static double maxAbsError(String caseName, Spectrogram spectrogram) throws IOException {
        final float[] audio = Npy.read(Fixtures.path(caseName, "ref_audio_32k.npy")).toFloatArray();
        final Npy golden = Npy.read(Fixtures.path(caseName, "ref_spec.npy"));
        final long[] shape = golden.shape();
        final float[] expected = golden.toFloatArray();
        final int frames = (int) shape[2];
        final float[][] spec = spectrogram.compute(audio);
        assertEquals(spectrogram.bins(), spec.length, "rows");
        assertEquals(frames, spec[0].length, "frames");
        assertEquals(frames, Spectrogram.frames(audio.length), "frames formula");
        double worst = 0;
        for (int b = 0; b < spec.length; b++) {
            for (int f = 0; f < frames; f++) worst = Math.max(worst, Math.abs(spec[b][f] - expected[b * frames + f]));
        }
        System.out.printf("spectrogram %s, %d bins × %d frames: max abs error %.2e%n", caseName, spec.length, frames, worst);
        return worst;
    }

    private static Spectrogram forCase(String caseName) throws IOException {
        return Spectrogram.forSovitsVersion(Fixtures.manifest(caseName).path("params").path("version").asText());
    }

    @Test
    void v2KeepsTheFirst704BinsAndMatchesUpstream() throws IOException {
        final Spectrogram spectrogram = forCase("sovits-v2-small");
        assertEquals(704, spectrogram.bins());
        final double error = maxAbsError("sovits-v2-small", spectrogram);
        assertTrue(error <= TOLERANCE, "max abs error " + error);
        assertTrue(maxAbsError("sovits-v2-small", new Spectrogram(Spectrogram.ALL_BINS)) <= TOLERANCE, "all 1025 bins");
    }

    @Test
    void v1KeepsAll1025BinsAndMatchesUpstream() throws IOException {
        final Spectrogram spectrogram = forCase("sovits-v1-small");
        assertEquals(1025, spectrogram.bins());
        final double error = maxAbsError("sovits-v1-small", spectrogram);
        assertTrue(error <= TOLERANCE, "max abs error " + error);
    }

    @Test
    void silenceGivesTheEpsilonFloor() {
        final float[][] spec = new Spectrogram(3).compute(new float[2000]);
        assertEquals(Spectrogram.frames(2000), spec[0].length);
        assertEquals(3, spec[0].length);                                   // 1 + (2000 + 1408 − 2048) / 640
        assertArrayEquals(new float[] {1e-4f, 1e-4f, 1e-4f}, spec[2], 0f);
    }

    @Test
    void refusesUnknownVersionsAndTooShortAudio() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Spectrogram.forSovitsVersion("v4"));
        assertTrue(e.getMessage().contains("'v4'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Spectrogram(704).compute(new float[704]));
    }
}
