package org.understudy.engine.text.chinese;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.understudy.engine.text.CmuDict;
import org.understudy.engine.text.Frontend;
import org.understudy.engine.text.FrontendFixtures;
import org.understudy.engine.text.LangSegmenter;
import org.understudy.engine.text.Lexicon;
import org.understudy.engine.text.Symbols;

/**
 * The v1 Chinese path ({@code chinese.py}, pypinyin's {@code lazy_pinyin} per word) against
 * zh_v1_clean_text.json ({@code cleaner.clean_text(input, "zh", "v1")}, 164 cases), stage by stage:
 * norm_text, phones, word2ph and ids_v1. {@link DictionaryPinyin} stands in for pypinyin 0.55.0, so the
 * phones are not all equal: where pypinyin's phrase dictionary reads a word differently from
 * com.github.houbb:pinyin's, the syllable differs. Every disagreement is printed with the characters
 * whose syllables differ. To show that these are the dictionary's and not the port's, the same cases
 * also run with pypinyin's own readings supplied (zh_v2_g2p_supplied_pinyin.json records pypinyin's
 * {@code pinyin(segment, TONE3)} for the same inputs; see {@link #portMatchesUpstreamWithPypinyinsReadings}).
 */
class ChineseV1GoldenTest {
    private static final String FILE = "zh_v1_clean_text.json";

    private static JiebaSegmenter jieba;
    private static PinyinToPhones mapping;
    private static ChineseFrontend chinese;
    private static JsonNode cases;

    @BeforeAll
    static void load() throws IOException {
        jieba = JiebaSegmenter.load(FrontendFixtures.jiebaFolder());
        mapping = PinyinToPhones.load(FrontendFixtures.gsvData().resolve("opencpop-strict.txt"));
        chinese = ChineseFrontend.load(FrontendFixtures.gsvData(), jieba, new DictionaryPinyin());
        cases = FrontendFixtures.load(FILE).path("cases");
    }

    @Test
    void allStagesAgainstUpstreamWithDictionaryPinyin() {
        int total = 0, norm = 0, phones = 0, word2ph = 0, ids = 0, failed = 0;
        final List<String> normDiffs = new ArrayList<>(), diffs = new ArrayList<>();
        for (JsonNode c : cases) {
            total++;
            final String input = c.path("input").asText();
            final ChineseFrontend.Result r;
            try {
                r = chinese.clean(input, ChineseFrontend.Module.CHINESE, Symbols.V1::contains);
            } catch (RuntimeException e) {
                failed++;
                diffs.add(input + ": failed: " + e.getMessage());
                continue;
            }
            final List<String> expectedPhones = FrontendFixtures.strings(c.path("phones"));
            final int[] expectedWord2ph = ints(c.path("word2ph")), expectedIds = ints(c.path("ids_v1"));
            if (r.normText().equals(c.path("norm_text").asText())) norm++;
            else normDiffs.add(input + ": norm_text expected " + c.path("norm_text").asText() + ", got " + r.normText());
            if (Arrays.equals(expectedWord2ph, r.word2ph())) word2ph++;
            if (Arrays.equals(expectedIds, Symbols.V1.ids(r.phones()))) ids++;
            if (r.phones().equals(expectedPhones)) phones++;
            else diffs.add(input + ": " + syllableDiff(r.normText(), expectedWord2ph, expectedPhones, r.phones()));
        }
        System.out.printf("golden %s (DictionaryPinyin for pypinyin): norm_text %d/%d equal, phones %d/%d, word2ph %d/%d, ids_v1 %d/%d; %d failed%n",
                FILE, norm, total, phones, total, word2ph, total, ids, total, failed);
        normDiffs.forEach(d -> System.out.println("  " + d));
        diffs.forEach(d -> System.out.println("  " + d));
        assertEquals(164, total);
        // the normalisation is upstream's exactly (chinese.text_normalize = chinese2.text_normalize)
        assertEquals(List.of(), normDiffs);
        // word2ph counts 2 per syllable and 1 per mark, so it differs only where a case fails
        assertEquals(total - failed, word2ph);
        // Measured 2026-11-25: phones and ids 161/164. The 3 differences are readings where
        // com.github.houbb:pinyin's dictionary and pypinyin 0.55.0's disagree, not the port (all three
        // pass with pypinyin's readings in portMatchesUpstreamWithPypinyinsReadings):
        //   成绩 绩: pypinyin ji4, houbb ji1; 空格 空: pypinyin kong4 (phrase), houbb kong1;
        //   慢慢地 地: pypinyin di4 (then neutral 5 by the 的地得 sandhi rule), houbb de.
        // The floor is just under the measurement, so one more lost case fails the test.
        assertTrue(phones >= 160, "phones " + phones + "/" + total);
        assertEquals(phones, ids);
    }

