package org.understudy.engine.gptsovits;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.understudy.engine.Fixtures;
import org.understudy.engine.Npy;
import org.understudy.engine.onnx.SessionConfig;

/** Parity with HF HubertModel on the hubert-small fixture, loaded from each of its two weight files. */
class CnHubertTest {
    private static final String CASE = "hubert-small";
    static final float TOLERANCE = 1e-4f;

    private static Npy npy(String name) throws IOException {
        return Npy.read(Fixtures.path(CASE, name + ".npy"));
    }

    /** The fixture folder with only one of its weight files (HF prefers safetensors when both are there). */
    private static Path folderWith(Path dir, String weightFile) throws IOException {
        final Path source = Fixtures.path(CASE, "chinese-hubert-base");
        Files.copy(source.resolve("config.json"), dir.resolve("config.json"));
        Files.copy(source.resolve(weightFile), dir.resolve(weightFile));
        return dir;
    }

    @Test
    void safetensorsMatchesUpstream(@TempDir Path dir) throws IOException {
        assertMatchesUpstream(folderWith(dir, "model.safetensors"));
    }

    @Test
    void pytorchBinMatchesUpstream(@TempDir Path dir) throws IOException {
        assertMatchesUpstream(folderWith(dir, "pytorch_model.bin"));
    }

    @Test
    void configComesFromConfigJson() throws IOException {
        try (CnHubert model = CnHubert.load(Fixtures.path(CASE, "chinese-hubert-base"), SessionConfig.cpu(1))) {
            final CnHubert.Config c = model.config();
            assertEquals(48, c.hidden());
            assertEquals(2, c.layers());
            assertEquals(4, c.heads());
            assertEquals(96, c.intermediate());
            assertArrayEquals(new int[] {10, 3, 3, 3, 3, 2, 2}, c.convKernel());
            assertEquals(320, c.hop());
            assertEquals(16, c.posConvKernel());
            assertEquals(4, c.posConvGroups());
            assertEquals(400, c.receptiveField());
            assertEquals(1, model.forward(new float[400]).frames());
            assertThrows(IllegalArgumentException.class, () -> model.forward(new float[399]));
        }
    }

    private static void assertMatchesUpstream(Path folder) throws IOException {
        final float[] wav = npy("wav16k").toFloatArray();
        try (CnHubert model = CnHubert.load(folder, SessionConfig.cpu(1))) {
            final CnHubert.Features f = model.forward(wav);
            assertEquals((wav.length - 400) / 320 + 1, f.frames());
            assertClose(npy("extract_features"), f.extractFeatures(), "extract_features");
            for (int i = 0; i < f.hiddenStates().size(); i++) assertClose(npy("hidden_state_" + i), f.hiddenStates().get(i), "hidden_state_" + i);
            assertEquals(3, f.hiddenStates().size());
            assertClose(npy("last_hidden_state"), f.lastHiddenState(), "last_hidden_state");
        }
    }

    static float assertClose(Npy golden, float[] actual, String what) {
        final float[] expected = golden.toFloatArray();
        assertEquals(expected.length, actual.length, what + " size");
        float worst = 0;
        for (int i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        System.out.printf("%s: max abs error %.3g%n", what, worst);
        assertTrue(worst <= TOLERANCE, what + ": max abs error " + worst);
        return worst;
    }
}
