package org.understudy.engine.text.chinese;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code cleaner.clean_text(text, "zh", version)} for one Chinese segment, the v2 path of
 * {@code GPT_SoVITS/text/chinese2.py}: {@link TextNormalizer} and {@link ChinesePunctuation}, the
 * sentence split after each mark, Latin letters removed, then per sentence the segmenter's words and
 * the pinyin source's pinyins through {@link ChineseG2p}; {@code ￥} and {@code ^} become the silences
 * {@code SP2}/{@code SP3} as in {@code clean_special}; phones outside the table become {@code UNK}.
 * Upstream's v1 module ({@code chinese.py}, pypinyin without g2pW) is not ported: v1 models get the v2
 * rules with the v1 table. [any-thread] when the segmenter and pinyin source are.
 */
public final class ChineseFrontend {
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[!?…,.\\-])\\s*");
    private static final Pattern LATIN = Pattern.compile("[a-zA-Z]+");
    private static final String[][] SPECIAL = {{"￥", "SP2"}, {"^", "SP3"}};

    private final TextNormalizer normalizer;
    private final ChineseSegmenter segmenter;
    private final PinyinSource pinyins;
    private final ChineseG2p g2p;

    /** The normalised text, the phones ({@code UNK} for those outside the table) and {@code word2ph} (one entry per normalised character). */
    public record Result(String normText, List<String> phones, int[] word2ph) {}

    /** [any-thread] */
    public ChineseFrontend(TextNormalizer normalizer, ChineseSegmenter segmenter, PinyinSource pinyins,
                           PolyphonicCorrection corrections, PinyinToPhones mapping) {
        this.normalizer = normalizer;
        this.segmenter = segmenter;
        this.pinyins = pinyins;
        this.g2p = new ChineseG2p(new ToneSandhi(ToneSandhi.fromSearchCut(segmenter::cutForSearch)), pinyins::finalsTone3, corrections, mapping);
    }

    /**
     * [engine-worker] Reads {@code opencpop-strict.txt} and {@code g2pw/polyphonic.rep},
     * {@code g2pw/polyphonic-fix.rep} from a GPT-SoVITS {@code GPT_SoVITS/text} folder.
     * @throws IOException naming the missing file
     */
    public static ChineseFrontend load(Path gsvText, ChineseSegmenter segmenter, PinyinSource pinyins) throws IOException {
        final Path opencpop = gsvText.resolve("opencpop-strict.txt");
        final Path rep = gsvText.resolve("g2pw/polyphonic.rep"), fix = gsvText.resolve("g2pw/polyphonic-fix.rep");
        for (Path p : List.of(opencpop, rep, fix)) {
            if (!Files.isRegularFile(p)) throw new IOException("Chinese G2P needs " + p + " (from a GPT-SoVITS GPT_SoVITS/text folder), which is missing");
        }
        return new ChineseFrontend(new TextNormalizer(), segmenter, pinyins, PolyphonicCorrection.load(rep, fix), PinyinToPhones.load(opencpop));
    }

    /** [any-thread] One segment for a symbol table given as its membership test. */
    public Result clean(String text, java.util.function.Predicate<String> inTable) {
        for (String[] special : SPECIAL) {
            if (text.contains(special[0])) {
                final Result r = cleanPlain(text.replace(special[0], ","));
                final List<String> renamed = new ArrayList<>();
                for (String p : r.phones()) renamed.add(p.equals(",") ? special[1] : p);
                return checked(r.normText(), renamed, r.word2ph(), inTable);
            }
        }
        final Result r = cleanPlain(text);
        return checked(r.normText(), r.phones(), r.word2ph(), inTable);
    }

    private Result cleanPlain(String text) {
        final String norm = ChinesePunctuation.textNormalize(normalizer, text);
        final List<String> phones = new ArrayList<>();
        final List<Integer> word2ph = new ArrayList<>();
        final List<String> segs = new ArrayList<>();
        for (String sentence : SENTENCE_END.split(norm, -1)) {
            if (sentence.strip().isEmpty()) continue;
            final String seg = LATIN.matcher(sentence).replaceAll("");
            if (!seg.isEmpty()) segs.add(seg);
        }
        final List<List<String>> batch = pinyins.sentencePinyins(segs);   // one g2pW batch per text, as upstream
        for (int s = 0; s < segs.size(); s++) {
            final String seg = segs.get(s);
            final List<String> py = batch.get(s);
            final int chars = seg.codePointCount(0, seg.length());
            if (py.size() != chars) {
                throw new IllegalStateException("the pinyin source gave " + py.size() + " pinyins for the " + chars + " characters of '" + seg + "'");
            }
            final PinyinToPhones.Phones out = g2p.segment(segmenter.posseg(seg), py);
            phones.addAll(out.phones());
            word2ph.addAll(out.word2ph());
        }
        final int[] w2p = word2ph.stream().mapToInt(Integer::intValue).toArray();
        final int sum = word2ph.stream().mapToInt(Integer::intValue).sum();
        final int normLength = norm.codePointCount(0, norm.length());
        if (sum != phones.size() || w2p.length != normLength) {
            throw new IllegalStateException("Chinese G2P of '" + norm + "' gave " + phones.size() + " phones, word2ph summing to " + sum
                    + " with " + w2p.length + " entries for " + normLength + " characters (upstream asserts these agree)");
        }
        return new Result(norm, phones, w2p);
    }

    private static Result checked(String norm, List<String> phones, int[] word2ph, java.util.function.Predicate<String> inTable) {
        final List<String> out = new ArrayList<>(phones.size());
        for (String p : phones) out.add(inTable.test(p) ? p : "UNK");
        return new Result(norm, List.copyOf(out), word2ph);
    }
}
