package org.understudy.engine.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The native cue sheet: positions as timecodes, seconds or bar|beat at a tempo; voice and setting overrides; errors with lines. */
class CueSheetTest {
    @TempDir
    Path dir;

    private Script read(String name, String content) throws IOException {
        final Path f = dir.resolve(name);
        Files.writeString(f, content);
        return ScriptReader.read(f);
    }

    private static Cue cue(int n, double start, String text, String voice, Map<String, Double> settings) {
        return new Cue(n, OptionalDouble.of(start), OptionalDouble.empty(), text, Optional.ofNullable(voice), settings);
    }

    @Test
    void positionsVoicesAndSettings() throws IOException {
        final Script s = read("scene.cues", """
                # understudy-cues 1
                # a comment
                tempo 90 3/4
                voice guide-low

                @ 00:00:01.250
                The first line,
                wrapped.

                @ 1:02:03.5 voice=guide-high speed=1.2 seed=7
                An hour in.
                @ 12.5s
                Seconds.

                @ 3|2.5 topK=20 temperature=0.8
                # a note to the narrator, not spoken
                On bar three.
                """);
        assertEquals(Script.Format.CUE_SHEET, s.format());
        // bar 3 beat 2.5 in 3/4 at 90 bpm: (2 bars × 3 + 1.5 beats) × 60/90 s = 5 s
        assertEquals(List.of(cue(1, 1.25, "The first line, wrapped.", "guide-low", Map.of()),
                cue(2, 3723.5, "An hour in.", "guide-high", Map.of("speed", 1.2, "seed", 7.0)),
                cue(3, 12.5, "Seconds.", "guide-low", Map.of()),
                cue(4, 5.0, "On bar three.", "guide-low", Map.of("topK", 20.0, "temperature", 0.8))), s.cues());
    }

    @Test
    void recognisedByItsHeaderWhateverTheExtension() throws IOException {
        assertEquals(Script.Format.CUE_SHEET, read("x.txt", "# understudy-cues 1\n@ 0:01.000\nHi.\n").format());
    }

    @Test
    void badCueSheetsNameFileAndLine() throws IOException {
        refused("# understudy-cues 2\n@ 1s\nHi\n", ":1: cue sheet version 2 is not supported");
        refused("understudy\n@ 1s\nHi\n", ":1: a cue sheet starts with the line \"# understudy-cues 1\"");
        refused("# understudy-cues 1\n@ 2|1\nHi\n", ":2: a bar|beat position needs a tempo line");
        refused("# understudy-cues 1\ntempo 120\n@ 2|5\nHi\n", ":3: bar 2 beat 5 does not exist");
        refused("# understudy-cues 1\ntempo fast\n", ":2: write the tempo as");
        refused("# understudy-cues 1\n@ soon\nHi\n", ":2: \"soon\" is not a position");
        refused("# understudy-cues 1\n@\nHi\n", ":2: the @ line needs a position");
        refused("# understudy-cues 1\n@ 1s\n\n@ 2s\nHi\n", ":2: the cue has no text");
        refused("# understudy-cues 1\n@ 1s speed=9\nHi\n", ":2: speed=9 is outside [0.25, 4.0]");
        refused("# understudy-cues 1\n@ 1s sped=1\nHi\n", ":2: unknown setting \"sped\"");
        refused("# understudy-cues 1\n@ 1s seed=abc\nHi\n", ":2: seed=abc is not a number");
        refused("# understudy-cues 1\n@ 1s loud\nHi\n", ":2: \"loud\" is not a setting");
        refused("# understudy-cues 1\nHello there\n", ":2: expected a cue line starting with \"@\"");
        refused("# understudy-cues 1\n\n", "has no cues");
    }

    private void refused(String content, String expected) throws IOException {
        final Path f = dir.resolve("bad.cues");
        Files.writeString(f, content);
        final ScriptException e = assertThrows(ScriptException.class, () -> ScriptReader.read(f));
        assertTrue(e.getMessage().startsWith(f.toAbsolutePath().normalize().toString()), e.getMessage());
        assertTrue(e.getMessage().contains(expected), "expected «" + expected + "» in: " + e.getMessage());
    }
}
