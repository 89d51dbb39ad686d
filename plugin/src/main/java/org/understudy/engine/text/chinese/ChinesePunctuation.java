package org.understudy.engine.text.chinese;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The punctuation step of the Chinese frontend, after upstream's {@code GPT_SoVITS/text/chinese2.py}
 * ({@code replace_punctuation}, {@code replace_consecutive_punctuation}, {@code text_normalize}):
 * Chinese and other marks become the five symbols the models know ({@code ! ? … , .}), everything
 * that is neither a CJK unified ideograph (U+4E00–U+9FA5) nor one of those five is dropped, and a run of
 * marks keeps its first. Stateless: [any-thread].
 */
public final class ChinesePunctuation {
    /** The punctuation symbols of upstream's {@code text/symbols.py}. */
    public static final String PUNCTUATION = "!?…,.";

    /** Replacements tried at each position in this order, as upstream's regex alternation does. */
    private static final String[][] MAP = {
        {"：", ","}, {"；", ","}, {"，", ","}, {"。", "."}, {"！", "!"}, {"？", "?"}, {"\n", "."}, {"·", ","},
        {"、", ","}, {"...", "…"}, {"$", "."}, {"/", ","}, {"—", "-"}, {"~", "…"}, {"～", "…"},
    };
    private static final Pattern NOT_KEPT = Pattern.compile("[^\\u4e00-\\u9fa5!?…,.]+");
    private static final Pattern CONSECUTIVE = Pattern.compile("([!?…,.])[!?…,.]+");

    private ChinesePunctuation() {}

    /** {@code chinese2.replace_punctuation}: 嗯 → 恩, 呣 → 母, the mark mapping, then the filter. */
    public static String replacePunctuation(String text) {
        text = text.replace("嗯", "恩").replace("呣", "母");
        final StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        scan:
        while (i < text.length()) {
            for (String[] pair : MAP) {
                if (text.startsWith(pair[0], i)) {
                    out.append(pair[1]);
                    i += pair[0].length();
                    continue scan;
                }
            }
            out.append(text.charAt(i++));
        }
        return NOT_KEPT.matcher(out).replaceAll("");
    }

    /** {@code chinese2.replace_consecutive_punctuation}: a run of {@code ! ? … , .} keeps its first mark. */
    public static String replaceConsecutivePunctuation(String text) {
        return CONSECUTIVE.matcher(text).replaceAll("$1");
    }

    /** {@code chinese2.text_normalize}: normalise, map each sentence's punctuation, join, collapse runs. */
    public static String textNormalize(TextNormalizer normalizer, String text) {
        final List<String> sentences = normalizer.normalize(text);
        final StringBuilder joined = new StringBuilder();
        for (String sentence : sentences) joined.append(replacePunctuation(sentence));
        return replaceConsecutivePunctuation(joined.toString());
    }
}
