package org.understudy.engine.preset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scanning a GPT-SoVITS install built from the real fixture checkpoints, and the presets written for it. */
class GsvInstallTest {
    @TempDir
    Path dir;

    private Map<String, String> skippedFiles(GsvInstall.Scan scan) {
        return scan.skippedFiles().stream().collect(Collectors.toMap(s -> scan.folder().relativize(s.file()).toString(), GsvInstall.Skipped::reason));
    }

    @Test
    void findsVoicesByUpstreamNamesWithVersionsFromTheContents() throws IOException {
        final Path root = FakeGsvInstall.build(dir.resolve("GPT-SoVITS"));
        final GsvInstall.Scan scan = GsvInstall.scan(root);
        assertEquals(root.toAbsolutePath().normalize(), scan.folder());
        assertEquals(List.of("GPT_weights", "GPT_weights_v2", "GPT_weights_v2Pro", "SoVITS_weights", "SoVITS_weights_v2", "SoVITS_weights_v2Pro", "SoVITS_weights_v4"),
                scan.weightFolders().stream().map(p -> p.getFileName().toString()).toList());
        assertEquals(List.of("alice", "bob"), scan.voices().stream().map(GsvInstall.Voice::id).toList(), "by name, ignoring case");

        final GsvInstall.Voice alice = scan.voices().stream().filter(v -> v.id().equals("alice")).findFirst().orElseThrow();
        assertEquals(root.resolve("GPT_weights_v2/alice-e15.ckpt"), alice.gpt().file(), "the highest epoch");
        assertEquals(15, alice.gpt().epoch());
        assertEquals("v2", alice.gpt().version());
        assertEquals(root.resolve("SoVITS_weights_v2/alice_e8_s200.pth"), alice.sovits().file());
        assertEquals("v2", alice.sovits().version());
        assertEquals(8, alice.sovits().epoch());
        assertEquals(List.of(root.resolve("GPT_weights_v2/alice-e10.ckpt")), alice.others().stream().map(GsvInstall.Weight::file).toList());

        final GsvInstall.Voice bob = scan.voices().stream().filter(v -> v.name().equals("Bob")).findFirst().orElseThrow();
        assertEquals("bob", bob.id());
        assertEquals("v2Pro", bob.version());
        assertEquals("v2", bob.gpt().version());
        assertEquals(List.of(), bob.others());

        final Map<String, String> skipped = skippedFiles(scan);
        assertEquals(3, skipped.size(), skipped.toString());
        assertTrue(skipped.get("GPT_weights_v2/broken-e3.ckpt").contains("is not a model checkpoint"), skipped.toString());
        assertTrue(skipped.get("GPT_weights_v2/stray_e2_s50.pth").contains("GPT-SoVITS SoVITS model (.pth, v2), but GPT_weights_v2 is a GPT folder"), skipped.toString());
        assertTrue(skipped.get("SoVITS_weights_v4/frank_e2_s20_l32.pth").contains("SoVITS v4 (LoRA), which Understudy does not support yet"), skipped.toString());

        assertEquals(2, scan.skippedVoices().size(), scan.skippedVoices().toString());
        assertTrue(scan.skippedVoices().get(0).startsWith("carol: GPT carol-e5.ckpt is v2 (v2 phoneme set) but SoVITS carol_e8_s96.pth is v1 (v1 phoneme set)"),
                scan.skippedVoices().toString());
        assertTrue(scan.skippedVoices().get(1).startsWith("dave: SoVITS model dave_e1_s10.pth but no GPT model named dave-e<epoch>.ckpt"),
                scan.skippedVoices().toString());
    }

    @Test
    void reportsPretrainedModelsAndFrontendData() throws IOException {
        final GsvInstall.Scan scan = GsvInstall.scan(FakeGsvInstall.build(dir.resolve("gsv")));
        final Map<String, Boolean> present = new java.util.LinkedHashMap<>();
        for (GsvInstall.Part p : scan.pretrained()) present.put(p.path(), p.present());
        for (GsvInstall.Part p : scan.frontend()) present.put(p.path(), p.present());
        assertEquals(Map.of("GPT_SoVITS/pretrained_models/chinese-hubert-base/", true, "GPT_SoVITS/pretrained_models/chinese-roberta-wwm-ext-large/", true,
                "GPT_SoVITS/pretrained_models/sv/pretrained_eres2netv2w24s4ep4.ckpt", false, "GPT_SoVITS/text/cmudict.rep", true,
                "GPT_SoVITS/text/cmudict-fast.rep", false, "GPT_SoVITS/text/engdict-hot.rep", false, "GPT_SoVITS/text/opencpop-strict.txt", true,
                "GPT_SoVITS/text/G2PWModel/", false), present);
        Files.delete(dir.resolve("gsv/GPT_SoVITS/pretrained_models/chinese-hubert-base/pytorch_model.bin"));
        assertFalse(GsvInstall.scan(dir.resolve("gsv")).pretrained().get(0).present(), "a model folder without weights is missing");
    }

