package org.understudy.engine.text.chinese;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link PinyinToPhones} against upstream on pinyin_to_phones.json (sandhi, corrections and erhua passed through there). */
class PinyinToPhonesTest {
    private static PinyinToPhones mapping;
    private static JsonNode golden;

    @BeforeAll
    static void load() throws IOException {
        mapping = PinyinToPhones.load(FrontendFixtures.gsvData("opencpop-strict.txt"));
        golden = FrontendFixtures.json("pinyin_to_phones.json");
    }

    @Test
    void tableHasUpstreamsRows() {
        assertEquals(429, mapping.size());
    }

    @Test
    void everySyllableAndToneMapsAsUpstream() {
        final List<String> failures = new ArrayList<>();
        int equal = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = golden.path("map").fields(); it.hasNext(); ) {
            final Map.Entry<String, JsonNode> e = it.next();
            final List<String> expected = FrontendFixtures.strings(e.getValue());
            try {
                final PinyinToPhones.Phones actual = mapping.phones(List.of(e.getKey()));
                if (expected.equals(actual.phones()) && actual.word2ph().equals(List.of(2))) equal++;
                else failures.add(e.getKey() + ": expected " + expected + ", got " + actual);
            } catch (IllegalArgumentException ex) {
                failures.add(e.getKey() + ": expected " + expected + ", got " + ex.getMessage());
            }
        }
        System.out.printf("pinyin_to_phones.json map: %d/%d equal%n", equal, golden.path("map").size());
        assertEquals(List.of(), failures);
        assertEquals(golden.path("count").asInt(), equal);
    }

    @Test
    void pypinyinSplitMatchesUpstream() {
        final List<String> failures = new ArrayList<>();
        int equal = 0;
        for (JsonNode d : golden.path("details")) {
            final String pinyin = d.path("pinyin").asText();
            final String initial = PinyinToPhones.toInitials(pinyin), fin = PinyinToPhones.toFinalsTone3(pinyin);
            if (initial.equals(d.path("to_initials").asText()) && fin.equals(d.path("to_finals_tone3").asText())) equal++;
            else failures.add(pinyin + ": expected " + d.path("to_initials") + " " + d.path("to_finals_tone3") + ", got \"" + initial + "\" \"" + fin + "\"");
        }
        System.out.printf("pinyin_to_phones.json details (to_initials, to_finals_tone3): %d/%d equal%n", equal, golden.path("details").size());
        assertEquals(List.of(), failures);
    }

    @Test
    void syllablesOutsideTheTableFailAsUpstream() {
        int equal = 0;
        for (Iterator<String> it = golden.path("errors").fieldNames(); it.hasNext(); ) {
            final String pinyin = it.next();
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> mapping.phones(List.of(pinyin)), pinyin);
            assertEquals(true, e.getMessage().contains(pinyin.substring(0, 1)), e.getMessage());
            equal++;
        }
        System.out.printf("pinyin_to_phones.json errors: %d/%d equal%n", equal, golden.path("errors").size());
    }

    @Test
    void sequencesWithPunctuationMatchUpstream() {
        int equal = 0;
        for (JsonNode s : golden.path("sequences")) {
            final PinyinToPhones.Phones actual = mapping.phones(FrontendFixtures.strings(s.path("pinyins")));
            assertEquals(FrontendFixtures.strings(s.path("phones")), actual.phones(), s.path("pinyins").toString());
            final List<Integer> word2ph = new ArrayList<>();
            for (JsonNode n : s.path("word2ph")) word2ph.add(n.asInt());
            assertEquals(word2ph, actual.word2ph(), s.path("pinyins").toString());
            equal++;
        }
        System.out.printf("pinyin_to_phones.json sequences: %d/%d equal%n", equal, golden.path("sequences").size());
    }

    @Test
    void somethingThatIsNeitherSyllableNorPunctuationFails() {
        assertThrows(IllegalArgumentException.class, () -> mapping.phones(List.of("、")));
        assertThrows(IllegalArgumentException.class, () -> mapping.phones(List.of("")));
    }

    @Test
    void erhuaTakesThePreviousTone() {
        // word-final 儿 after a syllable: er2/er5 take its tone; er1 first becomes er2
        final PinyinToPhones.Syllables s = PinyinToPhones.split(List.of("yi2", "hui4", "er5"));
        assertEquals(List.of("i2", "uei4", "er4"), PinyinToPhones.mergeErhua(s, "一会儿", "m").finals());
        assertEquals(List.of("ua1", "er1"), PinyinToPhones.split(List.of("hua1", "er1")).finals());
        // listed as not erhua: only the er1 → er2 fix
        assertEquals(List.of("ua1", "er2"), PinyinToPhones.mergeErhua(PinyinToPhones.split(List.of("hua1", "er1")), "花儿", "n").finals());
        // tagged nr: not merged
        assertEquals(List.of("ei3", "er2"), PinyinToPhones.mergeErhua(PinyinToPhones.split(List.of("mei3", "er2")), "美儿", "nr").finals());
        // must-erhua wins over the part of speech
        assertEquals(List.of("uo3", "uo3", "er3"),
                PinyinToPhones.mergeErhua(PinyinToPhones.split(List.of("tuo3", "tuo3", "er2")), "妥妥儿", "a").finals());
        assertEquals(List.of("er2"), PinyinToPhones.mergeErhua(PinyinToPhones.split(List.of("er1")), "儿", "n").finals());
    }
}
