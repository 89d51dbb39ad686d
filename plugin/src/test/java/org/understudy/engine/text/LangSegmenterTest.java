package org.understudy.engine.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.understudy.engine.text.LangSegmenter.Mode;
import org.understudy.engine.text.LangSegmenter.Segment;

/**
 * {@link LangSegmenter}. There is no golden file for language segmentation (upstream's first stage needs
 * a fastText model): every expected value here was worked out by hand from reading upstream's rules
 * (split_lang's pre-split and merges, GPT-SoVITS's {@code LangSegmenter.getTexts} and the modes of
 * {@code get_phones_and_bert}), with this port's stand-in for fastText (Han/kana runs are ja when they
 * hold kana, Latin runs are en). Where upstream's fastText could answer differently, the test says so.
 */
class LangSegmenterTest {
    private static Segment s(String lang, String text) {
        return new Segment(lang, text);
    }

    @Test
    void upstreamsOwnExampleInAutoAndZhModes() {
        // langsegmenter.py's __main__ example: "60" sits between "ThinkPad T" (10 chars) and a longer
        // Chinese run, so the digit rule gives it to the Chinese run
        final String text = "当时ThinkPad T60刚刚发布，一同推出的还有一款名为Advanced Dock的扩展坞配件。";
        final List<Segment> expected = List.of(s("zh", "当时"), s("en", "ThinkPad T"), s("zh", "60刚刚发布，一同推出的还有一款名为"),
                s("en", "Advanced Dock"), s("zh", "的扩展坞配件。"));
        assertEquals(expected, LangSegmenter.split(text, Mode.AUTO));
        assertEquals(expected, LangSegmenter.split(text, Mode.ZH));
    }

    @Test
    void punctuationJoinsTheRunBeforeIt() {
        // fastText might call "你也喜欢" zh and cut out まいご as ja; here a Han/kana run with kana is ja
        assertEquals(List.of(s("en", "MyGO?,"), s("ja", "你也喜欢まいご吗？")), LangSegmenter.split("MyGO?,你也喜欢まいご吗？", Mode.AUTO));
        assertEquals(List.of(s("en", "Hello, world. "), s("zh", "你好世界。")), LangSegmenter.split("Hello, world. 你好世界。", Mode.AUTO));
    }

    @Test
    void digitsAttachToNeighbours() {
        assertEquals(List.of(s("zh", "第3章")), LangSegmenter.split("第3章", Mode.AUTO)); // same language both sides
        assertEquals(List.of(s("en", "Python3"), s("zh", "很好用")), LangSegmenter.split("Python3很好用", Mode.AUTO)); // the longer neighbour
        assertEquals(List.of(s("en", "3.14 is pi")), LangSegmenter.split("3.14 is pi", Mode.AUTO)); // digit.digit is one run; leading → right
        assertEquals(List.of(s("zh", "我有3个，苹果")), LangSegmenter.split("我有3个，苹果", Mode.AUTO));
        assertEquals(List.of(s("en", "Room 101")), LangSegmenter.split("Room 101", Mode.AUTO)); // trailing → left
    }

    @Test
    void shortMiddleRunTakesItsNeighboursLanguage() {
        // split_lang: a middle run of <= 3 characters between runs of one language totalling >= 6
        assertEquals(List.of(s("zh", "我的AI助手很好用")), LangSegmenter.split("我的AI助手很好用", Mode.AUTO));
        assertEquals(List.of(s("en", "Hello 你好 world")), LangSegmenter.split("Hello 你好 world", Mode.AUTO));
        assertEquals(List.of(s("en", "Hello "), s("zh", "你好世界 "), s("en", "world")), LangSegmenter.split("Hello 你好世界 world", Mode.AUTO));
    }

    @Test
    void kanaAndHangulRuns() {
        assertEquals(List.of(s("zh", "你好"), s("ko", "안녕하세요")), LangSegmenter.split("你好안녕하세요", Mode.AUTO));
        assertEquals(List.of(s("ja", "ねえ、知ってる？")), LangSegmenter.split("ねえ、知ってる？", Mode.AUTO));
        assertEquals(List.of(s("zh", "你好。"), s("ja", "こんにちは")), LangSegmenter.split("你好。こんにちは", Mode.AUTO));
    }

    @Test
    void modes() {
        final String text = "Hello 你好世界 world";
        assertEquals(List.of(s("en", text)), LangSegmenter.split(text, Mode.EN));
        // all_*: getTexts with a default language; all-ASCII runs stay English (full_en is checked first)
        assertEquals(List.of(s("en", "Hello "), s("zh", "你好世界 "), s("en", "world")), LangSegmenter.split(text, Mode.ALL_ZH));
        assertEquals(List.of(s("en", "Hello "), s("ja", "你好世界 "), s("en", "world")), LangSegmenter.split(text, Mode.ALL_JA));
        assertEquals(List.of(s("en", "Hello "), s("ja", "你好世界 "), s("en", "world")), LangSegmenter.split(text, Mode.JA));
        // zh / ja: adjacent non-English runs merge and take the user's language
        assertEquals(List.of(s("zh", "你好。こんにちは")), LangSegmenter.split("你好。こんにちは", Mode.ZH));
        assertEquals(List.of(s("ja", "你好。こんにちは")), LangSegmenter.split("你好。こんにちは", Mode.JA));
        assertEquals(List.of(s("yue", "你好")), LangSegmenter.split("你好", Mode.ALL_YUE));
        // runs of spaces collapse first
        assertEquals(List.of(s("en", "a b")), LangSegmenter.split("a   b", Mode.EN));
    }

    @Test
    void leadingMarksAreTheirOwnRunInAutoMode() {
        // no run before them to join: upstream labels them "punctuation" and then cleans them as a space
        assertEquals(List.of(s("punctuation", "，"), s("zh", "你好")), LangSegmenter.split("，你好", Mode.AUTO));
        assertEquals(List.of(s("zh", "，你好")), LangSegmenter.split("，你好", Mode.ZH));
    }

    @Test
    void modeNames() {
        assertEquals(Mode.ALL_ZH, Mode.parse("all_zh"));
        assertEquals(Mode.AUTO, Mode.parse("AUTO"));
        assertThrows(IllegalArgumentException.class, () -> Mode.parse("fr"));
    }
}
