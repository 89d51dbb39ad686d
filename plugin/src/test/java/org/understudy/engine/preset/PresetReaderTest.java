package org.understudy.engine.preset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.understudy.engine.guide.GuideVoice;

/** The shipped presets read as documented, and every kind of bad preset is refused with the file and field named. */
class PresetReaderTest {
    private static final Path PRESETS = Path.of("../presets");

    @Test
    void shippedGuideVoicesMatchTheBuiltInSettings() throws IOException {
        final VoicePreset low = PresetReader.read(PRESETS.resolve("guide-low.json"));
        assertEquals("guide-low", low.id());
        assertEquals(VoicePreset.Engine.GUIDE, low.engine());
        assertEquals(GuideVoice.Settings.LOW, low.guide().orElseThrow());
        assertEquals(VoicePreset.Inference.UPSTREAM, low.inference());
        assertEquals(new VoicePreset.Loudness(-18, -1), low.loudness());
        assertEquals(GuideVoice.Settings.HIGH, PresetReader.read(PRESETS.resolve("guide-high.json")).guide().orElseThrow());
    }

    @Test
    void everyShippedPresetIsNamedAfterItsId() throws IOException {
        try (Stream<Path> files = Files.list(PRESETS)) {
            final List<Path> json = files.filter(f -> f.toString().endsWith(".json") && !f.getFileName().toString().contains("template")).toList();
            assertTrue(json.size() >= 2, "guide presets present");
            for (Path f : json) assertEquals(f.getFileName().toString(), PresetReader.read(f).id() + ".json");
        }
    }

    @Test
    void templateRefusesToLoadUntilProvenanceIsFilledIn(@TempDir Path dir) throws IOException {
        final Path template = PRESETS.resolve("gpt-sovits-template.json");
        final PresetReader.PresetException e = assertThrows(PresetReader.PresetException.class, () -> PresetReader.read(template));
        assertTrue(e.getMessage().contains("gpt-sovits-template.json: provenance.speaker: required"), e.getMessage());

        final Path filled = dir.resolve("voices/alice.json");
        Files.createDirectories(filled.getParent());
        Files.writeString(filled, Files.readString(template)
                .replace("\"speaker\": \"\"", "\"speaker\": \"Alice Example\"")
                .replace("\"consent\": \"\"", "\"consent\": \"written consent, 2026-11-01\"")
                .replace("\"source\": \"\"", "\"source\": \"studio session\""));
        final VoicePreset p = PresetReader.read(filled);
        final VoicePreset.GptSovits g = p.gptSovits().orElseThrow();
        assertEquals(dir.resolve("voices/my-voice/my-voice-e15.ckpt").toAbsolutePath().normalize(), g.gpt());
        assertEquals(Path.of("/opt/GPT-SoVITS"), g.install());
        assertEquals(1, g.references().size());
        assertEquals("en", g.references().get(0).language());
        assertEquals(dir.resolve("voices/my-voice/reference.wav").toAbsolutePath().normalize(), g.references().get(0).audio());
        assertEquals(VoicePreset.Inference.UPSTREAM, p.inference());
        assertEquals("Alice Example", p.provenance().speaker());
    }

    @Test
    void badPresetsNameFileAndField(@TempDir Path dir) throws IOException {
        final String good = Files.readString(PRESETS.resolve("guide-low.json"));
        refused(dir, "{ not json", "not valid JSON");
        refused(dir, "[1, 2]", "a preset is a JSON object");
        refused(dir, good.replace("\"understudy-voice\"", "\"something-else\""), "schema: must be \"understudy-voice\"");
        refused(dir, good.replace("\"version\": 1", "\"version\": 2"), "version: 2 is not supported");
        refused(dir, good.replace("\"guide-low\"", "\"Guide Low!\""), "id: use lower-case");
        refused(dir, good.replace("\"engine\": \"guide\"", "\"engine\": \"tacotron\""), "engine: must be \"guide\" or \"gpt-sovits\"");
        refused(dir, good.replace("\"language\": \"auto\"", "\"language\": \"fr\""), "language: \"fr\" is not one of");
        refused(dir, good.replace("\"basePitch\": 95", "\"basePitch\": 9000"), "guide.basePitch: 9000 is outside [50, 400]");
        refused(dir, good.replace("\"basePitch\": 95", "\"basePitch\": \"low\""), "guide.basePitch: must be a number");
        refused(dir, good.replace("\"rate\"", "\"rat\""), "guide.rat: unknown field");
        refused(dir, good.replace("\"targetLufs\": -18", "\"targetLufs\": 3"), "loudness.targetLufs: 3 is outside");
        refused(dir, good.replace("\"loudness\"", "\"inference\": { \"cutMethod\": \"cut9\" }, \"loudness\""), "inference.cutMethod: \"cut9\"");
        refused(dir, good.replace("\"engine\": \"guide\"", "\"engine\": \"gpt-sovits\""), "gptSovits: required for this engine");
        refused(dir, good.replace("\"provenance\"", "\"provenanse\""), "provenanse: unknown field");
        final PresetReader.PresetException missing = assertThrows(PresetReader.PresetException.class, () -> PresetReader.read(dir.resolve("absent.json")));
        assertTrue(missing.getMessage().endsWith("absent.json: no such file"), missing.getMessage());
    }

    @Test
    void referenceLanguageIsChecked(@TempDir Path dir) throws IOException {
        final String template = Files.readString(PRESETS.resolve("gpt-sovits-template.json"))
                .replace("\"speaker\": \"\"", "\"speaker\": \"A\"").replace("\"consent\": \"\"", "\"consent\": \"yes\"")
                .replace("\"source\": \"\"", "\"source\": \"here\"");
        refused(dir, template.replace("\"language\": \"en\"", "\"language\": \"english\""), "gptSovits.references[0].language: \"english\"");
        refused(dir, template.replace("\"audio\": \"my-voice/reference.wav\",", ""), "gptSovits.references[0].audio: required path");
        final String noReference = template.substring(0, template.indexOf("\"references\": [") + 15) + "]" + template.substring(template.indexOf("]", template.indexOf("\"references\": [")) + 1);
        refused(dir, noReference, "gptSovits.references: empty; add a reference recording (3-10 s, `understudy prepare-reference` makes one) with its transcript and language");
        final Path f = dir.resolve("bad.json");
        assertFalse(assertThrows(PresetReader.PresetException.class, () -> PresetReader.read(f)).getMessage().contains("provenance"), "provenance is filled in");
    }

    private static void refused(Path dir, String json, String expected) throws IOException {
        final Path f = dir.resolve("bad.json");
        Files.writeString(f, json);
        final PresetReader.PresetException e = assertThrows(PresetReader.PresetException.class, () -> PresetReader.read(f));
        assertTrue(e.getMessage().startsWith(f.toAbsolutePath().normalize() + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), "expected «" + expected + "» in: " + e.getMessage());
    }
}
