package org.understudy.engine.gptsovits;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.understudy.engine.Fixtures;
import org.understudy.engine.Npy;
import org.understudy.engine.checkpoint.Checkpoint;
import org.understudy.engine.onnx.SessionConfig;

/** Parity with upstream ERes2NetV2.forward3 on the sv-small fixture (reduced model, fp16 state dict). */
class ERes2NetV2Test {
    private static final String CASE = "sv-small";

    @Test
    void fromTheWaveformThroughOurFbank() throws IOException {
        try (ERes2NetV2 model = ERes2NetV2.load(Checkpoint.open(Fixtures.path(CASE, "sv_eres2netv2_small.ckpt")), SessionConfig.cpu(2))) {
            final float[][] fbank = new org.understudy.engine.audio.KaldiFbank().compute(Npy.read(Fixtures.path(CASE, "wav_16k.npy")).toFloatArray());
            final float[] flat = new float[fbank.length * fbank[0].length];
            for (int t = 0; t < fbank.length; t++) System.arraycopy(fbank[t], 0, flat, t * fbank[0].length, fbank[0].length);
            final float[] ours = model.embed(flat, fbank.length);
            final float[] golden = Npy.read(Fixtures.path(CASE, "sv_emb.npy")).toFloatArray();
            double m = 0;
            for (int i = 0; i < golden.length; i++) m = Math.max(m, Math.abs(golden[i] - ours[i]));
            System.out.printf("%s sv_emb from the waveform (our fbank): max abs error %.2e%n", CASE, m);
            // the fbank's own fp32 floor noise (up to 9.4e-4, as upstream's float64 re-run shows) carries through
            assertTrue(m <= 3e-3, "sv_emb max abs error " + m + " (peak 10.3)");
        }
    }

    @Test
    void embeddingMatchesUpstream() throws IOException {
        try (ERes2NetV2 model = ERes2NetV2.load(Checkpoint.open(Fixtures.path(CASE, "sv_eres2netv2_small.ckpt")), SessionConfig.cpu(2))) {
            assertEquals(12, model.config().channels());
            assertArrayEquals(new int[] {2, 1, 2, 1}, model.config().blocks());
            assertEquals(4, model.config().scale());
            assertEquals(4, model.config().expansion());
            final Npy fbank = Npy.read(Fixtures.path(CASE, "fbank.npy"));
            final float[] ours = model.embed(fbank.toFloatArray(), (int) fbank.shape()[1]);
            final float[] golden = Npy.read(Fixtures.path(CASE, "sv_emb.npy")).toFloatArray();
            assertEquals(golden.length, ours.length);
            double m = 0, peak = 0;
            for (int i = 0; i < golden.length; i++) {
                m = Math.max(m, Math.abs(golden[i] - ours[i]));
                peak = Math.max(peak, Math.abs(golden[i]));
            }
            System.out.printf("%s sv_emb: max abs error %.2e (peak %.2f)%n", CASE, m, peak);
            // upstream's own float64 re-run differs from this fp32 golden by 1.9e-3 (manifest); we are much closer
            assertTrue(m <= 5e-4, "sv_emb max abs error " + m);
        }
    }
}
