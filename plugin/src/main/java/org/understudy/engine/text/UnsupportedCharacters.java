package org.understudy.engine.text;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds and removes, before the English frontend, the characters it cannot read: emoji and other
 * symbols, control and format characters (tab, CR and LF excepted), letters and digits of scripts other
 * than Latin, Latin letters with no ASCII base ({@code ß}, {@code ø}), private-use, unassigned and lone
 * surrogate code points. Upstream deletes most of these silently; here each removal is reported by
 * name. Punctuation and spaces of any script pass, as do the symbols the normaliser reads
 * ({@code $ £ % ° × ÷ + = /}, superscripts).
 */
public final class UnsupportedCharacters {
    private static final String READ_SYMBOLS = "$£%°×÷+=/<>^|~`#&*@_\\⁰¹²³⁴⁵⁶⁷⁸⁹ˣʸⁿ";

    /** The text without the unsupported characters, and one line naming each distinct one (empty when none). */
    public record Filtered(String text, List<String> dropped) {
        /** [any-thread] A warning naming the dropped characters, or null when there were none. */
        public String warning() {
            return dropped.isEmpty() ? null : "dropped unsupported characters: " + String.join(", ", dropped);
        }
    }

    private UnsupportedCharacters() {}

    /** [any-thread] */
    public static Filtered englishFilter(String text) {
        final StringBuilder kept = new StringBuilder(text.length());
        final Set<String> dropped = new LinkedHashSet<>();
        boolean afterLetter = false;
        for (int i = 0; i < text.length(); ) {
            final int c = text.codePointAt(i);
            i += Character.charCount(c);
            final boolean mark = Character.getType(c) == Character.NON_SPACING_MARK;
            if (supported(c) || mark && afterLetter) {
                kept.appendCodePoint(c);
                afterLetter = Character.isLetter(c) || mark && afterLetter;
            } else {
                dropped.add(describe(c));
                afterLetter = false;
            }
        }
        return new Filtered(kept.toString(), new ArrayList<>(dropped));
    }

    /**
     * [any-thread] The filter for mixed text, before language segmentation: what {@link #englishFilter}
     * keeps, plus Han, kana (with the prolonged-sound mark), Hangul, full-width ASCII forms, Greek
     * letters and the signs the Chinese normaliser reads ({@code ￥ ¥ ℃ ①–⑩}). Characters this keeps but
     * a segment's language cannot read are dealt with by that language's frontend.
     */
    public static Filtered mixedFilter(String text) {
        final StringBuilder kept = new StringBuilder(text.length());
        final Set<String> dropped = new LinkedHashSet<>();
        boolean afterLetter = false;
        for (int i = 0; i < text.length(); ) {
            final int c = text.codePointAt(i);
            i += Character.charCount(c);
            final boolean mark = Character.getType(c) == Character.NON_SPACING_MARK;
            if (supported(c) || mixedSupported(c) || mark && afterLetter) {
                kept.appendCodePoint(c);
                afterLetter = Character.isLetter(c) || mark && afterLetter;
            } else {
                dropped.add(describe(c));
                afterLetter = false;
            }
        }
        return new Filtered(kept.toString(), new ArrayList<>(dropped));
    }

    private static boolean mixedSupported(int c) {
        if (c >= 0xFF01 && c <= 0xFF5E || c == 0xFFE5 || c == 0xA5 || c == 0x2103 || c >= 0x2460 && c <= 0x2469 || c == 0x30FC) return true;
        if (c >= 0x3099 && c <= 0x309C) return true; // kana voicing marks
        if (!Character.isLetter(c)) return false;
        final Character.UnicodeScript script = Character.UnicodeScript.of(c);
        return script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
                || script == Character.UnicodeScript.KATAKANA || script == Character.UnicodeScript.HANGUL
                || script == Character.UnicodeScript.GREEK;
    }

    static boolean supported(int c) {
        if (c < 0x80) return c >= 0x20 && c != 0x7f || c == '\t' || c == '\n' || c == '\r';
        if (READ_SYMBOLS.indexOf(c) >= 0 && c <= 0xFFFF) return true;
        final int type = Character.getType(c);
        switch (type) {
            case Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                 Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                 Character.OTHER_PUNCTUATION:
                return true;
            case Character.NON_SPACING_MARK:
                return false; // a mark on its own; after a letter englishFilter keeps it
            default:
                break;
        }
        if (Character.isLetter(c)) {
            // é → e + mark: the normaliser strips the mark and keeps the ASCII base
            final String nfd = Normalizer.normalize(new String(Character.toChars(c)), Normalizer.Form.NFD);
            final int base = nfd.codePointAt(0);
            return base < 0x80 && Character.isLetter(base);
        }
        return false;
    }

    private static String describe(int c) {
        final String name = Character.getName(c);
        final String shown = Character.isISOControl(c) || Character.getType(c) == Character.FORMAT ? "" : "'" + new String(Character.toChars(c)) + "' ";
        return shown + String.format(Locale.ROOT, "U+%04X", c) + (name != null ? " " + name : "");
    }
}
