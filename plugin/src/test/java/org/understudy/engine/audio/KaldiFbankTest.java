package org.understudy.engine.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.understudy.engine.Fixtures;
import org.understudy.engine.Npy;

/** Parity with upstream's kaldi.fbank on the sv-small waveform (wav_16k → fbank [1, T, 80]). */
class KaldiFbankTest {
    private static final String CASE = "sv-small";

    @Test
    void matchesUpstreamOnTheSvFixture() throws IOException {
        final JsonNode call = Fixtures.manifest(CASE).path("params").path("fbank_call");
        assertEquals(KaldiFbank.MEL_BINS, call.path("num_mel_bins").asInt());
        assertEquals(KaldiFbank.SAMPLE_RATE, call.path("sample_frequency").asInt());
        assertEquals(0, call.path("dither").asDouble());

        final float[] wav = Npy.read(Fixtures.path(CASE, "wav_16k.npy")).toFloatArray();
        final Npy golden = Npy.read(Fixtures.path(CASE, "fbank.npy"));
        final float[] expected = golden.toFloatArray();
        final int frames = (int) golden.shape()[1];
        final float[][] fbank = new KaldiFbank().compute(wav);
        assertEquals(frames, fbank.length, "frames");
        assertEquals(frames, KaldiFbank.frames(wav.length), "frames formula");

        double worst = 0, worstAboveFloor = 0;
        for (int t = 0; t < frames; t++) {
            for (int m = 0; m < KaldiFbank.MEL_BINS; m++) {
                final double e = Math.abs(fbank[t][m] - expected[t * KaldiFbank.MEL_BINS + m]);
                worst = Math.max(worst, e);
                if (expected[t * KaldiFbank.MEL_BINS + m] > -10) worstAboveFloor = Math.max(worstAboveFloor, e);
            }
        }
        System.out.printf("fbank sv-small, %d frames × 80: max abs error %.2e (%.2e where log e > −10)%n", frames, worst, worstAboveFloor);
        assertTrue(worst <= 1e-3, "max abs error " + worst);
        assertTrue(worstAboveFloor <= 1e-4, "max abs error away from the floor " + worstAboveFloor);
    }

    @Test
    void shortInputHasNoFramesAndSilenceSitsOnTheFloor() {
        assertEquals(0, new KaldiFbank().compute(new float[399]).length);
        final float[][] silent = new KaldiFbank().compute(new float[400 + 160]);
        assertEquals(2, silent.length);
        assertEquals((float) Math.log(Math.ulp(1f)), silent[1][40], 0f);
    }
}
