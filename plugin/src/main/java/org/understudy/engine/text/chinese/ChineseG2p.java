package org.understudy.engine.text.chinese;

import java.util.ArrayList;
import java.util.List;

/**
 * The per-segment loop of {@code GPT_SoVITS/text/chinese2.py:_g2p} (the v2 path, with g2pW): jieba's
 * words are merged for sandhi ({@link ToneSandhi#preMergeForModify}); then each word takes its
 * span of the segment's g2pW pinyins, the polyphonic corrections, the initial/final split, tone
 * sandhi and the erhua merge; the whole segment is mapped to phones. Words tagged {@code eng} are
 * skipped (their span too).
 *
 * <p>The word segmentation with part-of-speech tags (jieba's {@code posseg}) and the pinyins (g2pW)
 * are inputs; so is pypinyin's finals lookup that the merges need. [any-thread] when its parts are.
 */
public final class ChineseG2p {
    private final ToneSandhi sandhi;
    private final ToneSandhi.FinalsLookup pypinyinFinals;
    private final PolyphonicCorrection corrections;
    private final PinyinToPhones mapping;

    /** [any-thread] */
    public ChineseG2p(ToneSandhi sandhi, ToneSandhi.FinalsLookup pypinyinFinals, PolyphonicCorrection corrections, PinyinToPhones mapping) {
        this.sandhi = sandhi;
        this.pypinyinFinals = pypinyinFinals;
        this.corrections = corrections;
        this.mapping = mapping;
    }

    /**
     * One segment: {@code words} is jieba's posseg of the segment text, {@code pinyins} one tone3
     * pinyin (or punctuation mark) per character of it, as g2pW gives them. [any-thread]
     */
    public PinyinToPhones.Phones segment(List<ToneSandhi.Word> words, List<String> pinyins) {
        final List<String> initials = new ArrayList<>(), finals = new ArrayList<>();
        int start = 0;
        for (ToneSandhi.Word w : ToneSandhi.preMergeForModify(words, pypinyinFinals)) {
            final int end = start + ToneSandhi.length(w.word());
            if (w.pos().equals("eng")) {
                start = end;
                continue;
            }
            final List<String> span = pinyins.subList(Math.min(start, pinyins.size()), Math.min(end, pinyins.size()));
            start = end;
            final PinyinToPhones.Syllables split = PinyinToPhones.split(corrections.correct(w.word(), span));
            final List<String> toned = sandhi.modifiedTone(w.word(), w.pos(), split.finals());
            final PinyinToPhones.Syllables merged = PinyinToPhones.mergeErhua(new PinyinToPhones.Syllables(split.initials(), toned), w.word(), w.pos());
            initials.addAll(merged.initials());
            finals.addAll(merged.finals());
        }
        return mapping.phones(new PinyinToPhones.Syllables(initials, finals));
    }
}
