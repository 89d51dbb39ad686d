package org.understudy.engine.script;

import java.util.List;

/** Writes timed cues (for example the actual rendered timings) as SRT or WebVTT text. [any-thread] */
public final class SubtitleWriter {
    private SubtitleWriter() {}

    public static String srt(List<Cue> cues) {
        final StringBuilder out = new StringBuilder();
        for (Cue c : timed(cues)) {
            out.append(c.number()).append('\n')
                    .append(Timecode.format(c.start().getAsDouble(), ',')).append(" --> ").append(Timecode.format(c.end().getAsDouble(), ',')).append('\n')
                    .append(c.text()).append("\n\n");
        }
        return out.toString();
    }

    public static String webVtt(List<Cue> cues) {
        final StringBuilder out = new StringBuilder("WEBVTT\n\n");
        for (Cue c : timed(cues)) {
            out.append(c.number()).append('\n')
                    .append(Timecode.format(c.start().getAsDouble(), '.')).append(" --> ").append(Timecode.format(c.end().getAsDouble(), '.')).append('\n');
            c.voice().ifPresent(v -> out.append("<v ").append(escape(v)).append('>'));
            out.append(escape(c.text())).append("\n\n");
        }
        return out.toString();
    }

    private static List<Cue> timed(List<Cue> cues) {
        for (Cue c : cues) {
            if (c.start().isEmpty() || c.end().isEmpty()) throw new IllegalArgumentException("cue " + c.number() + " has no rendered timing");
        }
        return cues;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
