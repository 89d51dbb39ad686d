package org.understudy.engine.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.understudy.engine.Fixtures;
import org.understudy.engine.audio.WavFile;
import org.understudy.engine.onnx.SessionConfig;
import org.understudy.engine.preset.PresetReader;
import org.understudy.engine.preset.VoicePreset;
import org.understudy.engine.script.Script;
import org.understudy.engine.script.ScriptException;
import org.understudy.engine.script.ScriptReader;
import org.understudy.engine.text.CmuDict;
import org.understudy.engine.text.Frontend;
import org.understudy.engine.text.FrontendFixtures;
import org.understudy.engine.text.Lexicon;

/** Bad input to a GPT-SoVITS render: each is refused with a message that names the problem, and nothing is written. */
class GptSovitsBadInputTest {
    @TempDir
    static Path shared;
    @TempDir
    Path dir;

    private static Path presetFile;
    private static Frontend frontend;
    private Path out;

    @BeforeAll
    static void install() throws IOException {
        presetFile = FixtureVoice.create(shared);
        frontend = new Frontend(CmuDict.load(FrontendFixtures.gsvData()), Lexicon.EMPTY, null);
    }

    @BeforeEach
    void output() throws IOException {
        out = Files.createDirectories(dir.resolve("out")).resolve("take.wav");
    }

    /** The fixture preset with its JSON edited, read from {@code dir} with the install's files beside it. */
    private VoicePreset preset(UnaryOperator<String> edit) throws IOException {
        final Path voices = shared.resolve("voices"), f = voices.resolve("edited-" + System.nanoTime() + ".json");
        Files.writeString(f, edit.apply(Files.readString(presetFile)));
        return PresetReader.read(f);
    }

    private Exception renderFails(VoicePreset voice) throws IOException {
        final Path script = dir.resolve("s.cues");
        Files.writeString(script, "# understudy-cues 1\n@ 0s\nHello there.\n@ 5s\nAnd again.\n");
        final Exception e = assertThrows(Exception.class, () -> {
            try (RenderService s = new RenderService(frontend, new RenderCache(dir.resolve("cache")), SessionConfig.cpu(2))) {
                s.render(new RenderJob(ScriptReader.read(script), voice, Map.of(), 48000, WavFile.Format.PCM24, out, false), RenderListener.NONE);
            }
        });
        assertNothingWritten();
        return e;
    }

    private void assertNothingWritten() throws IOException {
        try (Stream<Path> files = Files.list(out.getParent())) {
            assertEquals(List.of(), files.toList(), "no partial output");
        }
    }

    private Path wav(String name, float[] mono, int rate) throws IOException {
        final Path f = shared.resolve("voices").resolve(name);
        WavFile.write(f, new float[][] {mono}, rate, WavFile.Format.PCM16, "", Map.of());
        return f;
    }

    @Test
    void missingModelFile() throws IOException {
        final Exception e = renderFails(preset(j -> j.replace("fixture_e8_s200.pth", "gone_e8_s200.pth")));
        assertTrue(e instanceof IOException && e.getMessage().contains("voice \"fixture\": model file ") && e.getMessage().contains("gone_e8_s200.pth does not exist"), e.getMessage());
    }

    @Test
    void wrongModelVersionPair() throws IOException {
        final Path v1 = shared.resolve("gpt-sovits/SoVITS_weights/old_e8_s100.pth");
        Files.createDirectories(v1.getParent());
        if (!Files.exists(v1)) Files.copy(Fixtures.path("sovits-v1-small", "sovits_v1_small.pth"), v1);
        final Exception e = renderFails(preset(j -> j.replace("SoVITS_weights_v2/fixture_e8_s200.pth", "SoVITS_weights/old_e8_s100.pth")));
        assertTrue(e.getMessage().contains("is v2 or later (732 phoneme ids) but the SoVITS model old_e8_s100.pth is v1"), e.getMessage());
    }

    @Test
    void aSovitsFileWhereTheGptModelBelongs() throws IOException {
        final Exception e = renderFails(preset(j -> j.replace("GPT_weights_v2/fixture-e15.ckpt", "SoVITS_weights_v2/fixture_e8_s200.pth")));
        assertTrue(e.getMessage().contains("fixture_e8_s200.pth") && e.getMessage().contains("GPT"), e.getMessage());
    }

