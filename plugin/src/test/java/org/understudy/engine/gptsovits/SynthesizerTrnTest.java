package org.understudy.engine.gptsovits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.understudy.engine.Fixtures;
import org.understudy.engine.Npy;
import org.understudy.engine.checkpoint.Checkpoint;
import org.understudy.engine.onnx.SessionConfig;

/** Parity with upstream SynthesizerTrn.decode on the sovits-v2-small fixture (real .pth, fp16 on disk). */
class SynthesizerTrnTest {
    private static final String CASE = "sovits-v2-small";
    private static SynthesizerTrn model;

    @BeforeAll
    static void load() throws IOException {
        final Checkpoint ckpt = Checkpoint.open(Fixtures.path(CASE, "sovits_v2_small.pth"));
        model = SynthesizerTrn.create(SovitsConfig.from(ckpt), SovitsWeights.read(ckpt), SessionConfig.cpu(2));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static Npy npy(String name) throws IOException {
        return Npy.read(Fixtures.path(CASE, name + ".npy"));
    }

    private static SynthesizerTrn.Decoded decode(float[] noise, float scale) throws IOException {
        final Npy spec = npy("ref_spec");
        return model.decode(npy("codes").toLongArray(), npy("text_ids").toLongArray(), spec.toFloatArray(), (int) spec.shape()[1],
                noise, scale);
    }

    @Test
    void configIsV2() {
        assertEquals("v2", model.config().version());
        assertEquals(704, model.config().styleBins());
        assertEquals(1280, model.config().samplesPerToken());
    }

    @Test
    void everyStageMatchesUpstream() throws IOException {
        final int frames = 2 * (int) npy("codes").shape()[2];
        final SynthesizerTrn.Decoded d = decode(new float[model.config().inter() * frames], 0f);
        for (Map.Entry<String, String> stage : Map.of("ge", "ge", "encoder_ssl_out", "encoder_ssl_out", "encoder_text_out", "encoder_text_out",
                "mrte_out", "mrte_out", "encoder2_out", "encoder2_out", "m_p", "m_p", "logs_p", "logs_p", "flow_out", "flow_out").entrySet()) {
            final float[] golden = npy(stage.getValue()).toFloatArray(), ours = d.intermediates().get(stage.getKey());
            assertEquals(golden.length, ours.length, stage.getKey() + " size");
            System.out.printf("%s %s: max abs error %.2e%n", CASE, stage.getKey(), maxAbs(golden, ours));
            assertTrue(maxAbs(golden, ours) <= 1e-4, stage.getKey() + ": max abs error " + maxAbs(golden, ours));
        }
        final double snr = snr(npy("audio").toFloatArray(), d.audio());
        System.out.printf("%s audio: SNR %.1f dB%n", CASE, snr);
        assertTrue(snr >= 60, "audio SNR " + snr + " dB");
    }

    @Test
    void injectedNoiseMatchesUpstream() throws IOException {
        final SynthesizerTrn.Decoded d = decode(npy("noise_eps").toFloatArray(), 0.5f);
        final double snr = snr(npy("noise05_audio").toFloatArray(), d.audio());
        System.out.printf("%s audio with injected noise 0.5: SNR %.1f dB%n", CASE, snr);
        assertTrue(snr >= 60, "audio SNR " + snr + " dB");
    }

    static double maxAbs(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }

    static double snr(float[] golden, float[] ours) {
        assertEquals(golden.length, ours.length, "audio length");
        double signal = 0, error = 0;
        for (int i = 0; i < golden.length; i++) {
            signal += (double) golden[i] * golden[i];
            error += (double) (golden[i] - ours[i]) * (golden[i] - ours[i]);
        }
        return 10 * Math.log10(signal / error);
    }
}
