package org.understudy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.understudy.engine.preset.FakeGsvInstall;

/** {@code understudy import-gsv} on a GPT-SoVITS install built from the real fixture checkpoints. */
class ImportGsvTest {
    @TempDir
    Path dir;

    private static List<String> jsonFiles(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesOnePresetPerVoiceAndSaysWhatToDoNext() throws IOException {
        final Path gsv = FakeGsvInstall.build(dir.resolve("GPT-SoVITS")).toAbsolutePath().normalize();
        final Path out = dir.resolve("presets");
        final CliRun r = CliRun.of("import-gsv", gsv.toString(), "-o", out.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertEquals("", r.err());
        assertEquals(List.of("alice.json", "bob.json"), jsonFiles(out));

        final String o = r.out();
        assertTrue(o.startsWith("GPT-SoVITS install " + gsv + "\n"), o);
        assertTrue(o.contains("  present  GPT_SoVITS/pretrained_models/chinese-hubert-base/: HuBERT, turns the reference recording into semantic tokens; every voice needs it\n"), o);
        assertTrue(o.contains("  MISSING  GPT_SoVITS/pretrained_models/sv/pretrained_eres2netv2w24s4ep4.ckpt: speaker verification (ERes2NetV2); v2Pro and v2ProPlus voices need it\n"), o);
        assertTrue(o.contains("  present  GPT_SoVITS/text/cmudict.rep: CMUdict, English pronunciations\n"), o);
        assertTrue(o.contains("  MISSING  GPT_SoVITS/text/G2PWModel/: "), o);
        assertTrue(o.contains("skipped GPT_weights_v2/broken-e3.ckpt: is not a model checkpoint"), o);
        assertTrue(o.contains("skipped GPT_weights_v2/stray_e2_s50.pth: it is a GPT-SoVITS SoVITS model (.pth, v2), but GPT_weights_v2 is a GPT folder; move it to a SoVITS_weights folder\n"), o);
        assertTrue(o.contains("skipped SoVITS_weights_v4/frank_e2_s20_l32.pth: SoVITS v4 (LoRA), which Understudy does not support yet"), o);
        assertTrue(o.contains("skipped voice carol: GPT carol-e5.ckpt is v2 (v2 phoneme set) but SoVITS carol_e8_s96.pth is v1 (v1 phoneme set); they cannot be used together\n"), o);
        assertTrue(o.contains("skipped voice dave: SoVITS model dave_e1_s10.pth but no GPT model named dave-e<epoch>.ckpt\n"), o);
        assertTrue(o.contains("voice alice (v2): GPT v2 GPT_weights_v2/alice-e15.ckpt, SoVITS v2 SoVITS_weights_v2/alice_e8_s200.pth\n"
                + "  other epochs, not used: alice-e10.ckpt\n  wrote " + out.resolve("alice.json") + "\n"), o);
        assertTrue(o.contains("voice bob (v2Pro): GPT v2 GPT_weights_v2Pro/Bob-e10.ckpt, SoVITS v2Pro SoVITS_weights_v2Pro/Bob_e4_s100.pth\n"
                + "  warning: v2Pro needs the speaker-verification model, which is missing\n"), o);
        for (String id : new String[] {"alice", "bob"}) {
            assertTrue(o.contains("  add a reference recording (3-10 s) with its transcript and language to " + out.resolve(id + ".json")
                    + " (gptSovits.references), and fill in provenance\n"), o);
        }
        assertTrue(o.contains("`understudy prepare-reference RECORDING -o reference.wav`"), o);
        assertTrue(o.indexOf("Next:") > o.lastIndexOf("wrote "), "the next steps come last");
        assertTrue(o.indexOf("voice alice") < o.indexOf("voice bob"), "voices by name");

        final String alice = Files.readString(out.resolve("alice.json"));
        assertTrue(alice.contains("\"gpt\" : " + quoted(gsv.resolve("GPT_weights_v2/alice-e15.ckpt"))), alice);
        assertTrue(alice.contains("\"install\" : " + quoted(gsv)), alice);

        final CliRun voices = CliRun.of("voices", "--presets", out.toString());
        assertEquals(0, voices.code());
        assertTrue(voices.out().contains("unusable: " + out.resolve("alice.json").toAbsolutePath().normalize() + ": gptSovits.references: empty; add a reference recording"),
                voices.out());
    }

    private static String quoted(Path p) {
        return "\"" + p.toString().replace("\\", "\\\\") + "\"";
    }

    @Test
    void keepsExistingPresetsUnlessForced() throws IOException {
        final Path gsv = FakeGsvInstall.build(dir.resolve("gsv"));
        final Path out = dir.resolve("presets");
        assertEquals(0, CliRun.of("import-gsv", gsv.toString(), "-o", out.toString()).code());
        final Path alice = out.resolve("alice.json");
        Files.writeString(alice, "edited by the user");
        Files.delete(out.resolve("bob.json"));

        CliRun r = CliRun.of("import-gsv", gsv.toString(), "-o", out.toString());
        assertEquals(0, r.code(), "bob was written again");
        assertTrue(r.out().contains("  kept " + alice + ": it exists (--force overwrites it)\n"), r.out());
        assertEquals("edited by the user", Files.readString(alice));
        assertTrue(Files.isRegularFile(out.resolve("bob.json")));
        assertFalse(r.out().contains("to " + alice + " (gptSovits.references)"), "no next step for a file that was not written");

        r = CliRun.of("import-gsv", gsv.toString(), "-o", out.toString());
        assertEquals(Understudy.BAD_INPUT, r.code(), "nothing written");
        assertTrue(r.err().contains("no preset written: every one already exists in " + out + " (--force overwrites them)"), r.err());
        assertEquals("edited by the user", Files.readString(alice));

        r = CliRun.of("import-gsv", gsv.toString(), "-o", out.toString(), "--force");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("  wrote " + alice + "\n"), r.out());
        assertTrue(Files.readString(alice).contains("\"schema\" : \"understudy-voice\""));
    }

    @Test
    void aFolderThatIsNotAnInstallIsBadInput() throws IOException {
        final Path downloads = Files.createDirectories(dir.resolve("Downloads"));
        Files.writeString(downloads.resolve("model.ckpt"), "x");
        final CliRun r = CliRun.of("import-gsv", downloads.toString(), "-o", dir.resolve("presets").toString());
        assertEquals(Understudy.BAD_INPUT, r.code());
        assertTrue(r.err().contains("not a GPT-SoVITS install: expected the folder that holds GPT_SoVITS/ (with pretrained_models/ and text/)"
                + " and the weight folders training writes (GPT_weights*, SoVITS_weights*)"), r.err());
        assertFalse(Files.exists(dir.resolve("presets")));
    }

    @Test
    void anInstallWithoutVoicesIsBadInput() throws IOException {
        final Path gsv = dir.resolve("gsv");
        Files.createDirectories(gsv.resolve("GPT_SoVITS/pretrained_models"));
        Files.createDirectories(gsv.resolve("GPT_weights_v2"));
        Files.createDirectories(gsv.resolve("SoVITS_weights_v2"));
        Files.copy(FakeGsvInstall.gptV2(), gsv.resolve("GPT_weights_v2/solo-e5.ckpt"));
        Files.writeString(gsv.resolve("SoVITS_weights_v2/solo_e5_s10.pth"), "");
        final CliRun r = CliRun.of("import-gsv", gsv.toString(), "-o", dir.resolve("presets").toString());
        assertEquals(Understudy.BAD_INPUT, r.code());
        assertTrue(r.out().contains("skipped SoVITS_weights_v2/solo_e5_s10.pth: is not a model checkpoint: expected a PyTorch file (.ckpt, .pth, .bin) or a safetensors file, but it is empty"), r.out());
        assertTrue(r.out().contains("skipped voice solo: GPT model solo-e5.ckpt but no SoVITS model named solo_e<epoch>_s<step>.pth"), r.out());
        assertTrue(r.err().contains("no voice found: expected a GPT model <name>-e<epoch>.ckpt in a GPT_weights* folder"), r.err());
        assertFalse(Files.exists(dir.resolve("presets")), "nothing written");
    }

    @Test
    void helpDescribesTheCommand() {
        final CliRun r = CliRun.of("import-gsv", "--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("GPT_weights*"), r.out());
        assertTrue(r.out().contains("--force"), r.out());
        assertTrue(r.out().replaceAll("\\s+", " ").contains("(default: presets,"), r.out());
        assertTrue(CliRun.of("--help").out().contains("import-gsv"));
    }
}
