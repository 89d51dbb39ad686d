package org.understudy.ui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.understudy.engine.script.Cue;
import org.understudy.engine.script.Script;
import org.understudy.engine.script.ScriptReader;
import org.understudy.project.TrackProject.ProjectCue;

/** The editor's script conversions, without a display. */
class TrackFilesTest {
    @TempDir
    Path dir;

    @Test
    void plainTextCuesFollowOneAnotherByTheirExpectedLength() throws Exception {
        final Path txt = dir.resolve("s.txt");
        // 10 words: 4 s at 2.5 words a second; "Hi." is 1 word: the 1 s minimum
        Files.writeString(txt, "One two three four five six seven eight nine ten.\n\nHi.\n\nThe end.\n");
        final List<ProjectCue> cues = TrackFiles.importScript(txt);
        assertEquals(3, cues.size());
        assertEquals(0.0, cues.get(0).start().getAsDouble());
        assertEquals(4.5, cues.get(1).start().getAsDouble(), 1e-9);          // 0 + 4 + 0.5 gap
        assertEquals(6.0, cues.get(2).start().getAsDouble(), 1e-9);          // 4.5 + 1 + 0.5
        assertEquals("Hi.", cues.get(1).text());
        assertEquals(1.6, TrackFiles.expectedSeconds("你好世界"), 1e-9);          // 4 characters: 1.6 s
    }

    @Test
    void timedScriptsKeepTheirStartsAndVoices() throws Exception {
        final Path vtt = dir.resolve("s.vtt");
        Files.writeString(vtt, "WEBVTT\n\n00:01.250 --> 00:03.000\n<v guide-high>Hello.\n\n00:04.000 --> 00:05.000\nAgain.\n");
        final List<ProjectCue> cues = TrackFiles.importScript(vtt);
        assertEquals(1.25, cues.get(0).start().getAsDouble(), 1e-9);
        assertEquals(Optional.of("guide-high"), cues.get(0).voice());
        assertEquals(4.0, cues.get(1).start().getAsDouble(), 1e-9);
        assertEquals(Optional.empty(), cues.get(1).voice());
    }

    @Test
    void aCueSheetRoundTripsThroughTheScriptReader() throws Exception {
        final List<ProjectCue> cues = List.of(
                ProjectCue.at(1.25, "First line,\nwrapped."),
                new ProjectCue(OptionalDouble.of(62.5), OptionalDouble.empty(), "Not # a note", Optional.of("guide-high"), Map.of("speed", 1.2, "seed", 7.0)),
                ProjectCue.atBeat(9, "On bar three, beat two."));
        final String sheet = TrackFiles.cueSheet(cues, 90);
        assertTrue(sheet.startsWith("# understudy-cues 1\ntempo 90 4/4\n"), sheet);
        assertTrue(sheet.contains("@ 3|2\n"), sheet);
        final Path f = dir.resolve("s.cues");
        Files.writeString(f, sheet);
        final Script read = ScriptReader.read(f);
        assertEquals(Script.Format.CUE_SHEET, read.format());
        assertEquals(3, read.cues().size());
        assertEquals(1.25, read.cues().get(0).start().getAsDouble(), 1e-9);
        assertEquals("First line, wrapped.", read.cues().get(0).text());
        assertEquals(62.5, read.cues().get(1).start().getAsDouble(), 1e-9);
        assertEquals("Not # a note", read.cues().get(1).text());
        assertEquals(Optional.of("guide-high"), read.cues().get(1).voice());
        assertEquals(Map.of("speed", 1.2, "seed", 7.0), read.cues().get(1).settings());
        assertEquals(9 * 60.0 / 90, read.cues().get(2).start().getAsDouble(), 1e-9);   // beat 9 at 90 bpm
        assertThrows(IllegalArgumentException.class, () -> TrackFiles.cueSheet(List.of(ProjectCue.at(0, "# heading")), 120));
    }

    @Test
    void plainTextIsOneParagraphPerCue() throws Exception {
        final String text = TrackFiles.plainText(List.of(ProjectCue.at(0, "One\ntwo."), ProjectCue.at(5, "Three.")));
        assertEquals("One two.\n\nThree.\n", text);
        final Path f = dir.resolve("back.txt");
        Files.writeString(f, text);
        assertEquals(List.of("One two.", "Three."), ScriptReader.read(f).cues().stream().map(Cue::text).toList());
    }

    @Test
    void startsAreShownAndReadAsClockSecondsOrBeats() {
        final ProjectCue c = ProjectCue.at(0, "x");
        assertEquals("1:02.500", TrackEditor.formatStart(c.withStart(62.5)));
        assertEquals("beat 8", TrackEditor.formatStart(ProjectCue.atBeat(8, "x")));
        assertEquals(62.5, TrackEditor.parseStart(c, "1:02.5").start().getAsDouble(), 1e-9);
        assertEquals(3723.25, TrackEditor.parseStart(c, "1:02:03.25").start().getAsDouble(), 1e-9);
        assertEquals(12.5, TrackEditor.parseStart(c, "12.5s").start().getAsDouble(), 1e-9);
        assertEquals(16, TrackEditor.parseStart(c, "beat 16").beat().getAsDouble(), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> TrackEditor.parseStart(c, "soon"));
        assertArrayEquals(new String[] {"Start", "Text", "Voice", "Status"}, TrackEditor.COLUMNS);
    }
}
