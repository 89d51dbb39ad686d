package org.understudy.engine.text.chinese;

import java.util.List;

/**
 * Where the Chinese frontend gets its pinyins: upstream's g2pW ({@code g2pw._g2pw}) on a sentence, and
 * pypinyin's finals for the sandhi merges. Implementations must be [any-thread] to be used from the
 * engine.
 */
public interface PinyinSource {
    /**
     * One entry per character (code point) of {@code sentence}, as g2pW gives them: a tone3 pinyin with
     * the neutral tone as 5 ({@code "zhong1"}, {@code "ma5"}) for a Chinese character, the character
     * itself for a punctuation mark.
     */
    List<String> sentencePinyins(String sentence);

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
