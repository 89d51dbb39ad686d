package org.understudy.engine.text.chinese;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code cleaner.clean_text(text, "zh", version)} for one Chinese segment: {@link TextNormalizer} and
 * {@link ChinesePunctuation} ({@code chinese.text_normalize} and {@code chinese2.text_normalize} give the
 * same string), the sentence split after each mark, Latin letters removed, then per sentence the
 * segmenter's words and the pinyins. v2 and later models take upstream's {@code chinese2.py} path
 * ({@link ChineseG2p}: the pinyin source's sentence pinyins, g2pW's role); v1 models take
 * {@code chinese.py} ({@link ChineseG2pV1}: pypinyin's {@code lazy_pinyin} per word, the source's
 * {@link PinyinSource#wordPinyins}). {@code ￥} and {@code ^} become the silences {@code SP2}/{@code SP3}
 * as in {@code clean_special}; phones outside the table become {@code UNK}. [any-thread] when the
 * segmenter and pinyin source are.
 */
public final class ChineseFrontend {
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[!?…,.\\-])\\s*");
    private static final Pattern LATIN = Pattern.compile("[a-zA-Z]+");
    private static final String[][] SPECIAL = {{"￥", "SP2"}, {"^", "SP3"}};

    private final TextNormalizer normalizer;
    private final ChineseSegmenter segmenter;
    private final PinyinSource pinyins;
    private final ChineseG2p g2p;
    private final ChineseG2pV1 g2pV1;

    /** Upstream's Chinese module: {@code chinese.py} for v1 models, {@code chinese2.py} for v2 and later. */
    public enum Module {
        /** {@code chinese.py}: pypinyin per word, no polyphonic correction, no erhua merge (v1). */
        CHINESE,
        /** {@code chinese2.py}: g2pW per sentence (here the pinyin source), corrections, erhua (v2 and later). */
        CHINESE2;

        /** [any-thread] The module {@code cleaner.clean_text} picks for a model version. */
        public static Module forVersion(String version) {
            return "v1".equals(version) ? CHINESE : CHINESE2;
        }
    }

    /** The normalised text, the phones ({@code UNK} for those outside the table) and {@code word2ph} (one entry per normalised character). */
    public record Result(String normText, List<String> phones, int[] word2ph) {}

    /** [any-thread] */
    public ChineseFrontend(TextNormalizer normalizer, ChineseSegmenter segmenter, PinyinSource pinyins,
                           PolyphonicCorrection corrections, PinyinToPhones mapping) {
        this.normalizer = normalizer;
        this.segmenter = segmenter;
        this.pinyins = pinyins;
        final ToneSandhi sandhi = new ToneSandhi(ToneSandhi.fromSearchCut(segmenter::cutForSearch));
        this.g2p = new ChineseG2p(sandhi, pinyins::finalsTone3, corrections, mapping);
        this.g2pV1 = new ChineseG2pV1(sandhi, pinyins::finalsTone3, pinyins::wordPinyins, mapping);
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

    /** [any-thread] One segment through {@code chinese2.py} (v2 and later) for a symbol table given as its membership test. */
    public Result clean(String text, java.util.function.Predicate<String> inTable) {
        return clean(text, Module.CHINESE2, inTable);
    }

    /** [any-thread] One segment through upstream's {@code module} for a symbol table given as its membership test. */
    public Result clean(String text, Module module, java.util.function.Predicate<String> inTable) {
        for (String[] special : SPECIAL) {
            if (text.contains(special[0])) {
                final Result r = cleanPlain(text.replace(special[0], ","), module);
                final List<String> renamed = new ArrayList<>();
                for (String p : r.phones()) renamed.add(p.equals(",") ? special[1] : p);
                return checked(r.normText(), renamed, r.word2ph(), inTable);
            }
        }
        final Result r = cleanPlain(text, module);
        return checked(r.normText(), r.phones(), r.word2ph(), inTable);
    }

    private Result cleanPlain(String text, Module module) {
        final String norm = ChinesePunctuation.textNormalize(normalizer, text);
        final List<String> phones = new ArrayList<>();
        final List<Integer> word2ph = new ArrayList<>();
        final List<String> segs = new ArrayList<>();
        for (String sentence : SENTENCE_END.split(norm, -1)) {
            if (sentence.strip().isEmpty()) continue;
            final String seg = LATIN.matcher(sentence).replaceAll("");
            if (!seg.isEmpty()) segs.add(seg);
        }
        // v2: one g2pW batch per text, as upstream; v1 reads each word with the dictionary
        final List<List<String>> batch = module == Module.CHINESE ? null : pinyins.sentencePinyins(segs);
        for (int s = 0; s < segs.size(); s++) {
            final String seg = segs.get(s);
            final PinyinToPhones.Phones out;
            if (module == Module.CHINESE) {
                out = g2pV1.segment(segmenter.posseg(seg));
            } else {
                final List<String> py = batch.get(s);
                final int chars = seg.codePointCount(0, seg.length());
                if (py.size() != chars) {
                    throw new IllegalStateException("the pinyin source gave " + py.size() + " pinyins for the " + chars + " characters of '" + seg + "'");
                }
                out = g2p.segment(segmenter.posseg(seg), py);
            }
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
