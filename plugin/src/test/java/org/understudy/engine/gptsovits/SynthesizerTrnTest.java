package org.understudy.engine.gptsovits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.understudy.engine.Fixtures;
import org.understudy.engine.Npy;
import org.understudy.engine.checkpoint.Checkpoint;
import org.understudy.engine.onnx.SessionConfig;

/**
 * Parity with upstream SynthesizerTrn.decode on the sovits-*-small fixtures (real .pth files, fp16 on
 * disk): every stage within 1e-4, audio SNR ≥ 60 dB. The worst figures are printed.
 */
class SynthesizerTrnTest {
    private static final String[] STAGES = {"encoder_ssl_out", "encoder_text_out", "mrte_out", "encoder2_out", "m_p", "logs_p", "flow_out"};

    private static SynthesizerTrn load(String fixture, String pth) throws IOException {
        return SynthesizerTrn.load(Checkpoint.open(Fixtures.path(fixture, pth)), SessionConfig.cpu(2));
    }

    private static Npy npy(String fixture, String name) throws IOException {
        return Npy.read(Fixtures.path(fixture, name + ".npy"));
    }

    private static SynthesizerTrn.Reference reference(String fixture, String spec, String sv) throws IOException {
        final Npy s = npy(fixture, spec);
        return new SynthesizerTrn.Reference(s.toFloatArray(), (int) s.shape()[1], sv == null ? null : npy(fixture, sv).toFloatArray());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"sovits-v1-small, sovits_v1_small.pth, v1, 1025", "sovits-v2-small, sovits_v2_small.pth, v2, 704",
            "sovits-v2pro-small, sovits_v2pro_small.pth, v2Pro, 704"})
    void everyStageMatchesUpstream(String fixture, String pth, String version, int styleBins) throws IOException {
        try (SynthesizerTrn model = load(fixture, pth)) {
            assertEquals(version, model.config().version());
            assertEquals(styleBins, model.config().styleBins());
            final boolean pro = model.config().proVariant();
            final long[] codes = npy(fixture, "codes").toLongArray();
            final SynthesizerTrn.Decoded d = model.decode(codes, npy(fixture, "text_ids").toLongArray(),
                    List.of(reference(fixture, "ref_spec", pro ? "sv_emb" : null)), 1f,
                    new float[model.config().inter() * SynthesizerTrn.frames(codes.length, 1f)], 0f);
            assertClose(fixture, "ge", npy(fixture, "ge").toFloatArray(), d.ge());
            for (String stage : STAGES) assertClose(fixture, stage, npy(fixture, stage).toFloatArray(), d.intermediates().get(stage));
            assertSnr(fixture + " audio", npy(fixture, "audio").toFloatArray(), d.audio());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"sovits-v2-small, sovits_v2_small.pth", "sovits-v2pro-small, sovits_v2pro_small.pth"})
    void twoReferencesAreAveraged(String fixture, String pth) throws IOException {
        try (SynthesizerTrn model = load(fixture, pth)) {
            final boolean pro = model.config().proVariant();
            final long[] codes = npy(fixture, "codes").toLongArray();
            final SynthesizerTrn.Decoded d = model.decode(codes, npy(fixture, "text_ids").toLongArray(),
                    List.of(reference(fixture, "ref_spec", pro ? "sv_emb" : null), reference(fixture, "ref2_spec", pro ? "ref2_sv_emb" : null)),
                    1f, new float[model.config().inter() * SynthesizerTrn.frames(codes.length, 1f)], 0f);
            assertClose(fixture, "refs2_ge", npy(fixture, "refs2_ge").toFloatArray(), d.ge());
            assertSnr(fixture + " audio with two references", npy(fixture, "refs2_audio").toFloatArray(), d.audio());
        }
    }

    @Test
    void speedAndInjectedNoiseMatchUpstream() throws IOException {
        final String f = "sovits-v2-small";
        try (SynthesizerTrn model = load(f, "sovits_v2_small.pth")) {
            final long[] codes = npy(f, "codes").toLongArray(), text = npy(f, "text_ids").toLongArray();
            final List<SynthesizerTrn.Reference> ref = List.of(reference(f, "ref_spec", null));
            final SynthesizerTrn.Decoded fast = model.decode(codes, text, ref, 1.25f,
                    new float[model.config().inter() * SynthesizerTrn.frames(codes.length, 1.25f)], 0f);
            assertClose(f, "speed125_m_p", npy(f, "speed125_m_p").toFloatArray(), fast.intermediates().get("m_p"));
            assertSnr(f + " audio at speed 1.25", npy(f, "speed125_audio").toFloatArray(), fast.audio());
            final SynthesizerTrn.Decoded noisy = model.decode(codes, text, ref, 1f, npy(f, "noise_eps").toFloatArray(), 0.5f);
            assertSnr(f + " audio with injected noise 0.5", npy(f, "noise05_audio").toFloatArray(), noisy.audio());
        }
    }

    @Test
    void promptTokensFromSslFeaturesMatchUpstream() throws IOException {
        final String f = "sovits-v2-small";
        try (SynthesizerTrn model = load(f, "sovits_v2_small.pth")) {
            final Npy ssl = npy(f, "ssl");
            final long[] codes = model.extractLatent(ssl.toFloatArray(), (int) ssl.shape()[2]);
            org.junit.jupiter.api.Assertions.assertArrayEquals(npy(f, "latent_codes").toLongArray(), codes);
        }
    }

    @Test
    void v3AndV4ModelsAreRefusedWithASentence(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws IOException {
        final java.nio.file.Path v3 = dir.resolve("my_voice_v3.pth");
        final byte[] bytes = Files.readAllBytes(Fixtures.path("sovits-v2-small", "sovits_v2_small.pth"));
        bytes[0] = '0';
        bytes[1] = '2';                                                          // upstream's v3 header code
        Files.write(v3, bytes);
        final var e = org.junit.jupiter.api.Assertions.assertThrows(org.understudy.engine.checkpoint.CheckpointException.class,
                () -> SynthesizerTrn.load(Checkpoint.open(v3), SessionConfig.cpu(1)));
        assertTrue(e.getMessage().contains("my_voice_v3.pth") && e.getMessage().contains("v3/v4"), e.getMessage());
    }

    @Test
    void seededNoiseIsReproducible() throws IOException {
        try (SynthesizerTrn model = load("sovits-v2-small", "sovits_v2_small.pth")) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(model.noise(10, 42), model.noise(10, 42));
            org.junit.jupiter.api.Assertions.assertFalse(java.util.Arrays.equals(model.noise(10, 42), model.noise(10, 43)));
        }
    }

    @Test
    void aGptCheckpointIsRefusedByName() throws IOException {
        final Checkpoint gpt = Checkpoint.open(Fixtures.path("t2s-small", "t2s_small.ckpt"));
        final var e = org.junit.jupiter.api.Assertions.assertThrows(org.understudy.engine.checkpoint.CheckpointException.class,
                () -> SynthesizerTrn.load(gpt, SessionConfig.cpu(1)));
        assertTrue(e.getMessage().contains("t2s_small.ckpt") && e.getMessage().contains("GPT"), e.getMessage());
    }

    @Test
    void proVariantNeedsTheSpeakerEmbedding() throws IOException {
        try (SynthesizerTrn model = load("sovits-v2pro-small", "sovits_v2pro_small.pth")) {
            final var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> model.styleVector(reference("sovits-v2pro-small", "ref_spec", null)));
            assertTrue(e.getMessage().contains("speaker embedding"), e.getMessage());
        }
    }

    private static void assertClose(String fixture, String what, float[] golden, float[] ours) {
        assertEquals(golden.length, ours.length, what + " size");
        double m = 0;
        for (int i = 0; i < golden.length; i++) m = Math.max(m, Math.abs(golden[i] - ours[i]));
        System.out.printf("%s %s: max abs error %.2e%n", fixture, what, m);
        assertTrue(m <= 1e-4, fixture + " " + what + ": max abs error " + m);
    }

    private static void assertSnr(String what, float[] golden, float[] ours) {
        assertEquals(golden.length, ours.length, what + " length");
        double signal = 0, error = 0;
        for (int i = 0; i < golden.length; i++) {
            signal += (double) golden[i] * golden[i];
            error += (double) (golden[i] - ours[i]) * (golden[i] - ours[i]);
        }
        final double snr = 10 * Math.log10(signal / error);
        System.out.printf("%s: SNR %.1f dB%n", what, snr);
        assertTrue(snr >= 60, what + ": SNR " + snr + " dB");
    }
}
