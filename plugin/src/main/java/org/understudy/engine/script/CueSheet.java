package org.understudy.engine.script;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Understudy's own cue sheet ({@code .cues}, format version 1, documented in README.md): a
 * header line, optional {@code tempo} and {@code voice} lines, then cues that each start with an
 * {@code @} line giving the position (a timecode, seconds, or {@code bar|beat}) and optional
 * {@code key=value} settings, followed by the text.
 */
final class CueSheet {
    static final String HEADER = "understudy-cues";
    static final int VERSION = 1;
    /** Per-cue settings and their ranges, as the preset's {@code inference} fields. */
    private static final Map<String, double[]> SETTINGS = Map.of(
            "topK", new double[] {1, 1025}, "topP", new double[] {0.01, 1}, "temperature", new double[] {0.01, 5},
            "repetitionPenalty", new double[] {0.5, 5}, "speed", new double[] {0.25, 4}, "pauseSeconds", new double[] {0, 10},
            "seed", new double[] {0, 9.007199254740991E15});
    private static final Pattern HEAD = Pattern.compile("#\\s*" + HEADER + "\\s+(\\d+)\\s*");
    private static final Pattern TEMPO = Pattern.compile("tempo\\s+(\\d+(?:\\.\\d+)?)(?:\\s+(\\d+)/(\\d+))?");
    private static final Pattern CLOCK = Pattern.compile("(?:(\\d+):)?([0-5]?\\d):([0-5]\\d(?:\\.\\d{1,6})?)");
    private static final Pattern SECONDS = Pattern.compile("(\\d+(?:\\.\\d+)?)s");
    private static final Pattern BARS = Pattern.compile("(\\d+)\\|(\\d+(?:\\.\\d+)?)");

    private final Path file;
    private double bpm = -1;
    private int beatsPerBar = 4;
    private Optional<String> defaultVoice = Optional.empty();

    private CueSheet(Path file) {
        this.file = file;
    }

    static List<Cue> parse(Path file, String[] lines) throws ScriptException {
        return new CueSheet(file).cues(lines);
    }

    private List<Cue> cues(String[] lines) throws ScriptException {
        final Matcher head = HEAD.matcher(lines[0]);
        if (!head.matches()) throw new ScriptException(file, 1, "a cue sheet starts with the line \"# " + HEADER + " " + VERSION + "\"");
        if (Integer.parseInt(head.group(1)) != VERSION) {
            throw new ScriptException(file, 1, "cue sheet version " + head.group(1) + " is not supported; this Understudy reads version " + VERSION);
        }
        final List<Cue> cues = new ArrayList<>();
        int i = 1;
        while (i < lines.length) {
            final String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                i++;
            } else if (line.startsWith("@")) {
                final int at = i;
                final List<String> text = new ArrayList<>();
                i++;
                while (i < lines.length && !lines[i].strip().startsWith("@") && !lines[i].isBlank()) {
                    if (!lines[i].strip().startsWith("#")) text.add(lines[i].strip());
                    i++;
                }
                if (text.isEmpty()) throw new ScriptException(file, at + 1, "the cue has no text (write it on the lines after the @ line)");
                cues.add(cue(at, line.substring(1).strip(), cues.size() + 1, ScriptReader.joinLines(text)));
            } else if (cues.isEmpty() && line.startsWith("tempo")) {
                tempo(i, line);
                i++;
            } else if (cues.isEmpty() && line.startsWith("voice ")) {
                defaultVoice = Optional.of(line.substring(6).strip());
                i++;
            } else {
                throw new ScriptException(file, i + 1, "expected a cue line starting with \"@\", found \"" + line + "\"");
            }
        }
        if (cues.isEmpty()) throw new ScriptException(file, 0, "has no cues");
        return cues;
    }

    private void tempo(int i, String line) throws ScriptException {
        final Matcher m = TEMPO.matcher(line);
        if (!m.matches()) throw new ScriptException(file, i + 1, "write the tempo as \"tempo 120\" or \"tempo 96 3/4\"");
        bpm = Double.parseDouble(m.group(1));
        if (!(bpm >= 10 && bpm <= 1000)) throw new ScriptException(file, i + 1, "tempo " + m.group(1) + " is outside 10–1000 beats per minute");
        if (m.group(2) != null) {
            beatsPerBar = Integer.parseInt(m.group(2));
            if (beatsPerBar < 1 || beatsPerBar > 64) throw new ScriptException(file, i + 1, "a bar has 1–64 beats, not " + beatsPerBar);
        }
    }

    private Cue cue(int i, String spec, int number, String text) throws ScriptException {
        final String[] words = spec.split("\\s+");
        if (words[0].isEmpty()) throw new ScriptException(file, i + 1, "the @ line needs a position: 00:01:02.500, 62.5s or bar|beat such as 3|1");
        final double start = position(i, words[0]);
        Optional<String> voice = defaultVoice;
        final Map<String, Double> settings = new LinkedHashMap<>();
        for (int w = 1; w < words.length; w++) {
            final int eq = words[w].indexOf('=');
            if (eq <= 0) throw new ScriptException(file, i + 1, "\"" + words[w] + "\" is not a setting; write key=value");
            final String key = words[w].substring(0, eq);
            final String value = words[w].substring(eq + 1);
            if (key.equals("voice")) {
                if (value.isEmpty()) throw new ScriptException(file, i + 1, "voice= needs a preset id");
                voice = Optional.of(value);
                continue;
            }
            final double[] range = SETTINGS.get(key);
            if (range == null) throw new ScriptException(file, i + 1, "unknown setting \"" + key + "\" (known: voice, " + String.join(", ", SETTINGS.keySet().stream().sorted().toList()) + ")");
            final double v;
            try {
                v = Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new ScriptException(file, i + 1, key + "=" + value + " is not a number");
            }
            if (!(v >= range[0] && v <= range[1])) throw new ScriptException(file, i + 1, String.format(Locale.ROOT, "%s=%s is outside [%s, %s]", key, value, range[0], range[1]));
            settings.put(key, v);
        }
        return new Cue(number, OptionalDouble.of(start), OptionalDouble.empty(), text, voice, settings);
    }

    private double position(int i, String p) throws ScriptException {
        Matcher m = CLOCK.matcher(p);
        if (m.matches()) {
            final long hours = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
            return (hours * 60 + Long.parseLong(m.group(2))) * 60 + Double.parseDouble(m.group(3));
        }
        m = SECONDS.matcher(p);
        if (m.matches()) return Double.parseDouble(m.group(1));
        m = BARS.matcher(p);
        if (m.matches()) {
            if (bpm < 0) throw new ScriptException(file, i + 1, "a bar|beat position needs a tempo line before the first cue, such as \"tempo 120 4/4\"");
            final long bar = Long.parseLong(m.group(1));
            final double beat = Double.parseDouble(m.group(2));
            if (bar < 1 || beat < 1 || beat >= beatsPerBar + 1) {
                throw new ScriptException(file, i + 1, "bar " + bar + " beat " + m.group(2) + " does not exist: bars count from 1, beats from 1 to " + beatsPerBar + ".999");
            }
            return ((bar - 1) * beatsPerBar + (beat - 1)) * 60.0 / bpm;
        }
        throw new ScriptException(file, i + 1, "\"" + p + "\" is not a position: write 00:01:02.500, 62.5s or bar|beat such as 3|1");
    }
}
