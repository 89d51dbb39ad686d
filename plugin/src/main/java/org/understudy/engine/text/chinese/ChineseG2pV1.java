package org.understudy.engine.text.chinese;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The per-segment loop of {@code GPT_SoVITS/text/chinese.py:_g2p}, the v1 path (no g2pW): jieba's words
 * are merged for sandhi ({@link ToneSandhi#preMergeForModify}), as in v2; then each merged word is read
 * on its own with pypinyin's {@code lazy_pinyin} ({@code _get_initials_finals}: the strict initials and
 * the tone3 finals, neutral tone 5), goes through {@link ToneSandhi#modifiedTone}, and the whole segment
 * is mapped to phones by the same opencpop-strict code as v2. Compared with {@link ChineseG2p} there is
 * no sentence-level pinyin, no polyphonic correction ({@code polyphonic*.rep}) and no erhua merge.
 * Words tagged {@code eng} are skipped.
 *
 * <p>A pinyin entry that is not a syllable (punctuation, or a character the dictionary has no reading
 * for) is its own initial and final, as pypinyin gives it; the mapping then accepts it only when it is
 * one of upstream's punctuation marks, and fails otherwise, as upstream's assertion does.
 * [any-thread] when its parts are.
 */
public final class ChineseG2pV1 {
    private final ToneSandhi sandhi;
    private final ToneSandhi.FinalsLookup pypinyinFinals;
    private final Function<String, List<String>> lazyPinyin;
    private final PinyinToPhones mapping;

    /**
     * [any-thread] {@code lazyPinyin}: pypinyin's {@code lazy_pinyin(word, TONE3, neutral_tone_with_five=True)}
     * ({@link PinyinSource#wordPinyins}); {@code pypinyinFinals}: its finals for the merges.
     */
    public ChineseG2pV1(ToneSandhi sandhi, ToneSandhi.FinalsLookup pypinyinFinals, Function<String, List<String>> lazyPinyin, PinyinToPhones mapping) {
        this.sandhi = sandhi;
        this.pypinyinFinals = pypinyinFinals;
        this.lazyPinyin = lazyPinyin;
        this.mapping = mapping;
    }

    /** One segment, given as jieba's posseg of it. [any-thread] */
    public PinyinToPhones.Phones segment(List<ToneSandhi.Word> words) {
        final List<String> initials = new ArrayList<>(), finals = new ArrayList<>();
        for (ToneSandhi.Word w : ToneSandhi.preMergeForModify(words, pypinyinFinals)) {
            if (w.pos().equals("eng")) continue;
            final Split split = split(lazyPinyin.apply(w.word()));
            initials.addAll(split.initials());
            finals.addAll(sandhi.modifiedTone(w.word(), w.pos(), split.finals()));
        }
        return mapping.phones(new PinyinToPhones.Syllables(initials, finals));
    }

    private record Split(List<String> initials, List<String> finals) {}

    // lazy_pinyin's INITIALS and FINALS_TONE3 styles of the same reading (strict, as pypinyin's default)
    private static Split split(List<String> pinyins) {
        final List<String> initials = new ArrayList<>(), finals = new ArrayList<>();
        for (String p : pinyins) {
            if (p.matches("[a-z]+[1-5]")) {
                initials.add(PinyinToPhones.toInitials(p));
                finals.add(PinyinToPhones.toFinalsTone3(p));
            } else {
                initials.add(p);
                finals.add(p);
            }
        }
        return new Split(initials, finals);
    }
}
