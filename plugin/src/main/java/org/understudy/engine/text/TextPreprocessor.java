package org.understudy.engine.text;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What upstream's {@code GPT_SoVITS/TTS_infer_pack/TextPreprocessor.py} does to a script before G2P:
 * {@code replace_consecutive_punctuation}, then {@code pre_seg_text} (a leading 。 when the first clause
 * is shorter than four characters, the cut method, short pieces merged up to five characters, pieces of
 * only symbols skipped, a final mark added, pieces over 510 characters split), with
 * {@code merge_short_text_in_array}. The BERT and G2P half of upstream's class is not here.
 * Stateless: [any-thread].
 */
public final class TextPreprocessor {
    /** Pieces shorter than this are merged with the next ones. */
    public static final int MERGE_THRESHOLD = 5;
    /** Pieces longer than this are split ({@code split_big_text}). */
    public static final int MAX_PIECE_LENGTH = 510;

    private static final Pattern CONSECUTIVE = Pattern.compile("([!?…,.\\-])[!?…,.\\-]+");
    private static final Pattern SPLIT_MARK = Pattern.compile("[" + TextSegmentation.SPLITS + "]");

    private TextPreprocessor() {}

    /** A run of {@code ! ? … , . -} keeps its first mark ({@code -} counts here, unlike in chinese2). */
    public static String replaceConsecutivePunctuation(String text) {
        return CONSECUTIVE.matcher(text).replaceAll("$1");
    }

    /**
     * Upstream's {@code pre_seg_text}: the pieces that go to G2P one by one. {@code lang} only matters
     * as {@code "en"} (which adds {@code .} where other languages add 。).
     *
     * @throws IllegalArgumentException when the cut leaves nothing but blanks (upstream's
     *     {@code ValueError: 请输入有效文本})
     */
    public static List<String> preSegText(String text, String lang, TextSegmentation.Method method) {
        final String stop = "en".equals(lang) ? "." : "。";
        text = PyStrings.strip(text, "\n");
        if (text.isEmpty()) return List.of();
        if (TextSegmentation.SPLITS.indexOf(text.codePointAt(0)) < 0 && PyStrings.len(firstClause(text)) < 4) {
            text = stop + text;
        }
        text = TextSegmentation.cut(method, text);
        while (text.contains("\n\n")) text = text.replace("\n\n", "\n");

        final List<String> nonBlank = new ArrayList<>();
        boolean allBlank = true;
        for (String piece : text.split("\n", -1)) {
            if (!piece.equals(" ") && !piece.equals("\n") && !piece.isEmpty()) allBlank = false;
            if (!piece.equals(" ") && !piece.isEmpty()) nonBlank.add(piece);
        }
        if (allBlank) throw new IllegalArgumentException("no text to synthesise after cutting with " + method.upstreamName());

        final List<String> pieces = new ArrayList<>();
        for (String piece : mergeShortTextInArray(nonBlank, MERGE_THRESHOLD)) {
            if (PyStrings.strip(piece).isEmpty() || !hasWordCharacter(piece)) continue;
            if (TextSegmentation.SPLITS.indexOf(piece.codePointBefore(piece.length())) < 0) piece += stop;
            if (PyStrings.len(piece) > MAX_PIECE_LENGTH) pieces.addAll(TextSegmentation.splitBigText(piece, MAX_PIECE_LENGTH));
            else pieces.add(piece);
        }
        return pieces;
    }

    /** Upstream's {@code merge_short_text_in_array}: pieces joined until each reaches {@code threshold}; a short rest joins the last. */
    public static List<String> mergeShortTextInArray(List<String> texts, int threshold) {
        if (texts.size() < 2) return new ArrayList<>(texts);
        final List<String> result = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (String element : texts) {
            text.append(element);
            if (PyStrings.len(text) >= threshold) {
                result.add(text.toString());
                text = new StringBuilder();
            }
        }
        if (text.length() > 0) {
            if (result.isEmpty()) result.add(text.toString());
            else result.set(result.size() - 1, result.get(result.size() - 1) + text);
        }
        return result;
    }

    /** Upstream's {@code get_first}: the text before the first clause mark, stripped. */
    private static String firstClause(String text) {
        return PyStrings.strip(SPLIT_MARK.split(text, 2)[0]);
    }

    /** Python's {@code \w}: a letter, a number (any of Nd, Nl, No) or {@code _}. */
    private static boolean hasWordCharacter(String text) {
        return text.codePoints().anyMatch(cp -> {
            if (cp == '_' || Character.isLetter(cp)) return true;
            final int type = Character.getType(cp);
            return type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER || type == Character.OTHER_NUMBER;
        });
    }
}
