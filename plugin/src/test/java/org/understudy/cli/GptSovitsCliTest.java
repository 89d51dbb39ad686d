package org.understudy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.understudy.engine.audio.WavFile;
import org.understudy.engine.render.FixtureVoice;

/**
 * What a user does with their own GPT-SoVITS install: {@code import-gsv}, add the reference and
 * provenance the import asks for, then {@code render} at the project's rate (fixture-sized real-format models).
 */
class GptSovitsCliTest {
    @TempDir
    Path dir;

    @Test
    void importAddAReferenceRender() throws IOException {
        FixtureVoice.create(dir);
        final Path presets = dir.resolve("presets");
        final CliRun imported = CliRun.of("import-gsv", dir.resolve("gpt-sovits").toString(), "-o", presets.toString());
        assertEquals(0, imported.code(), imported.out() + imported.err());
        final Path preset = presets.resolve("fixture.json");
        assertTrue(imported.out().contains("add a reference recording (3-10 s) with its transcript and language to " + preset), imported.out());

        final Path script = Files.writeString(dir.resolve("scene.cues"), "# understudy-cues 1\n@ 0:01.000\nGood morning.\n");
        final CliRun refused = CliRun.of("render", script.toString(), "-o", dir.resolve("x.wav").toString(), "--voice", preset.toString(), "--no-cache", "-q");
        assertEquals(Understudy.BAD_INPUT, refused.code());
        assertTrue(refused.err().contains("gptSovits.references: empty; add a reference recording"), refused.err());

        final ObjectMapper json = new ObjectMapper();
        final ObjectNode p = (ObjectNode) json.readTree(preset.toFile());
        final ArrayNode refs = (ArrayNode) p.path("gptSovits").path("references");
        refs.addObject().put("audio", dir.resolve("voices/reference.wav").toString()).put("text", "The weather is lovely today.").put("language", "en");
        ((ObjectNode) p.path("provenance")).put("speaker", "nobody").put("consent", "random weights").put("source", "test fixtures");
        json.writeValue(preset.toFile(), p);

        final Path out = dir.resolve("take.wav");
        final CliRun r = CliRun.of("render", script.toString(), "-o", out.toString(), "--voice", preset.toString(), "-r", "44100", "--no-cache", "-q");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().startsWith("rendered 1 cues (0 from the cache)"), r.out());
        final WavFile.Audio a = WavFile.read(out);
        assertEquals(44100, a.sampleRate());
        for (int i = 0; i < 44100; i++) assertEquals(0f, a.samples()[0][i], "silent before the cue at 1 s");
        assertTrue(a.info().get("ICMT").contains("speaker: nobody; consent: random weights"), a.info().toString());

        // --cuda: on a machine without a usable CUDA runtime (CI has none) the models fall back to the CPU: the same audio
        final Path gpu = dir.resolve("take-cuda.wav");
        final CliRun c = CliRun.of("render", script.toString(), "-o", gpu.toString(), "--voice", preset.toString(), "-r", "44100", "--no-cache", "-q", "--cuda", "0");
        assertEquals(0, c.code(), c.out() + c.err());
        if (!org.understudy.engine.onnx.OnnxRuntime.cudaAvailable()) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(a.samples()[0], WavFile.read(gpu).samples()[0], "CPU fallback, same audio");
        }
    }
}
