package org.understudy.engine.text.chinese;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link ChineseG2p} on zh_v2_g2p_supplied_pinyin.json, with g2pW's pinyins from the file. All cases
 * are checked with {@link JiebaSegmenter}'s words in {@link #allCasesMatchUpstreamWithJiebaSegmenter}.
 * Without a segmenter, the file's words are unknown, so {@link #sandhiSentencesMatchUpstream} checks only
 * its 40 cases whose input is a sentence of
 * tone_sandhi_pre_merge.json can be checked: their words are that file's posseg, with the punctuation
 * rewritten as chinese2.replace_punctuation does and split into segments after each mark, as g2p
 * does. pypinyin's finals for the merges and jieba's split come from the golden files too (see
 * {@link ToneSandhiPreMergeTest}); where jieba's split of a word of three or more characters is not
 * recorded, every split is tried and the case counted apart when only some give upstream's phones.
 */
class ChineseG2pTest {
    private static final Map<String, String> PUNCTUATION = Map.ofEntries(Map.entry("：", ","), Map.entry("；", ","), Map.entry("，", ","),
            Map.entry("。", "."), Map.entry("！", "!"), Map.entry("？", "?"), Map.entry("\n", "."), Map.entry("·", ","), Map.entry("、", ","),
            Map.entry("$", "."), Map.entry("/", ","), Map.entry("—", "-"), Map.entry("~", "…"), Map.entry("～", "…"));
    private static final String MARKS = "!?…,.-";

    private static PinyinToPhones mapping;
    private static PolyphonicCorrection corrections;
    private static Map<String, List<String>> splits;

    @BeforeAll
    static void load() throws IOException {
        mapping = PinyinToPhones.load(FrontendFixtures.gsvData("opencpop-strict.txt"));
        corrections = PolyphonicCorrection.load(FrontendFixtures.gsvData("g2pw/polyphonic.rep"), FrontendFixtures.gsvData("g2pw/polyphonic-fix.rep"));
        splits = new HashMap<>();
        for (JsonNode c : FrontendFixtures.json("tone_sandhi_modified_tone.json").path("cases")) {
            splits.put(c.path("word").asText(), FrontendFixtures.strings(c.path("split_word")));
        }
    }

    @Test
    void correctionsHaveUpstreamsEntries() {
        assertEquals(45047, corrections.size()); // the README's count for the rebuilt polyphonic dictionary
        assertEquals(List.of("hu2", "po1"), corrections.correct("湖泊", List.of("hu2", "bo2")));
        assertEquals(List.of("ai4", "ya1"), corrections.correct("唉呀", List.of("ai1", "ya1"))); // 唉 alone: ['ai4']
    }

    @Test
    void sandhiSentencesMatchUpstream() throws IOException {
        final Map<String, JsonNode> sandhi = new HashMap<>();
        for (JsonNode c : FrontendFixtures.json("tone_sandhi_pre_merge.json").path("cases")) sandhi.put(c.path("sentence").asText(), c);
        final List<String> failures = new ArrayList<>(), splitDependent = new ArrayList<>();
        int equal = 0, checked = 0, total = 0;
        for (JsonNode c : FrontendFixtures.json("zh_v2_g2p_supplied_pinyin.json").path("cases")) {
            total++;
            final JsonNode words = sandhi.get(c.path("input").asText());
            if (words == null) continue;
            checked++;
            // words of three or more characters whose jieba split is not recorded: try them all
            final Map<String, List<String>> unknown = new HashMap<>();
            compare(c, words, w -> {
                if (!splits.containsKey(w) && ToneSandhi.length(w) >= 3) unknown.put(w, List.of(w, ""));
                return splits.getOrDefault(w, List.of(w, ""));
            });
            final List<Map<String, List<String>>> choices = new ArrayList<>();
            choices.add(new HashMap<>());
            for (String w : unknown.keySet()) {
                final List<Map<String, List<String>>> next = new ArrayList<>();
                for (Map<String, List<String>> choice : choices) {
                    for (int cut = 0; cut < w.length(); cut++) {
                        final Map<String, List<String>> more = new HashMap<>(choice);
                        more.put(w, cut == 0 ? List.of(w, "") : List.of(w.substring(0, cut), w.substring(cut)));
                        next.add(more);
                    }
                }
                choices.clear();
                choices.addAll(next);
            }
            String problem = null;
            int matching = 0;
            for (Map<String, List<String>> choice : choices) {
                final String p = compare(c, words, w -> choice.getOrDefault(w, splits.getOrDefault(w, List.of(w, ""))));
                if (p == null) matching++;
                else problem = p;
            }
            if (matching == 0) failures.add(c.path("input").asText() + ": " + problem);
            else if (matching == choices.size()) equal++;
            else splitDependent.add(c.path("input").asText() + " " + unknown.keySet());
        }
        System.out.printf("zh_v2_g2p_supplied_pinyin.json: %d/%d equal, %d more equal under some split of %s (jieba's split not recorded);"
                + " %d of %d cases not checkable (jieba's words not recorded)%n",
                equal, checked, splitDependent.size(), splitDependent, total - checked, total);
        assertEquals(40, checked);
        assertEquals(List.of(), failures);
    }

