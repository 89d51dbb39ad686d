package org.understudy.engine.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** english_numbers.json: upstream text_normalize with the real inflect on digits, currency, times, units. */
class EnglishNumbersGoldenTest {
    @Test
    void normalisationMatchesUpstream() throws Exception {
        final JsonNode cases = FrontendFixtures.json("english_numbers.json").get("cases");
        final List<String> mismatches = new ArrayList<>();
        for (JsonNode c : cases) {
            final String actual = EnglishNormalizer.normalize(c.get("input").asText());
            final String expected = c.get("text_normalize").asText();
            if (!actual.equals(expected)) mismatches.add(c.get("input").asText() + "\n  got  " + actual + "\n  want " + expected);
        }
        System.out.println("english_numbers.json: " + (cases.size() - mismatches.size()) + "/" + cases.size() + " equal");
        assertEquals(List.of(), mismatches);
    }
}
