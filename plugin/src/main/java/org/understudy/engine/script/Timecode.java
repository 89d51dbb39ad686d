package org.understudy.engine.script;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Subtitle timecodes: SRT's {@code HH:MM:SS,mmm} and WebVTT's {@code [HH:]MM:SS.mmm}, in seconds. [any-thread] */
final class Timecode {
    private static final Pattern SRT = Pattern.compile("(\\d+):([0-5]\\d):([0-5]\\d)[,.](\\d{1,3})");
    private static final Pattern VTT = Pattern.compile("(?:(\\d{2,}):)?([0-5]\\d):([0-5]\\d)\\.(\\d{3})");

    private Timecode() {}

    /** Seconds, or -1 when {@code s} is not an SRT timecode (a '.' before the milliseconds is accepted, as many tools write it). */
    static double srt(String s) {
        return parse(SRT.matcher(s));
    }

    /** Seconds, or -1 when {@code s} is not a WebVTT timestamp. */
    static double vtt(String s) {
        return parse(VTT.matcher(s));
    }

    private static double parse(Matcher m) {
        if (!m.matches()) return -1;
        final long hours = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
        final String frac = (m.group(4) + "00").substring(0, 3);
        final long millis = ((hours * 60 + Long.parseLong(m.group(2))) * 60 + Long.parseLong(m.group(3))) * 1000 + Long.parseLong(frac);
        return millis / 1000.0;
    }

    /** {@code HH:MM:SS,mmm} (SRT) or {@code HH:MM:SS.mmm} (WebVTT), rounded to the millisecond. */
    static String format(double seconds, char separator) {
        final long ms = Math.round(seconds * 1000);
        return String.format(Locale.ROOT, "%02d:%02d:%02d%c%03d", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, separator, ms % 1000);
    }
}
