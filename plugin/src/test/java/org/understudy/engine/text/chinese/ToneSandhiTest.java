package org.understudy.engine.text.chinese;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ToneSandhi#modifiedTone} against upstream on tone_sandhi_modified_tone.json (finals and jieba's split are inputs). */
class ToneSandhiTest {

    @Test
    void modifiedToneMatchesUpstream() throws IOException {
        final JsonNode cases = FrontendFixtures.json("tone_sandhi_modified_tone.json").path("cases");
        final List<String> failures = new ArrayList<>();
        int equal = 0;
        for (JsonNode c : cases) {
            final String word = c.path("word").asText();
            final List<String> split = FrontendFixtures.strings(c.path("split_word"));
            final ToneSandhi sandhi = new ToneSandhi(w -> {
                if (!w.equals(word)) throw new IllegalStateException("split of " + w + " asked while modifying " + word);
                return split;
            });
            final List<String> finals = FrontendFixtures.strings(c.path("finals"));
            final List<String> expected = FrontendFixtures.strings(c.path("modified"));
            final List<String> actual = sandhi.modifiedTone(word, c.path("pos").asText(), finals);
            if (expected.equals(actual)) equal++;
            else failures.add(word + "/" + c.path("pos").asText() + " " + finals + ": expected " + expected + ", got " + actual);
        }
        System.out.printf("tone_sandhi_modified_tone.json: %d/%d equal%n", equal, cases.size());
        assertEquals(List.of(), failures);
    }

    @Test
    void inputFinalsAreNotModified() {
        final List<String> finals = List.of("u4", "uei4");
        final List<String> copy = new ArrayList<>(finals);
        final List<String> out = new ToneSandhi(w -> List.of(w, "")).modifiedTone("不对", "d", copy);
        assertEquals(List.of("u2", "uei4"), out);
        assertEquals(finals, copy);
    }

    @Test
    void splitFromSearchCutKeepsTheShortestSubwordAndTheRest() {
        // 岂有此理: jieba's cut_for_search gives 有此 before the whole word; the shortest sub-word is
        // not at the start, so the split is (the word minus it, it), as upstream's _split_word does.
        final ToneSandhi.WordSplitter split = ToneSandhi.fromSearchCut(w -> List.of("有此", "此理", "岂有此理"));
        assertEquals(List.of("岂有", "有此"), split.split("岂有此理"));
        assertEquals(List.of("展览", "馆"), ToneSandhi.fromSearchCut(w -> List.of("展览", "展览馆")).split("展览馆"));
        assertEquals(List.of("纸", "老虎"), ToneSandhi.fromSearchCut(w -> List.of("纸", "老虎")).split("纸老虎"));
        assertEquals(List.of("你好", ""), ToneSandhi.fromSearchCut(w -> List.of("你好")).split("你好"));
    }

    @Test
    void pythonIsNumericIncludesHanNumerals() {
        for (String c : List.of("一", "三", "十", "百", "万", "亿", "零", "两", "5", "５", "Ⅷ", "①")) {
            assertEquals(!c.equals("两"), ToneSandhi.isNumeric(c), c);
        }
        assertEquals(false, ToneSandhi.isNumeric("个"));
    }
}
