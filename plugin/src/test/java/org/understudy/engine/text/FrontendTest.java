package org.understudy.engine.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.understudy.engine.text.LangSegmenter.Mode;
import org.understudy.engine.text.chinese.ChineseFrontend;
import org.understudy.engine.text.chinese.ChineseSegmenter;
import org.understudy.engine.text.chinese.PinyinSource;
import org.understudy.engine.text.chinese.PinyinToPhones;
import org.understudy.engine.text.chinese.PolyphonicCorrection;
import org.understudy.engine.text.chinese.TextNormalizer;
import org.understudy.engine.text.chinese.ToneSandhi;

/** {@link Frontend} end to end: English against english_g2p.json, mixed Chinese + English with a fake segmenter and pinyin source, unsupported characters, the lexicon. */
class FrontendTest {
    private static CmuDict dict;
    private static JsonNode cases;
    private static PinyinToPhones mapping;

    @BeforeAll
    static void load() throws Exception {
        dict = CmuDict.load(FrontendFixtures.gsvData());
        cases = FrontendFixtures.json("english_g2p.json").get("cases");
        mapping = PinyinToPhones.load(FrontendFixtures.gsvData().resolve("opencpop-strict.txt"));
    }

    /** A stand-in for jieba and g2pW that knows only the words of {@link #MIXED}. */
    private static final Map<String, String> PINYIN = Map.of("今", "jin1", "天", "tian1", "我", "wo3", "们", "men5", "用", "yong4",
            "写", "xie3", "代", "dai4", "码", "ma3");
    private static final Map<String, List<ToneSandhi.Word>> WORDS = Map.of(
            "今天我们用", List.of(new ToneSandhi.Word("今天", "t"), new ToneSandhi.Word("我们", "r"), new ToneSandhi.Word("用", "p")),
            "今天我们用,", List.of(new ToneSandhi.Word("今天", "t"), new ToneSandhi.Word("我们", "r"), new ToneSandhi.Word("用", "p"), new ToneSandhi.Word(",", "x")),
            "写代码.", List.of(new ToneSandhi.Word("写", "v"), new ToneSandhi.Word("代码", "n"), new ToneSandhi.Word(".", "x")));
    private static final String MIXED = "今天我们用Python写代码。";

    private static ChineseFrontend fakeChinese() throws Exception {
        final ChineseSegmenter segmenter = new ChineseSegmenter() {
            @Override
            public List<ToneSandhi.Word> posseg(String sentence) {
                final List<ToneSandhi.Word> words = WORDS.get(sentence);
                if (words == null) throw new IllegalArgumentException("fake segmenter does not know '" + sentence + "'");
                return words;
            }

            @Override
            public List<String> cutForSearch(String word) {
                return List.of(word);
            }
        };
        final PinyinSource pinyins = new PinyinSource() {
            @Override
            public List<String> sentencePinyins(String sentence) {
                final List<String> out = new ArrayList<>();
                sentence.codePoints().forEach(c -> out.add(PINYIN.getOrDefault(new String(Character.toChars(c)), new String(Character.toChars(c)))));
                return out;
            }

            @Override
            public List<String> finalsTone3(String word) {
                final List<String> out = new ArrayList<>();
                word.codePoints().forEach(c -> out.add(PinyinToPhones.toFinalsTone3(PINYIN.getOrDefault(new String(Character.toChars(c)), "a5"))));
                return out;
            }
        };
        return new ChineseFrontend(new TextNormalizer(), segmenter, pinyins, PolyphonicCorrection.load(), mapping);
    }

    @Test
    void englishMatchesUpstreamEndToEnd() {
        final Frontend frontend = new Frontend(dict, Lexicon.EMPTY, null);
        final EnglishFrontend english = new EnglishFrontend(dict, Lexicon.EMPTY);
        final List<String> wrong = new ArrayList<>();
        int equal = 0;
        for (JsonNode c : cases) {
            final String input = c.get("input").asText();
            final List<String> phones = FrontendFixtures.strings(c.get("clean_text_phones"));
            final List<String> bad = new ArrayList<>();
            for (Mode mode : List.of(Mode.EN, Mode.AUTO)) {
                final Frontend.Result v2 = frontend.phonemize(input, mode, "v2");
                final Frontend.Result v1 = frontend.phonemize(input, mode, "v1");
                final boolean retried = phones.size() < 6;
                final List<String> langs = v2.segments().stream().map(Frontend.Segment::language).toList();
                // the retry's leading "." has no run before it to join: in auto mode it is a "punctuation" segment
                if (!langs.equals(retried && mode == Mode.AUTO ? List.of("punctuation", "en") : List.of("en"))) bad.add(mode + " segments " + langs);
                if (!retried) {
                    // the golden is clean_text's output, which get_phones_and_bert uses as is from 6 phones up
                    if (!v2.phones().equals(phones)) bad.add(mode + " phones " + v2.phones());
                    if (!java.util.Arrays.equals(v2.ids(), ints(c.get("ids_v2")))) bad.add(mode + " ids_v2");
                    if (!java.util.Arrays.equals(v1.ids(), ints(c.get("ids_v1")))) bad.add(mode + " ids_v1");
                } else {
                    // under 6 phones: once more with "." prepended; in auto mode that "." is cleaned as
                    // upstream cleans an unknown language (a space: just ",") before the English segment
                    final List<String> expected = new ArrayList<>();
                    if (mode == Mode.AUTO) {
                        expected.add(",");
                        expected.addAll(english.clean(input, Symbols.V2).phones());
                    } else {
                        expected.addAll(english.clean("." + input, Symbols.V2).phones());
                    }
                    if (!v2.phones().equals(expected)) bad.add(mode + " retry with '.' " + v2.phones());
                }
                if (v2.segments().stream().anyMatch(s -> s.word2ph() != null)) bad.add(mode + " word2ph not null");
            }
            if (bad.isEmpty()) equal++;
            else wrong.add(input + ": " + bad);
        }
        System.out.println("english_g2p.json through Frontend: " + equal + "/" + cases.size() + " cases equal (en and auto modes, v1 and v2)");
        assertEquals(List.of(), wrong);
    }

