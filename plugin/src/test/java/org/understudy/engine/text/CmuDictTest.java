package org.understudy.engine.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CmuDictTest {
    @Test
    void firstPronunciationsMatchUpstream() throws Exception {
        final CmuDict dict = CmuDict.load(FrontendFixtures.gsvData());
        final JsonNode cases = FrontendFixtures.json("cmudict_lookup.json").get("cases");
        final List<String> mismatches = new ArrayList<>();
        for (JsonNode c : cases) {
            final String word = c.get("word").asText();
            final List<String> expected = c.get("first").isNull() ? null : FrontendFixtures.strings(c.get("first"));
            final List<String> actual = dict.word(word);
            if (!java.util.Objects.equals(expected, actual)) mismatches.add(word + ": " + actual + " != " + expected);
        }
        System.out.println("cmudict_lookup.json: " + (cases.size() - mismatches.size()) + "/" + cases.size() + " equal");
        assertEquals(List.of(), mismatches);
        assertEquals(200, cases.size());
    }

    @Test
    void hotWordsOverrideAndAbbreviationsAreDeleted() throws Exception {
        final CmuDict dict = CmuDict.load(FrontendFixtures.gsvData());
        assertEquals(List.of("JH", "EY1", "S", "AH0", "N"), dict.word("json"));
        assertNull(dict.word("ai"));
        assertEquals(List.of("AA1", "R", "AA0", "V"), dict.name("aarav"));
    }

    @Test
    void pythonSplitKeepsEmptyFields() {
        assertEquals(List.of("a", "", "b", ""), CmuDict.pySplit("a  b ", " "));
    }
}