    @Test
    void thePresetIsRefusedUntilAReferenceAndProvenanceAreAdded() throws IOException {
        final GsvInstall.Scan scan = GsvInstall.scan(FakeGsvInstall.build(dir.resolve("gsv")));
        final GsvInstall.Voice alice = scan.voices().stream().filter(v -> v.id().equals("alice")).findFirst().orElseThrow();
        final Path file = dir.resolve("presets/alice.json");
        Files.createDirectories(file.getParent());
        final String json = GsvInstall.presetJson(scan, alice);
        Files.writeString(file, json);

        final JsonNode n = new ObjectMapper().readTree(json);
        assertEquals("understudy-voice", n.path("schema").asText());
        assertEquals("gpt-sovits", n.path("engine").asText());
        assertEquals("alice", n.path("id").asText());
        assertEquals(scan.folder().resolve("GPT_weights_v2/alice-e15.ckpt").toString(), n.path("gptSovits").path("gpt").asText());
        assertEquals(scan.folder().resolve("SoVITS_weights_v2/alice_e8_s200.pth").toString(), n.path("gptSovits").path("sovits").asText());
        assertEquals(scan.folder().toString(), n.path("gptSovits").path("install").asText());
        assertTrue(n.path("gptSovits").path("references").isArray() && n.path("gptSovits").path("references").isEmpty());

        final PresetReader.PresetException e = assertThrows(PresetReader.PresetException.class, () -> PresetReader.read(file));
        assertTrue(e.getMessage().startsWith(file.toAbsolutePath().normalize() + ": gptSovits.references: empty; add a reference recording (3-10 s"), e.getMessage());
        assertTrue(e.getMessage().contains("with its transcript and language"), e.getMessage());
        assertTrue(e.getMessage().endsWith("and fill in provenance (speaker, consent, source)"), e.getMessage());

        final String withProvenance = json.replace("\"speaker\" : \"\"", "\"speaker\" : \"Alice Example\"")
                .replace("\"consent\" : \"\"", "\"consent\" : \"signed release, 2026-11-20\"").replace("\"source\" : \"\"", "\"source\" : \"studio session\"");
        assertFalse(withProvenance.equals(json), "the placeholders are there to fill in");
        Files.writeString(file, withProvenance);
        final PresetReader.PresetException onlyReference = assertThrows(PresetReader.PresetException.class, () -> PresetReader.read(file));
        assertFalse(onlyReference.getMessage().contains("provenance"), onlyReference.getMessage());

        Files.writeString(file, withProvenance.replace("\"references\" : [ ]",
                "\"references\" : [ { \"audio\" : \"alice/reference.wav\", \"text\" : \"Good evening, and welcome.\", \"language\" : \"en\" } ]"));
        final VoicePreset p = PresetReader.read(file);
        final VoicePreset.GptSovits g = p.gptSovits().orElseThrow();
        assertEquals(alice.gpt().file(), g.gpt());
        assertEquals(alice.sovits().file(), g.sovits());
        assertEquals(scan.folder(), g.install());
        assertEquals(dir.resolve("presets/alice/reference.wav").toAbsolutePath().normalize(), g.references().get(0).audio());
        assertEquals(VoicePreset.Inference.UPSTREAM, p.inference());
        assertEquals(VoicePreset.Loudness.DEFAULT, p.loudness());
        assertEquals("Alice Example", p.provenance().speaker());
    }

    @Test
    void idsAreLowerCaseWithAllowedCharactersOnly() {
        assertEquals("alice", GsvInstall.idFor("Alice"));
        assertEquals("my-voice_2.0", GsvInstall.idFor("My Voice_2.0"));
        assertEquals("li-lei", GsvInstall.idFor("__Li  Lei!"));
        assertEquals("voice", GsvInstall.idFor("小明"));
        assertEquals(60, GsvInstall.idFor("x".repeat(100)).length());
    }

    @Test
    void aFolderThatIsNotAnInstallSaysWhatWasExpected() throws IOException {
        final Path empty = Files.createDirectories(dir.resolve("downloads"));
        final GsvInstall.NotAnInstallException e = assertThrows(GsvInstall.NotAnInstallException.class, () -> GsvInstall.scan(empty));
        assertTrue(e.getMessage().contains("not a GPT-SoVITS install: expected the folder that holds GPT_SoVITS/"), e.getMessage());
        assertTrue(e.getMessage().contains("GPT_weights*, SoVITS_weights*"), e.getMessage());

        final Path inner = FakeGsvInstall.build(dir.resolve("gsv")).resolve("GPT_SoVITS");
        final GsvInstall.NotAnInstallException nested = assertThrows(GsvInstall.NotAnInstallException.class, () -> GsvInstall.scan(inner));
        assertTrue(nested.getMessage().endsWith("try its parent " + inner.getParent().toAbsolutePath().normalize()), nested.getMessage());
        assertThrows(GsvInstall.NotAnInstallException.class, () -> GsvInstall.scan(dir.resolve("absent")));
    }
}