    /**
     * Every case end to end from {@code norm_text}: {@link JiebaSegmenter} gives the words (on each
     * segment of norm_text, split after each mark as {@code chinese2.g2p} does) and {@code _split_word}.
     * pypinyin's finals for the merges are the recorded ones where the case is a sandhi sentence and
     * the word is recorded; otherwise they are read off {@code g2pw_output}, which is pypinyin on the
     * whole segment, so a word that pypinyin reads differently alone could differ (all 164 cases agree
     * with these finals alone too).
     */
    @Test
    void allCasesMatchUpstreamWithJiebaSegmenter() throws IOException {
        final JiebaSegmenter jieba = JiebaSegmenter.load(JiebaSegmenterTest.jiebaFolder());
        final Map<String, JsonNode> sandhi = new HashMap<>();
        for (JsonNode c : FrontendFixtures.json("tone_sandhi_pre_merge.json").path("cases")) sandhi.put(c.path("sentence").asText(), c);
        final ToneSandhi tones = new ToneSandhi(jieba.wordSplitter());
        final List<String> failures = new ArrayList<>();
        int equal = 0, total = 0;
        for (JsonNode c : FrontendFixtures.json("zh_v2_g2p_supplied_pinyin.json").path("cases")) {
            total++;
            final String norm = c.path("norm_text").asText();
            final List<String> segments = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < norm.length(); i++) {
                if (MARKS.indexOf(norm.charAt(i)) >= 0) {
                    segments.add(norm.substring(start, i + 1));
                    start = i + 1;
                }
            }
            if (start < norm.length()) segments.add(norm.substring(start));
            final JsonNode g2pw = c.path("g2pw_output");
            if (g2pw.size() != segments.size()) {
                failures.add(c.path("input").asText() + ": " + segments.size() + " segments, g2pW has " + g2pw.size());
                continue;
            }
            final JsonNode sandhiCase = sandhi.get(c.path("input").asText());
            final List<String> phones = new ArrayList<>();
            final List<Integer> word2ph = new ArrayList<>();
            for (int i = 0; i < segments.size(); i++) {
                final String seg = segments.get(i);
                final List<String> pinyins = FrontendFixtures.strings(g2pw.get(i));
                final ToneSandhi.FinalsLookup fromSegment = word -> {
                    final int at = seg.indexOf(word);
                    if (at < 0 || at + word.length() > pinyins.size()) throw new IllegalStateException(word + " is not in segment " + seg);
                    return PinyinToPhones.split(pinyins.subList(at, at + word.length())).finals();
                };
                final ToneSandhi.FinalsLookup recorded = sandhiCase == null ? null : finals(sandhiCase);
                final ToneSandhi.FinalsLookup lookup = recorded == null ? fromSegment : word -> {
                    try {
                        return recorded.finals(word);
                    } catch (IllegalStateException e) {
                        return fromSegment.finals(word);
                    }
                };
                final PinyinToPhones.Phones p = new ChineseG2p(tones, lookup, corrections, mapping).segment(jieba.posseg(seg), pinyins);
                phones.addAll(p.phones());
                word2ph.addAll(p.word2ph());
            }
            // cleaner.clean_special: with ￥ (else ^) in the input, every ',' phone becomes SP2 (SP3)
            final String input = c.path("input").asText();
            final String special = input.contains("￥") ? "SP2" : input.contains("^") ? "SP3" : null;
            if (special != null) phones.replaceAll(ph -> ph.equals(",") ? special : ph);
            final List<Integer> expectedWord2ph = new ArrayList<>();
            for (JsonNode n : c.path("word2ph")) expectedWord2ph.add(n.asInt());
            final List<String> expected = FrontendFixtures.strings(c.path("phones"));
            if (!expected.equals(phones)) failures.add(input + ": phones expected " + expected + ", got " + phones);
            else if (!expectedWord2ph.equals(word2ph)) failures.add(input + ": word2ph expected " + expectedWord2ph + ", got " + word2ph);
            else equal++;
        }
        System.out.printf("zh_v2_g2p_supplied_pinyin.json with JiebaSegmenter: %d/%d equal%n", equal, total);
        failures.forEach(System.out::println);
        assertEquals(164, total);
        assertEquals(List.of(), failures);
    }

    private static String compare(JsonNode c, JsonNode sandhiCase, ToneSandhi.WordSplitter splitter) {
        final List<List<ToneSandhi.Word>> segments = segments(sandhiCase.path("posseg"));
        final StringBuilder text = new StringBuilder();
        segments.forEach(s -> s.forEach(w -> text.append(w.word())));
        if (!text.toString().equals(c.path("norm_text").asText())) return "rebuilt text " + text + " is not norm_text " + c.path("norm_text").asText();
        final JsonNode g2pw = c.path("g2pw_output");
        if (g2pw.size() != segments.size()) return segments.size() + " segments, g2pW has " + g2pw.size();
        final ChineseG2p g2p = new ChineseG2p(new ToneSandhi(splitter), finals(sandhiCase), corrections, mapping);
        final List<String> phones = new ArrayList<>();
        final List<Integer> word2ph = new ArrayList<>();
        for (int i = 0; i < segments.size(); i++) {
            final PinyinToPhones.Phones p = g2p.segment(segments.get(i), FrontendFixtures.strings(g2pw.get(i)));
            phones.addAll(p.phones());
            word2ph.addAll(p.word2ph());
        }
        final List<Integer> expectedWord2ph = new ArrayList<>();
        for (JsonNode n : c.path("word2ph")) expectedWord2ph.add(n.asInt());
        final List<String> expected = FrontendFixtures.strings(c.path("phones"));
        if (!expected.equals(phones)) return "phones expected " + expected + ", got " + phones;
        if (!expectedWord2ph.equals(word2ph)) return "word2ph expected " + expectedWord2ph + ", got " + word2ph;
        return null;
    }

    // jieba's words with chinese2.replace_punctuation applied, a run of marks collapsed to its first,
    // and a new segment after each mark
    private static List<List<ToneSandhi.Word>> segments(JsonNode posseg) {
        final List<List<ToneSandhi.Word>> segments = new ArrayList<>();
        List<ToneSandhi.Word> current = new ArrayList<>();
        boolean afterMark = false;
        for (JsonNode p : posseg) {
            final String word = normalize(p.get(0).asText());
            if (word.isEmpty()) continue;
            final boolean mark = MARKS.contains(word);
            if (mark && afterMark) continue;
            current.add(new ToneSandhi.Word(word, p.get(1).asText()));
            afterMark = mark;
            if (mark) {
                segments.add(current);
                current = new ArrayList<>();
            }
        }
        if (!current.isEmpty()) segments.add(current);
        return segments;
    }

    private static String normalize(String word) {
        final StringBuilder out = new StringBuilder();
        word.replace("嗯", "恩").replace("呣", "母").replace("...", "…").codePoints().forEach(cp -> {
            final String ch = PUNCTUATION.getOrDefault(Character.toString(cp), Character.toString(cp));
            if (MARKS.contains(ch) || (ch.length() == 1 && ch.charAt(0) >= '\u4e00' && ch.charAt(0) <= '\u9fa5')) out.append(ch);
        });
        return out.toString();
    }

    // pypinyin's finals of jieba's words and of the merged words, keyed by the rewritten text;
    // other words as the concatenation of known parts
    private static ToneSandhi.FinalsLookup finals(JsonNode c) {
        return FrontendFixtures.recordedFinals(c, ChineseG2pTest::normalize, word -> {
            throw new IllegalStateException("no pypinyin finals recorded for " + word);
        });
    }
}