    /**
     * The port alone: jieba, the merges, sandhi and the mapping with pypinyin's own readings, taken
     * from zh_v2_g2p_supplied_pinyin.json's {@code g2pw_output} (pypinyin on the whole segment; v1 reads
     * each word alone, which can differ where pypinyin's phrase split crosses a word boundary). The
     * finals for the merges come from the same readings.
     */
    @Test
    void portMatchesUpstreamWithPypinyinsReadings() throws IOException {
        final JsonNode v2 = FrontendFixtures.load("zh_v2_g2p_supplied_pinyin.json").path("cases");
        final ToneSandhi tones = new ToneSandhi(jieba.wordSplitter());
        final List<String> diffs = new ArrayList<>();
        int total = 0, equal = 0;
        for (int k = 0; k < cases.size(); k++) {
            final JsonNode c = cases.get(k), readings = v2.get(k);
            final String input = c.path("input").asText();
            assertEquals(input, readings.path("input").asText());
            total++;
            final String norm = c.path("norm_text").asText();
            final List<String> segments = segments(norm);
            final JsonNode g2pw = readings.path("g2pw_output");
            if (g2pw.size() != segments.size()) {
                diffs.add(input + ": " + segments.size() + " segments, pypinyin has " + g2pw.size());
                continue;
            }
            final List<String> phones = new ArrayList<>();
            final List<Integer> word2ph = new ArrayList<>();
            try {
                for (int i = 0; i < segments.size(); i++) {
                    final String seg = segments.get(i);
                    final List<String> pinyins = FrontendFixtures.strings(g2pw.get(i));
                    final Function<String, List<String>> spanOf = word -> {
                        final int at = seg.indexOf(word);
                        if (at < 0) throw new IllegalStateException(word + " is not in segment " + seg);
                        return pinyins.subList(at, at + word.length());
                    };
                    final ToneSandhi.FinalsLookup finals = word -> PinyinToPhones.split(spanOf.apply(word)).finals();
                    final int[] cursor = {0}; // lazyPinyin is asked once per merged word, in order
                    final Function<String, List<String>> lazyPinyin = word -> {
                        final List<String> span = pinyins.subList(cursor[0], cursor[0] + word.length());
                        cursor[0] += word.length();
                        return span;
                    };
                    final PinyinToPhones.Phones p = new ChineseG2pV1(tones, finals, lazyPinyin, mapping).segment(jieba.posseg(seg));
                    phones.addAll(p.phones());
                    word2ph.addAll(p.word2ph());
                }
            } catch (RuntimeException e) {
                diffs.add(input + ": failed: " + e.getMessage());
                continue;
            }
            final String special = input.contains("￥") ? "SP2" : input.contains("^") ? "SP3" : null;
            if (special != null) phones.replaceAll(ph -> ph.equals(",") ? special : ph);
            final List<String> expected = FrontendFixtures.strings(c.path("phones"));
            final int[] expectedWord2ph = ints(c.path("word2ph"));
            if (!expected.equals(phones)) diffs.add(input + ": " + syllableDiff(norm, expectedWord2ph, expected, phones));
            else if (!Arrays.equals(expectedWord2ph, word2ph.stream().mapToInt(Integer::intValue).toArray())) diffs.add(input + ": word2ph " + word2ph);
            else equal++;
        }
        System.out.printf("golden %s with pypinyin's readings supplied: %d/%d equal%n", FILE, equal, total);
        diffs.forEach(d -> System.out.println("  " + d));
        assertEquals(164, total);
        // Measured 162/164. The two others are artefacts of the supplied readings, which are pypinyin on
        // the whole segment while chinese.py reads each word alone: in 大约三分之二的人参加了 the segment
        // reading takes 人参 as a phrase (参 shen1) where the word 参加 alone gives can1; in
        // 增加了二分之一倍 the segment reading of 一 differs from that of the word 之一 (yi1). Both
        // pass with DictionaryPinyin's word-by-word reading above.
        assertTrue(equal >= 162, equal + "/" + total);
    }

