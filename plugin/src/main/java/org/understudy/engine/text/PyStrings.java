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
        for (int i = 0; i < OTHER_DIGITS.length; i += 2) {
            if (cp >= OTHER_DIGITS[i] && cp <= OTHER_DIGITS[i + 1]) return true;
        }
        return false;
    }

    /**
     * Inclusive ranges of the code points that are Numeric_Type=Digit without being decimal digits
     * (Unicode 14, Python 3.11), plus the Tangsa decimal digits that Java 17's Unicode 13 does not know.
     */
    private static final int[] OTHER_DIGITS = {
        0xB2, 0xB3, 0xB9, 0xB9, 0x1369, 0x1371, 0x19DA, 0x19DA, 0x2070, 0x2070, 0x2074, 0x2079,
        0x2080, 0x2089, 0x2460, 0x2468, 0x2474, 0x247C, 0x2488, 0x2490, 0x24EA, 0x24EA, 0x24F5, 0x24FD,
        0x24FF, 0x24FF, 0x2776, 0x277E, 0x2780, 0x2788, 0x278A, 0x2792, 0x10A40, 0x10A43, 0x10E60, 0x10E68,
        0x11052, 0x1105A, 0x16AC0, 0x16AC9, 0x1F100, 0x1F10A,
    };

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
