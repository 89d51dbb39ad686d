package org.understudy.engine.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Cutting a script into the pieces that are synthesised one by one, after upstream's
 * {@code GPT_SoVITS/TTS_infer_pack/text_segmentation_method.py}: the methods {@code cut0}–{@code cut5}
 * (each returns the pieces joined by {@code \n}, like upstream's) and {@code split_big_text}.
 * Lengths count code points, as Python's {@code len} does. One deliberate difference: on an empty
 * text (after stripping newlines) upstream's {@code cut1} and {@code cut2} raise {@code IndexError};
 * here they return an empty string ({@link TextPreprocessor#preSegText} never passes one).
 * Stateless: [any-thread].
 */
public final class TextSegmentation {
    /** The cut methods by upstream name. */
    public enum Method {
        /** No cut. */
        CUT0,
        /** Every four clauses. */
        CUT1,
        /** About every 50 characters, at clause ends. */
        CUT2,
        /** At each Chinese full stop 。. */
        CUT3,
        /** At each English full stop not between digits. */
        CUT4,
        /** After every punctuation mark (a point between digits excepted). */
        CUT5;

        /** "cut0" … "cut5". */
        public String upstreamName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** The method named "cut0" … "cut5"; other names throw, naming the value. */
        public static Method of(String name) {
            for (Method m : values()) if (m.upstreamName().equals(name)) return m;
            throw new IllegalArgumentException("unknown text cut method '" + name + "' (cut0 … cut5)");
        }
    }

    /** Marks a clause ends at ({@code splits} upstream). */
    public static final String SPLITS = "，。？！,.?!~:：—…";
    /** A piece made only of these (or empty) is dropped. */
    private static final Set<Integer> PUNCTUATION = codePoints("!?…,.- ");
    /** cut5's marks. */
    private static final Set<Integer> CUT5_MARKS = codePoints(",.;?!、，。？！;：…");
    private static final Pattern SPLITS_CAPTURING = Pattern.compile("([" + SPLITS + "])");
    private static final Pattern CUT4_POINT = Pattern.compile("(?<!\\d)\\.(?!\\d)", Pattern.UNICODE_CHARACTER_CLASS);

    private TextSegmentation() {}

    /** Runs one method. [any-thread] */
    public static String cut(Method method, String text) {
        return switch (method) {
            case CUT0 -> cut0(text);
            case CUT1 -> cut1(text);
            case CUT2 -> cut2(text);
            case CUT3 -> cut3(text);
            case CUT4 -> cut4(text);
            case CUT5 -> cut5(text);
        };
    }

    /** The text unchanged, or {@code "\n"} when it is only punctuation and spaces. */
    public static String cut0(String text) {
        return onlyPunctuation(text, PUNCTUATION) ? "\n" : text;
    }

    /** Groups of four clauses. */
    public static String cut1(String text) {
        text = PyStrings.strip(text, "\n");
        final List<String> clauses = clauses(text);
        final List<String> pieces = new ArrayList<>();
        if (clauses.size() > 4) {
            // upstream's boundaries 0, 4, 8, … with the last one replaced by "to the end"
            final int groups = (clauses.size() + 3) / 4;
            for (int g = 0; g < groups - 1; g++) {
                final int end = g == groups - 2 ? clauses.size() : (g + 1) * 4;
                pieces.add(String.join("", clauses.subList(g * 4, end)));
            }
        } else {
            pieces.add(text);
        }
        return joinKept(pieces, PUNCTUATION);
    }

    /** Clauses gathered until a piece passes 50 characters; a short last piece joins the one before. */
    public static String cut2(String text) {
        text = PyStrings.strip(text, "\n");
        final List<String> clauses = clauses(text);
        if (clauses.size() < 2) return text;
        final List<String> pieces = new ArrayList<>();
        int length = 0;
        StringBuilder piece = new StringBuilder();
        for (String clause : clauses) {
            length += PyStrings.len(clause);
            piece.append(clause);
            if (length > 50) {
                length = 0;
                pieces.add(piece.toString());
                piece = new StringBuilder();
            }
        }
        if (piece.length() > 0) pieces.add(piece.toString());
        if (pieces.size() > 1 && PyStrings.len(pieces.get(pieces.size() - 1)) < 50) {
            final String last = pieces.remove(pieces.size() - 1);
            pieces.set(pieces.size() - 1, pieces.get(pieces.size() - 1) + last);
        }
        return joinKept(pieces, PUNCTUATION);
    }

    /** At each 。 (which is dropped). */
    public static String cut3(String text) {
        text = PyStrings.strip(PyStrings.strip(text, "\n"), "。");
        return joinKept(List.of(text.split("。", -1)), PUNCTUATION);
    }

    /** At each {@code .} not between digits (which is dropped). */
    public static String cut4(String text) {
        text = PyStrings.strip(PyStrings.strip(text, "\n"), ".");
        return joinKept(List.of(CUT4_POINT.split(text, -1)), PUNCTUATION);
    }

    /** After each punctuation mark, the mark kept; a {@code .} between two digits does not cut. */
    public static String cut5(String text) {
        text = PyStrings.strip(text, "\n");
        final List<String> pieces = new ArrayList<>();
        final int[] cps = text.codePoints().toArray();
        StringBuilder piece = new StringBuilder();
        for (int i = 0; i < cps.length; i++) {
            final int c = cps[i];
            piece.appendCodePoint(c);
            if (!CUT5_MARKS.contains(c)) continue;
            final boolean decimalPoint = c == '.' && i > 0 && i < cps.length - 1
                    && PyStrings.isDigit(cps[i - 1]) && PyStrings.isDigit(cps[i + 1]);
            if (!decimalPoint) {
                pieces.add(piece.toString());
                piece = new StringBuilder();
            }
        }
        if (piece.length() > 0) pieces.add(piece.toString());
        return joinKept(pieces, CUT5_MARKS);
    }

    /**
     * {@code split_big_text}: pieces of at most {@code maxLength} characters, cut after clause marks.
     * Like upstream, the first piece is empty when the first clause alone is longer than the limit,
     * and a clause longer than the limit is kept whole.
     */
    public static List<String> splitBigText(String text, int maxLength) {
        final List<String> result = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String segment : splitKeepingMarks(text)) {
            if (PyStrings.len(current) + PyStrings.len(segment) > maxLength) {
                result.add(current.toString());
                current = new StringBuilder(segment);
            } else {
                current.append(segment);
            }
        }
        if (current.length() > 0) result.add(current.toString());
        return result;
    }

    /** {@code split_big_text} with upstream's default limit, 510. */
    public static List<String> splitBigText(String text) {
        return splitBigText(text, 510);
    }

    /**
     * Upstream's {@code split}: …… → 。 and —— → ，, a final 。 when the text does not end on a mark,
     * then one clause per mark, the mark kept.
     */
    static List<String> clauses(String text) {
        text = text.replace("……", "。").replace("——", "，");
        if (text.isEmpty() || SPLITS.indexOf(text.codePointBefore(text.length())) < 0) text += "。";
        final List<String> clauses = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (SPLITS.indexOf(text.charAt(i)) >= 0) {
                clauses.add(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        return clauses;
    }

    /** Python's {@code re.split("([marks])", text)}: text and marks alternating, empty pieces kept. */
    private static List<String> splitKeepingMarks(String text) {
        final List<String> pieces = new ArrayList<>();
        final var m = SPLITS_CAPTURING.matcher(text);
        int last = 0;
        while (m.find()) {
            pieces.add(text.substring(last, m.start()));
            pieces.add(m.group(1));
            last = m.end();
        }
        pieces.add(text.substring(last));
        return pieces;
    }

    private static String joinKept(List<String> pieces, Set<Integer> dropIfOnly) {
        final List<String> kept = new ArrayList<>();
        for (String piece : pieces) if (!onlyPunctuation(piece, dropIfOnly)) kept.add(piece);
        return String.join("\n", kept);
    }

    private static boolean onlyPunctuation(String text, Set<Integer> marks) {
        return text.codePoints().allMatch(marks::contains);
    }

    private static Set<Integer> codePoints(String s) {
        final Set<Integer> set = new java.util.HashSet<>();
        s.codePoints().forEach(set::add);
        return Set.copyOf(set);
    }
}
