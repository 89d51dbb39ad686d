package org.understudy.engine.text.chinese;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the Chinese frontend gets its pinyins: upstream's g2pW ({@code g2pw._g2pw}) on a sentence (the v2
 * path), pypinyin's {@code lazy_pinyin} on one word (the v1 path, {@code chinese.py}), and pypinyin's
 * finals for the sandhi merges. Implementations must be [any-thread] to be used from the engine.
 */
public interface PinyinSource {
    /**
     * One entry per character (code point) of {@code sentence}, as g2pW gives them: a tone3 pinyin with
     * the neutral tone as 5 ({@code "zhong1"}, {@code "ma5"}) for a Chinese character, the character
     * itself for a punctuation mark.
     */
    List<String> sentencePinyins(String sentence);

    /**
     * pypinyin's {@code lazy_pinyin(word, style=TONE3, neutral_tone_with_five=True)} on one word, the
     * pinyin {@code chinese._get_initials_finals} splits for v1 models: a tone3 pinyin per Chinese
     * character, read with the phrase dictionary for the word alone (no sentence context), and, as
     * pypinyin does, a run of other characters as one entry holding that run. The default reads the
     * word with {@link #sentencePinyins} and joins the entries of such runs, which suits a dictionary
     * source; a source that is a context model (g2pW) should override it with a dictionary reading.
     */
    default List<String> wordPinyins(String word) {
        final List<String> perChar = sentencePinyins(word);
        final int[] cps = word.codePoints().toArray();
        if (perChar.size() != cps.length) return perChar;
        final List<String> out = new ArrayList<>();
        StringBuilder run = null;
        for (int i = 0; i < cps.length; i++) {
            if (Character.UnicodeScript.of(cps[i]) == Character.UnicodeScript.HAN) {
                if (run != null) out.add(run.toString());
                run = null;
                out.add(perChar.get(i));
            } else {
                if (run == null) run = new StringBuilder();
                run.appendCodePoint(cps[i]);
            }
        }
        if (run != null) out.add(run.toString());
        return out;
    }

    /**
     * {@link #sentencePinyins(String)} for each sentence, as upstream batches a text's sentences through
     * g2pW in one call; a source that runs a model overrides it to run once.
     */
    default List<List<String>> sentencePinyins(List<String> sentences) {
        final List<List<String>> out = new java.util.ArrayList<>(sentences.size());
        for (String s : sentences) out.add(sentencePinyins(s));
        return out;
    }

    /** pypinyin's {@code lazy_pinyin(word, style=FINALS_TONE3, neutral_tone_with_five=True)}. */
    List<String> finalsTone3(String word);
}