    @Test
    void mixedChineseWithoutSegmenterFailsNamingWhatIsMissing() {
        final Frontend frontend = new Frontend(dict, Lexicon.EMPTY, null);
        assertFalse(frontend.chineseConfigured());
        final Frontend.UnsupportedTextException e = assertThrows(Frontend.UnsupportedTextException.class,
                () -> frontend.phonemize(MIXED, Mode.ZH, "v2"));
        assertTrue(e.getMessage().contains("今天我们用"), e.getMessage());
        assertTrue(e.getMessage().contains("segmenter") && e.getMessage().contains("pinyin source"), e.getMessage());
        // the English-only modes do not need it
        assertEquals("en", frontend.phonemize(MIXED, Mode.EN, "v2").segments().get(0).language());
    }

    @Test
    void mixedChineseAndEnglishWithFakeInputs() throws Exception {
        final Frontend frontend = new Frontend(dict, Lexicon.EMPTY, fakeChinese());
        final Frontend.Result r = frontend.phonemize(MIXED, Mode.ZH, "v2");
        assertEquals(List.of("zh", "en", "zh"), r.segments().stream().map(Frontend.Segment::language).toList());
        final Frontend.Segment first = r.segments().get(0), english = r.segments().get(1), last = r.segments().get(2);
        assertEquals("今天我们用", first.normText());
        assertEquals(List.of("j", "in1", "t", "ian1", "w", "o3", "m", "en5", "y", "ong4"), first.phones());
        assertArrayEquals(new int[] {2, 2, 2, 2, 2}, first.word2ph());
        assertArrayEquals(Symbols.V2.ids(first.phones()), first.ids());
        assertEquals("写代码.", last.normText());
        assertEquals(List.of("x", "ie3", "d", "ai4", "m", "a3", "."), last.phones());
        assertArrayEquals(new int[] {2, 2, 2, 1}, last.word2ph());
        assertEquals(new EnglishFrontend(dict, Lexicon.EMPTY).clean("Python", Symbols.V2).phones(), english.phones());
        assertNull(english.word2ph());
        assertEquals("今天我们用Python写代码.", r.normText());
        assertEquals(first.phones().size() + english.phones().size() + last.phones().size(), r.ids().length);
    }

    @Test
    void yenSignIsTheSp2Silence() throws Exception {
        // cleaner.clean_special: ￥ is read as "," and that phone renamed SP2 (word2ph stays 1)
        final Frontend frontend = new Frontend(dict, Lexicon.EMPTY, fakeChinese());
        final Frontend.Result r = frontend.phonemize("今天我们用￥写代码。", Mode.AUTO, "v2");
        assertEquals(1, r.segments().size());
        final Frontend.Segment zh = r.segments().get(0);
        assertEquals("今天我们用,写代码.", zh.normText());
        assertEquals(List.of("j", "in1", "t", "ian1", "w", "o3", "m", "en5", "y", "ong4", "SP2", "x", "ie3", "d", "ai4", "m", "a3", "."), zh.phones());
        assertEquals(78, zh.ids()[10]);
        assertArrayEquals(new int[] {2, 2, 2, 2, 2, 1, 2, 2, 2, 1}, zh.word2ph());
    }

    @Test
    void koreanFailsAsNotSupportedYet() {
        final Frontend frontend = new Frontend(dict, Lexicon.EMPTY, null);
        final Frontend.UnsupportedTextException e = assertThrows(Frontend.UnsupportedTextException.class,
                () -> frontend.phonemize("Hello, 안녕하세요.", Mode.AUTO, "v2"));
        assertTrue(e.getMessage().contains("Korean") && e.getMessage().contains("not supported yet"), e.getMessage());
    }

