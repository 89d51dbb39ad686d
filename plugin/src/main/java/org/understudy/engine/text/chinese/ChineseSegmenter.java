package org.understudy.engine.text.chinese;

import java.util.List;

/**
 * The jieba functions the Chinese frontend needs, supplied by a jieba-compatible segmenter:
 * {@code jieba_fast.posseg.lcut} (words with part-of-speech tags, for tone sandhi and erhua) and
 * {@code jieba.cut_for_search} (for {@link ToneSandhi}'s word split). Implementations must be
 * [any-thread] to be used from the engine.
 */
public interface ChineseSegmenter {
    /** {@code posseg.lcut(sentence)}: the words of a sentence in order, their texts concatenating to it. */
    List<ToneSandhi.Word> posseg(String sentence);

    /** {@code jieba.cut_for_search(word)}: the word and its sub-words. */
    List<String> cutForSearch(String word);
}
