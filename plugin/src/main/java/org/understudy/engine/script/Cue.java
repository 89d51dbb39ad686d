package org.understudy.engine.script;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One line of narration: its number in the script (from 1), where it starts and ends on the timeline
 * in seconds (absent in plain text, where cues follow one another), the text to speak, and an optional
 * voice and inference settings (named as in the preset's {@code inference}) that override the preset's.
 */
public record Cue(int number, OptionalDouble start, OptionalDouble end, String text, Optional<String> voice, Map<String, Double> settings) {
    public Cue {
        settings = Map.copyOf(settings);
        if (number < 1) throw new IllegalArgumentException("cue numbers start at 1");
        if (text.isBlank()) throw new IllegalArgumentException("cue " + number + " has no text");
        if (start.isPresent() && !(start.getAsDouble() >= 0)) throw new IllegalArgumentException("cue " + number + " starts before 0");
        if (end.isPresent() && (start.isEmpty() || !(end.getAsDouble() > start.getAsDouble()))) {
            throw new IllegalArgumentException("cue " + number + " ends before it starts");
        }
    }

    /** A cue with no position: placed after the previous one. */
    public static Cue untimed(int number, String text) {
        return new Cue(number, OptionalDouble.empty(), OptionalDouble.empty(), text, Optional.empty(), Map.of());
    }

    public static Cue timed(int number, double start, double end, String text, Optional<String> voice) {
        return new Cue(number, OptionalDouble.of(start), OptionalDouble.of(end), text, voice, Map.of());
    }
}
