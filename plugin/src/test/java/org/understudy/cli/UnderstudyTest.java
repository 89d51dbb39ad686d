package org.understudy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.understudy.engine.audio.WavFile;
import org.understudy.engine.text.FrontendFixtures;

/** The command line as a user runs it: real scripts and presets in, WAV files and exit codes out. */
class UnderstudyTest {
    @TempDir
    Path dir;

    private String[] render(Path script, String... more) {
        final String[] base = {"render", script.toString(), "--presets", "../presets", "--cache", dir.resolve("cache").toString(), "--gsv-text", FrontendFixtures.gsvData().toString(),
                "--jieba", FrontendFixtures.jiebaFolder().toString()};
        final String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void rendersAScriptToAWavAtTheAskedRate() throws IOException {
        final Path script = dir.resolve("scene.cues");
        Files.writeString(script, "# understudy-cues 1\n@ 0:00.250\nGood evening.\n@ 0:03.000 voice=guide-high\n晚上好。\n");
        final Path wav = dir.resolve("scene.wav");
        final CliRun r = CliRun.of(render(script, "-o", wav.toString(), "--rate", "44100", "--format", "pcm16"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("rendered 2 cues (0 from the cache), "), r.out());
        assertTrue(r.out().contains("wrote " + dir.resolve("scene.srt")), r.out());
        assertEquals("", r.err(), "no progress bar when not on a terminal");
        final WavFile.Audio a = WavFile.read(wav);
        assertEquals(44100, a.sampleRate());
        assertTrue(a.frames() > 3 * 44100);
        final CliRun again = CliRun.of(render(script, "-o", wav.toString(), "--rate", "44100", "--format", "pcm16"));
        assertTrue(again.out().startsWith("rendered 2 cues (2 from the cache), "), again.out());
        final CliRun fresh = CliRun.of(render(script, "-o", wav.toString(), "--rate", "44100", "--format", "pcm16", "--no-cache"));
        assertTrue(fresh.out().startsWith("rendered 2 cues (0 from the cache), "), fresh.out());
    }

    @Test
    void theExampleScriptRendersCleanlyAt48k() throws IOException {
        final Path wav = dir.resolve("welcome.wav");
        final CliRun r = CliRun.of(render(Path.of("../examples/welcome.cues"), "-o", wav.toString()));
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err(), "no overlap or loudness warnings");
        assertEquals(48000, WavFile.read(wav).sampleRate());
    }

    @Test
    void badInputGivesExitCode3AndSaysWhy() throws IOException {
        final Path script = dir.resolve("bad.srt");
        Files.writeString(script, "1\n00:00:01,000 -> 00:00:02,000\nHi\n");
        CliRun r = CliRun.of(render(script, "-o", dir.resolve("x.wav").toString()));
        assertEquals(Understudy.BAD_INPUT, r.code());
        assertTrue(r.err().contains("bad.srt:2: expected a timing line"), r.err());

        final Path ok = dir.resolve("ok.txt");
        Files.writeString(ok, "Hello.\n");
        r = CliRun.of(render(ok, "-o", dir.resolve("x.wav").toString(), "--voice", "nobody"));
        assertEquals(Understudy.BAD_INPUT, r.code());
        assertTrue(r.err().contains("no voice \"nobody\""), r.err());
        assertFalse(Files.exists(dir.resolve("x.wav")));

        r = CliRun.of(render(ok, "-o", dir.resolve("x.wav").toString(), "--format", "pcm8"));
        assertEquals(2, r.code(), "a bad command line is a usage error");
        assertTrue(r.err().contains("--format must be pcm16, pcm24 or float32"), r.err());
    }

    @Test
    void voicesListsPresetsAndSaysWhichCannotBeUsed() {
        final CliRun r = CliRun.of("voices", "--presets", "../presets");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("guide-low") && r.out().contains("guide-high"), r.out());
        assertTrue(r.out().contains("unusable: ") && r.out().contains("gpt-sovits-template.json: provenance.speaker: required"), r.out());
    }

    @Test
    void developerCommandsKeepTheirOwnOptions() {
        final java.io.PrintStream stdout = System.out;
        final java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        final CliRun r;
        try {
            r = CliRun.of("phonemize", "Hello 3 dogs.", "--lang", "en", "--version", "v2", "--gsv-text", FrontendFixtures.gsvData().toString());
        } finally {
            System.setOut(stdout);
        }
        assertEquals(0, r.code(), r.err());
        assertTrue(captured.toString(java.nio.charset.StandardCharsets.UTF_8).contains("all phones HH AH0 L OW1 TH R IY1 D AA1 G Z ."), captured.toString());
    }

    @Test
    void helpDescribesTheCommands() {
        final CliRun r = CliRun.of("render", "--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("--per-cue") && r.out().contains("Ctrl-C cancels"), r.out());
        assertEquals(2, CliRun.of("render").code(), "missing SCRIPT and -o");
    }
}
