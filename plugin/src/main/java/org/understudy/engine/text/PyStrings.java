package org.understudy.engine.text;

import java.util.ArrayList;
import java.util.List;

/**
 * The few Python {@code str} semantics that upstream's text code relies on and Java's {@code String}
 * does differently: {@code isspace}, {@code strip()}, {@code strip(chars)}, {@code split()},
 * {@code isdigit} and {@code len} (code points). Stateless: [any-thread].
 */
public final class PyStrings {
    private PyStrings() {}

    /** Python's {@code str.isspace} for one code point (Java's {@code isWhitespace} misses the no-break spaces and U+0085). */
    public static boolean isSpace(int cp) {
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp == 0x85;
    }

    /**
     * Python's {@code str.isdigit}: decimal digits plus the other characters whose Unicode numeric type
     * is Digit (superscripts, circled and parenthesised 1–9, and the like).
     */
    public static boolean isDigit(int cp) {
        if (Character.getType(cp) == Character.DECIMAL_DIGIT_NUMBER) return true;
        return cp == 0xB2 || cp == 0xB3 || cp == 0xB9 || (cp >= 0x2070 && cp <= 0x2079 && cp != 0x2071 && cp != 0x2072
                && cp != 0x2073) || (cp >= 0x2080 && cp <= 0x2089) || (cp >= 0x2460 && cp <= 0x2468)
                || (cp >= 0x2474 && cp <= 0x247C) || (cp >= 0x2488 && cp <= 0x2490) || cp == 0x24EA
                || (cp >= 0x24F5 && cp <= 0x24FD) || cp == 0x24FF || (cp >= 0x2776 && cp <= 0x277E)
                || (cp >= 0x2780 && cp <= 0x2788) || (cp >= 0x278A && cp <= 0x2792);
    }

    /** Python's {@code len}: code points, not UTF-16 units. */
    public static int len(CharSequence s) {
        return Character.codePointCount(s, 0, s.length());
    }

    /** Python's {@code s.strip()}. */
    public static String strip(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isSpace(s.codePointAt(start))) start += Character.charCount(s.codePointAt(start));
        while (end > start && isSpace(s.codePointBefore(end))) end -= Character.charCount(s.codePointBefore(end));
        return s.substring(start, end);
    }

    /** Python's {@code s.strip(chars)}: drops any of {@code chars} from both ends. */
    public static String strip(String s, String chars) {
        int start = 0;
        int end = s.length();
        while (start < end && chars.indexOf(s.codePointAt(start)) >= 0) start += Character.charCount(s.codePointAt(start));
        while (end > start && chars.indexOf(s.codePointBefore(end)) >= 0) end -= Character.charCount(s.codePointBefore(end));
        return s.substring(start, end);
    }

    /** Python's {@code s.split()}: runs of whitespace separate, no empty pieces. */
    public static String[] splitWhitespace(String s) {
        final List<String> parts = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            while (i < s.length() && isSpace(s.codePointAt(i))) i += Character.charCount(s.codePointAt(i));
            final int start = i;
            while (i < s.length() && !isSpace(s.codePointAt(i))) i += Character.charCount(s.codePointAt(i));
            if (i > start) parts.add(s.substring(start, i));
        }
        return parts.toArray(new String[0]);
    }
}