    @Test
    void frontendRoutesV1ModelsThroughChinesePy() throws IOException {
        final Frontend frontend = new Frontend(CmuDict.empty(), Lexicon.EMPTY, chinese);
        // a word-final 儿: v2's erhua merge gives it the tone of the syllable before, v1 keeps pypinyin's reading
        final String text = "我们等一会儿再走。";
        final ChineseFrontend.Result v1 = chinese.clean(text, ChineseFrontend.Module.CHINESE, Symbols.V1::contains);
        final ChineseFrontend.Result v2 = chinese.clean(text, ChineseFrontend.Module.CHINESE2, Symbols.V1::contains);
        assertNotEquals(v1.phones(), v2.phones());
        final Frontend.Result viaFrontend = frontend.phonemize(text, LangSegmenter.Mode.ALL_ZH, "v1");
        assertEquals(v1.phones(), viaFrontend.phones());
        assertArrayEquals(Symbols.V1.ids(v1.phones()), viaFrontend.ids());
        assertEquals(v2.phones(), frontend.phonemize(text, LangSegmenter.Mode.ALL_ZH, "v2").phones());
        // and a golden case end to end through the frontend
        final JsonNode c = cases.get(0);
        final Frontend.Result golden = frontend.phonemize(c.path("input").asText(), LangSegmenter.Mode.ALL_ZH, "v1");
        assertEquals(FrontendFixtures.strings(c.path("phones")), golden.phones());
        assertArrayEquals(ints(c.path("ids_v1")), golden.ids());
    }

    // chinese.g2p: a new sentence after each mark
    private static List<String> segments(String norm) {
        final List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < norm.length(); i++) {
            if ("!?…,.-".indexOf(norm.charAt(i)) >= 0) {
                out.add(norm.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < norm.length()) out.add(norm.substring(start));
        return out;
    }

    // the characters whose phones differ, walked with upstream's word2ph
    private static String syllableDiff(String norm, int[] word2ph, List<String> expected, List<String> actual) {
        final List<String> out = new ArrayList<>();
        final int[] chars = norm.codePoints().toArray();
        int at = 0;
        for (int i = 0; i < word2ph.length && i < chars.length; i++) {
            final int n = word2ph[i];
            if (at + n > expected.size() || at + n > actual.size()) {
                out.add("phone counts differ from " + Character.toString(chars[i]));
                break;
            }
            final List<String> e = expected.subList(at, at + n), a = actual.subList(at, at + n);
            if (!e.equals(a)) out.add(Character.toString(chars[i]) + " " + String.join(" ", e) + " → ours " + String.join(" ", a));
            at += n;
        }
        if (out.isEmpty()) out.add("phones expected " + expected + ", got " + actual);
        return String.join("; ", out);
    }

    private static int[] ints(JsonNode array) {
        final int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) out[i] = array.get(i).asInt();
        return out;
    }
}
