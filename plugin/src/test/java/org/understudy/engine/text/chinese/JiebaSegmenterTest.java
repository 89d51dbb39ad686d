package org.understudy.engine.text.chinese;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link JiebaSegmenter} against jieba 0.42.1: the posseg of tone_sandhi_pre_merge.json, the
 * {@code _split_word} of tone_sandhi_modified_tone.json, and outputs of jieba itself for non-Han runs.
 */
class JiebaSegmenterTest {
    private static JiebaSegmenter jieba;

    @BeforeAll
    static void load() throws IOException {
        jieba = JiebaSegmenter.load(jiebaFolder());
    }

    /** From system property {@code understudy.jieba}, else Debian's python3-jieba; a clear failure when absent. */
    static Path jiebaFolder() {
        return org.understudy.engine.text.FrontendFixtures.jiebaFolder();
    }

    private static List<String> tagged(List<ToneSandhi.Word> words) {
        final List<String> out = new ArrayList<>();
        for (ToneSandhi.Word w : words) out.add(w.word() + "/" + w.pos());
        return out;
    }

    @Test
    void possegMatchesUpstream() throws IOException {
        int equal = 0, total = 0;
        final List<String> failures = new ArrayList<>();
        for (JsonNode c : FrontendFixtures.json("tone_sandhi_pre_merge.json").path("cases")) {
            total++;
            final List<String> expected = new ArrayList<>();
            for (JsonNode p : c.path("posseg")) expected.add(p.get(0).asText() + "/" + p.get(1).asText());
            final List<String> got = tagged(jieba.posseg(c.path("sentence").asText()));
            if (expected.equals(got)) equal++;
            else failures.add(c.path("sentence").asText() + ": expected " + expected + ", got " + got);
        }
        System.out.printf("tone_sandhi_pre_merge.json posseg: %d/%d equal%n", equal, total);
        assertEquals(40, total);
        assertEquals(List.of(), failures);
    }

    @Test
    void splitWordMatchesUpstream() throws IOException {
        final ToneSandhi.WordSplitter splitter = jieba.wordSplitter();
        int equal = 0, total = 0;
        final List<String> failures = new ArrayList<>();
        for (JsonNode c : FrontendFixtures.json("tone_sandhi_modified_tone.json").path("cases")) {
            total++;
            final String word = c.path("word").asText();
            final List<String> expected = FrontendFixtures.strings(c.path("split_word"));
            final List<String> got = splitter.split(word);
            if (expected.equals(got)) equal++;
            else failures.add(word + ": expected " + expected + ", got " + got);
        }
        System.out.printf("tone_sandhi_modified_tone.json split_word: %d/%d equal%n", equal, total);
        assertEquals(47, total);
        assertEquals(List.of(), failures);
    }

    // expected values below are jieba 0.42.1's own output
    @Test
    void nonHanRunsAreTaggedAsJiebaDoes() {
        assertEquals(List.of("GPT/eng", "-/x", "SoVITS/eng", " /x", "2.0/m", "版本/n", "，/x", "速度/n", "提升/v", "50/m", "%/x", "！/x"),
                tagged(jieba.posseg("GPT-SoVITS 2.0版本，速度提升50%！")));
        assertEquals(List.of("C++/nz", "和/c", "C#/nz", "是/v", "3.14/m", "编程语言/n", "a/eng", "_/x", "b/eng", "&/x", "c/eng"),
                tagged(jieba.posseg("C++和C#是3.14编程语言a_b&c")));
        assertEquals(List.of("😀/x", "表情/n", "\r\n/x", " /x", "𠀁/x", "字/n"), tagged(jieba.posseg("😀表情\r\n 𠀁字")));
    }

    @Test
    void unknownRunsGoThroughTheHmms() {
        // 杭研 is not in the dictionary: the BMES HMM joins it, the tagging HMM does not
        assertEquals(List.of("他/r", "来到/v", "了/ul", "网易/n", "杭/j", "研/vn", "大厦/n"), tagged(jieba.posseg("他来到了网易杭研大厦")));
        assertEquals(List.of("他", "来到", "了", "网易", "杭研", "大厦"), jieba.cut("他来到了网易杭研大厦"));
    }

    @Test
    void cutMatchesJiebaOnNonHanRuns() {
        assertEquals(List.of("GPT", "-", "SoVITS", " ", "2.0", "版本", "，", "速度", "提升", "50%", "！"), jieba.cut("GPT-SoVITS 2.0版本，速度提升50%！"));
        assertEquals(List.of("😀", "表情", "\r\n", " ", "𠀁", "字"), jieba.cut("😀表情\r\n 𠀁字"));
    }

    @Test
    void cutForSearchAddsDictionaryBigramsAndTrigrams() {
        assertEquals(List.of("小明", "硕士", "毕业", "于", "中国", "科学", "学院", "科学院", "中国科学院", "计算", "计算所"),
                jieba.cutForSearch("小明硕士毕业于中国科学院计算所"));
    }

    @Test
    void loadNamesEveryMissingFile(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("dict.txt"), "一 1 m\n");
        Files.createDirectories(dir.resolve("posseg"));
        Files.copy(jiebaFolder().resolve("posseg/prob_start.p"), dir.resolve("posseg/prob_start.p"));
        final IOException e = assertThrows(IOException.class, () -> JiebaSegmenter.load(dir));
        final String message = e.getMessage();
        assertTrue(message.contains(dir.toString()), message);
        final String listed = message.substring(message.indexOf(" lacks ") + 7, message.indexOf(" (expected"));
        assertEquals(List.of("finalseg/prob_start.p", "finalseg/prob_trans.p", "finalseg/prob_emit.p", "posseg/char_state_tab.p", "posseg/prob_trans.p",
                "posseg/prob_emit.p"), List.of(listed.split(", ")));
    }

    @Test
    void loadRejectsAMalformedDictionaryLine(@TempDir Path dir) throws IOException {
        for (String f : JiebaSegmenter.FILES) {
            Files.createDirectories(dir.resolve(f).getParent());
            if (!f.equals("dict.txt")) Files.copy(jiebaFolder().resolve(f), dir.resolve(f));
        }
        Files.writeString(dir.resolve("dict.txt"), "一 1 m\n二 two m\n");
        final IOException e = assertThrows(IOException.class, () -> JiebaSegmenter.load(dir));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }
}
