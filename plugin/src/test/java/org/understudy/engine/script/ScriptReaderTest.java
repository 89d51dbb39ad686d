package org.understudy.engine.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plain text, SRT and WebVTT scripts read into cues; subtitles written back read the same; bad files name file and line. */
class ScriptReaderTest {
    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        final Path f = dir.resolve(name);
        Files.writeString(f, content);
        return f;
    }

    @Test
    void plainTextIsOneCuePerParagraph() throws IOException {
        final Script s = ScriptReader.read(write("chapter.txt", "\uFEFFIt was a bright cold day in April,\r\nand the clocks were striking thirteen.\r\n\r\n\r\n"
                + "  第一章，\n开始了。  \n\nThe end.\n"));
        assertEquals(Script.Format.TEXT, s.format());
        assertEquals(List.of(Cue.untimed(1, "It was a bright cold day in April, and the clocks were striking thirteen."),
                Cue.untimed(2, "第一章，开始了。"), Cue.untimed(3, "The end.")), s.cues());
    }

    @Test
    void srtCuesKeepTheirTimesAndLoseTheirMarkup() throws IOException {
        final Script s = ScriptReader.read(write("ep1.srt", """
                1
                00:00:01,000 --> 00:00:03,500
                <font color="#ff0000"><i>Hello</i></font> there,
                {\\an8}general &amp; friends.

                2
                00:01:02.25 --> 01:00:00,001
                Second cue.

                3
                00:02:00,000 --> 00:02:01,000
                <b></b>

                00:03:00,000 --> 00:03:04,000 X1:0
                No number.
                """));
        assertEquals(Script.Format.SRT, s.format());
        assertEquals(List.of(Cue.timed(1, 1.0, 3.5, "Hello there, general & friends.", Optional.empty()),
                Cue.timed(2, 62.25, 3600.001, "Second cue.", Optional.empty()),
                Cue.timed(3, 180, 184, "No number.", Optional.empty())), s.cues());
    }

    @Test
    void webVttCuesWithVoicesSettingsAndNotes() throws IOException {
        final Script s = ScriptReader.read(write("scene.vtt", """
                WEBVTT - a scene
                Kind: captions

                NOTE written by hand
                over two lines

                STYLE
                ::cue { color: yellow }

                intro
                00:01.000 --> 00:04.000 align:start line:0
                <v.loud Alice Smith>Hi &lt;there&gt;,
                <c.yellow>Bob</c>.

                00:00:05.500 --> 00:00:07.000
                <v Bob>Hello <00:00:06.000>Alice.

                01:00:00.000 --> 01:00:01.000
                Nobody in particular.
                """));
        assertEquals(Script.Format.WEBVTT, s.format());
        assertEquals(List.of(Cue.timed(1, 1, 4, "Hi <there>, Bob.", Optional.of("Alice Smith")),
                Cue.timed(2, 5.5, 7, "Hello Alice.", Optional.of("Bob")),
                Cue.timed(3, 3600, 3601, "Nobody in particular.", Optional.empty())), s.cues());
    }

    @Test
    void webVttIsRecognisedByItsFirstLine() throws IOException {
        assertEquals(Script.Format.WEBVTT, ScriptReader.read(write("captions.txt", "WEBVTT\n\n00:01.000 --> 00:02.000\nHi.\n")).format());
    }

    @Test
    void writtenSubtitlesReadBackTheSame() throws IOException {
        final List<Cue> cues = List.of(Cue.timed(1, 0.25, 2.0, "One & <two>.", Optional.of("Alice")),
                Cue.timed(2, 3725.5, 3727.125, "第二句。", Optional.empty()));
        final List<Cue> srt = ScriptReader.read(write("out.srt", SubtitleWriter.srt(cues))).cues();
        assertEquals(List.of(Cue.timed(1, 0.25, 2.0, "One & <two>.", Optional.empty()), cues.get(1)), srt);
        assertEquals(cues, ScriptReader.read(write("out.vtt", SubtitleWriter.webVtt(cues))).cues());
        assertTrue(SubtitleWriter.srt(cues).contains("2\n01:02:05,500 --> 01:02:07,125\n第二句。\n"), SubtitleWriter.srt(cues));
        assertThrows(IllegalArgumentException.class, () -> SubtitleWriter.srt(List.of(Cue.untimed(1, "x"))));
    }

    @Test
    void badScriptsNameFileAndLine() throws IOException {
        refused("a.srt", "1\n00:00:01,000 -> 00:00:02,000\nHi\n", ":2: expected a timing line");
        refused("b.srt", "1\n00:00:01,000 --> 00:00:0x,000\nHi\n", ":2: \"00:00:0x,000\" is not a timecode");
        refused("c.srt", "1\n00:00:03,000 --> 00:00:02,000\nHi\n", ":2: the cue ends (00:00:02,000) before it starts (00:00:03,000)");
        refused("d.srt", "1\n00:00:01,000 --> 00:00:02,000\nHi\n\nsome stray words\n", ":5: expected a cue number or a timing line");
        refused("e.vtt", "WEBVTTX\n", ":1: a WebVTT file starts with the line \"WEBVTT\"");
        refused("f.vtt", "WEBVTT\n\n00:00:01,000 --> 00:00:02,000\nHi\n", ":3: \"00:00:01,000\" is not a timecode like 00:01.000");
        refused("g.txt", "\n  \n\n", "g.txt: has no text to speak");
        refused("h.srt", "", "h.srt: has no subtitle cues");
        final Path latin1 = dir.resolve("i.txt");
        Files.write(latin1, "caf\u00e9".getBytes(StandardCharsets.ISO_8859_1));
        refused(latin1, "i.txt: is not UTF-8 text");
        refused(dir.resolve("absent.srt"), "absent.srt: no such file");
    }

    private void refused(String name, String content, String expected) throws IOException {
        refused(write(name, content), expected);
    }

    private static void refused(Path f, String expected) {
        final ScriptException e = assertThrows(ScriptException.class, () -> ScriptReader.read(f));
        assertTrue(e.getMessage().startsWith(f.toAbsolutePath().normalize().toString()), e.getMessage());
        assertTrue(e.getMessage().contains(expected), "expected «" + expected + "» in: " + e.getMessage());
    }
}
