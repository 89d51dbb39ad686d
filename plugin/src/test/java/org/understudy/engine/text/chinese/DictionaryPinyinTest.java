package org.understudy.engine.text.chinese;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.understudy.engine.text.FrontendFixtures;

/**
 * The g2pW-less fallback, measured against g2pW's own pinyins (zh_v2_g2p_supplied_pinyin.json) and,
 * end to end with {@link JiebaSegmenter}, against upstream's phones. Not 100 % by design: a phrase
 * dictionary cannot resolve every polyphone g2pW's model does; the rates are printed and held above
 * a floor so a regression shows.
 */
class DictionaryPinyinTest {
    @Test
    void readsTone3WithNeutralFiveAndVForU() {
        final DictionaryPinyin p = new DictionaryPinyin();
        assertEquals(List.of("lv4", "se4", "de5", "nv3", "hai2", ","), p.sentencePinyins("绿色的女孩,"));
        assertEquals(List.of("v4", "e4"), p.finalsTone3("绿色"));
    }

    @Test
    void wordPinyinsKeepARunOfOtherCharactersAsOneEntryAsLazyPinyinDoes() {
        final DictionaryPinyin p = new DictionaryPinyin();
        assertEquals(List.of("lv4", "se4"), p.wordPinyins("绿色"));
        assertEquals(List.of(",.", "hao3", "!"), p.wordPinyins(",.好!"));
    }

    @Test
    void agreesWithG2pwOnMostCharactersAndSentences() throws IOException {
        final DictionaryPinyin p = new DictionaryPinyin();
        final JiebaSegmenter jieba = JiebaSegmenter.load(FrontendFixtures.jiebaFolder());
        final ChineseFrontend chinese = ChineseFrontend.load(FrontendFixtures.gsvData(), jieba, p);
        int chars = 0, sameChars = 0, cases = 0, samePhones = 0;
        for (JsonNode c : FrontendFixtures.load("zh_v2_g2p_supplied_pinyin.json").path("cases")) {
            if (c.has("error")) continue;
            final String norm = c.path("norm_text").asText();
            final List<String> expected = new ArrayList<>();
            for (JsonNode segment : c.path("g2pw_output")) expected.addAll(FrontendFixtures.strings(segment));
            final List<String> ours = new ArrayList<>();
            for (String s : p.sentencePinyins(norm)) if (s.matches("[a-z]+[1-5]")) ours.add(s);
            final List<String> theirs = expected.stream().filter(s -> s.matches("[a-z]+[1-5]")).toList();
            if (ours.size() == theirs.size()) {
                for (int i = 0; i < ours.size(); i++) {
                    chars++;
                    if (ours.get(i).equals(theirs.get(i))) sameChars++;
                }
            }
            cases++;
            final String phones = String.join(" ", chinese.clean(c.path("input").asText(), s -> true).phones());
            if (phones.equals(String.join(" ", FrontendFixtures.strings(c.path("phones"))))) samePhones++;
        }
        System.out.printf("DictionaryPinyin vs g2pW: %d/%d characters (%.1f %%); phones of whole sentences %d/%d%n",
                sameChars, chars, 100.0 * sameChars / chars, samePhones, cases);
        assertTrue(chars > 1000 && sameChars > 0.97 * chars, sameChars + " / " + chars);
        assertTrue(samePhones >= 150, samePhones + " / " + cases);
    }
}