    @Test
    void corruptReferenceWav() throws IOException {
        final Path bad = shared.resolve("voices/corrupt.wav");
        final byte[] good = Files.readAllBytes(Fixtures.path("pipeline-small", "ref.wav"));
        Files.write(bad, java.util.Arrays.copyOf(good, 30));
        final Exception e = renderFails(preset(j -> j.replace("\"reference.wav\"", "\"corrupt.wav\"")));
        assertTrue(e.getMessage().contains("reference recording ") && e.getMessage().contains("corrupt.wav cannot be read"), e.getMessage());
    }

    @Test
    void referenceTooShort() throws IOException {
        final float[] x = new float[32000 * 2];
        for (int i = 0; i < x.length; i++) x[i] = (float) (0.3 * Math.sin(i * 0.05) * Math.sin(i * 0.0004));
        wav("short.wav", x, 32000);
        final Exception e = renderFails(preset(j -> j.replace("\"reference.wav\"", "\"short.wav\"")));
        assertTrue(e.getMessage().contains("short.wav") && e.getMessage().contains("prepare-reference"), e.getMessage());
    }

    @Test
    void silentReference() throws IOException {
        wav("silent.wav", new float[44100 * 5], 44100);
        final Exception e = renderFails(preset(j -> j.replace("\"reference.wav\"", "\"silent.wav\"")));
        assertTrue(e.getMessage().contains("silent.wav holds no speech"), e.getMessage());
    }

    @Test
    void noReferenceAtAll() throws IOException {
        final String noRefs = Files.readString(presetFile).replaceAll("(?s)\"references\": \\[.*?\\]", "\"references\": []");
        final Exception e;
        try {
            e = renderFails(preset(j -> noRefs));
        } catch (PresetReader.PresetException refused) {                  // refused when read is as good as refused when rendered
            assertTrue(refused.getMessage().contains("reference"), refused.getMessage());
            return;
        }
        assertTrue(e.getMessage().contains("has no reference recording"), e.getMessage());
    }

    @Test
    void unknownLanguage() {
        final PresetReader.PresetException e = assertThrows(PresetReader.PresetException.class, () -> preset(j -> j.replace("\"language\": \"en\" }", "\"language\": \"klingon\" }")));
        assertTrue(e.getMessage().contains("gptSovits.references[0].language: \"klingon\" is not a reference language"), e.getMessage());
    }

    @Test
    void emptyScript() throws IOException {
        final Path script = dir.resolve("empty.cues");
        Files.writeString(script, "# understudy-cues 1\n\n");
        final ScriptException e = assertThrows(ScriptException.class, () -> ScriptReader.read(script));
        assertTrue(e.getMessage().contains("has no cues"), e.getMessage());
        assertNothingWritten();
    }

    @Test
    void unwritableOutputFolder() throws IOException {
        final Path notAFolder = Files.writeString(dir.resolve("notes.txt"), "a file where the output folder should be");
        final Path script = dir.resolve("s.cues");
        Files.writeString(script, "# understudy-cues 1\n@ 0s\nHello there.\n");
        final Script s = ScriptReader.read(script);
        final IOException e = assertThrows(IOException.class, () -> {
            try (RenderService r = new RenderService(frontend, null, SessionConfig.cpu(2))) {
                r.render(new RenderJob(s, PresetReader.read(presetFile), Map.of(), 48000, WavFile.Format.PCM24, notAFolder.resolve("take.wav"), false), RenderListener.NONE);
            }
        });
        assertTrue(e.getMessage().contains("notes.txt"), e.getMessage());
        assertEquals("a file where the output folder should be", Files.readString(notAFolder));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("notes.txt", "out", "s.cues"), files.map(f -> f.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void overlappingCuesAreMixedWithAWarning() throws IOException {
        final Path script = dir.resolve("overlap.cues");
        Files.writeString(script, "# understudy-cues 1\n@ 0s\nThe first cue runs long enough.\n@ 0.2s\nSecond.\n");
        try (RenderService s = new RenderService(frontend, null, SessionConfig.cpu(2))) {
            final RenderService.Result r = s.render(new RenderJob(ScriptReader.read(script), PresetReader.read(presetFile), Map.of(), 48000,
                    WavFile.Format.PCM24, out, false), RenderListener.NONE);
            assertTrue(r.warnings().stream().anyMatch(w -> w.startsWith("cue 2 starts at 0.200 s, before cue 1 ends at")), r.warnings().toString());
        }
        assertTrue(Files.isRegularFile(out));
    }
}