    @Test
    void japaneseAndEnglishMixed() {
        final Frontend frontend = new Frontend(dict, Lexicon.EMPTY, null);
        final Frontend.Result r = frontend.phonemize("Hello, 私は学生です。", Mode.AUTO, "v2");
        assertEquals(List.of("en", "ja"), r.segments().stream().map(Frontend.Segment::language).toList());
        final Frontend.Segment en = r.segments().get(0), ja = r.segments().get(1);
        assertEquals(new EnglishFrontend(dict, Lexicon.EMPTY).clean(en.text(), Symbols.V2).phones(), en.phones());
        assertEquals(List.of("w", "a", "[", "t", "a", "sh", "i", "w", "a", "UNK", "g", "a", "[", "k", "u", "s", "e", "e", "d", "e", "]", "s", "u", "."),
                ja.phones());
        assertEquals("私は学生です。", ja.normText());
        assertNull(ja.word2ph()); // no word2ph, BERT zeros, as upstream
        assertEquals(86, ja.ids()[9]);   // # → UNK
        assertEquals(322, ja.ids()[2]);  // [
        assertEquals(323, ja.ids()[20]); // ]
        // v1: the marks are UNK too
        final Frontend.Segment v1 = frontend.phonemize("Hello, 私は学生です。", Mode.AUTO, "v1").segments().get(1);
        assertEquals(86, v1.ids()[2]);
        assertEquals(86, v1.ids()[20]);
        // the ja and all_ja modes: the same Japanese phones
        for (Mode mode : List.of(Mode.JA, Mode.ALL_JA)) {
            final Frontend.Result m = frontend.phonemize("Hello, 私は学生です。", mode, "v2");
            assertEquals(ja.phones(), m.segments().get(m.segments().size() - 1).phones(), mode.id());
        }
        // short Japanese is done again with "." prepended, as upstream; the leading mark is its own segment,
        // cleaned as an unknown language (English of a space: ",")
        final Frontend.Result shortJa = frontend.phonemize("はい", Mode.AUTO, "v2");
        assertEquals(List.of("punctuation", "ja"), shortJa.segments().stream().map(Frontend.Segment::language).toList());
        assertEquals(List.of(",", "h", "a", "[", "i"), shortJa.phones());
    }

    @Test
    void japaneseTextWithoutAReadingIsNamed() {
        final Frontend frontend = new Frontend(dict, Lexicon.EMPTY, null);
        final Frontend.Result r = frontend.phonemize("龘を見ました。", Mode.ALL_JA, "v2");
        assertTrue(String.join("\n", r.warnings()).contains("'龘'"), r.warnings().toString());
    }

    @Test
    void unsupportedCharactersAreDroppedWithNamedWarnings() {
        final Frontend frontend = new Frontend(dict, Lexicon.EMPTY, null);
        final Frontend.Result r = frontend.phonemize("Hello \uD83D\uDE00 world\u0007, Привет again!", Mode.AUTO, "v2");
        assertEquals(frontend.phonemize("Hello world, again!", Mode.AUTO, "v2").phones(), r.phones());
        final String warnings = String.join("\n", r.warnings());
        assertTrue(warnings.contains("U+1F600 GRINNING FACE"), warnings);
        assertTrue(warnings.contains("U+0007"), warnings);
        assertTrue(warnings.contains("CYRILLIC CAPITAL LETTER PE"), warnings);
    }

    @Test
    void lexiconIsAppliedBeforeG2p() throws Exception {
        final Lexicon lexicon = Lexicon.parse("Nguyen W IH1 N\n", "test", Symbols.V2);
        final Frontend plain = new Frontend(dict, Lexicon.EMPTY, null);
        final Frontend withLexicon = new Frontend(dict, lexicon, fakeChinese());
        final String text = "Mister Nguyen is here.";
        final List<String> phones = withLexicon.phonemize(text, Mode.EN, "v2").phones();
        assertEquals(1, Collections.indexOfSubList(phones, List.of("W", "IH1", "N")) >= 0 ? 1 : 0, phones.toString());
        assertFalse(phones.equals(plain.phonemize(text, Mode.EN, "v2").phones()));
        final List<String> expected = new ArrayList<>(new EnglishFrontend(dict, Lexicon.EMPTY).clean("Mister", Symbols.V2).phones());
        expected.addAll(List.of("W", "IH1", "N"));
        expected.addAll(new EnglishFrontend(dict, Lexicon.EMPTY).clean("is here.", Symbols.V2).phones());
        assertEquals(expected, phones);
        // inside mixed text the English segment gets it too
        final Frontend.Result mixed = withLexicon.phonemize("今天我们用Nguyen写代码。", Mode.ZH, "v2");
        assertEquals(List.of(",", "W", "IH1", "N"), mixed.segments().get(1).phones()); // under 4 phones: "," prepended, as upstream
    }

    private static int[] ints(JsonNode array) {
        final int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) out[i] = array.get(i).asInt();
        return out;
    }
}
