package org.understudy.engine.text.chinese;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.understudy.engine.text.FrontendFixtures;
import org.understudy.engine.text.FrontendFixtures.Agreement;

/** {@code zh_normalization.json}: upstream's TextNormalizer, replace_punctuation and text_normalize. */
class TextNormalizerGoldenTest {
    private static JsonNode cases;
    private static final TextNormalizer NORMALIZER = new TextNormalizer();

    @BeforeAll
    static void load() throws IOException {
        cases = FrontendFixtures.load("zh_normalization.json").get("cases");
    }

    @Test
    void sentences() {
        final Agreement agreement = new Agreement("zh_normalization sentences");
        for (JsonNode c : cases) {
            agreement.check(c.get("input").asText(), FrontendFixtures.strings(c.get("sentences")),
                    NORMALIZER.normalize(c.get("input").asText()));
        }
        agreement.assertAll();
    }

    @Test
    void replacePunctuation() {
        final Agreement agreement = new Agreement("zh_normalization replace_punctuation");
        for (JsonNode c : cases) {
            final List<String> mapped = new ArrayList<>();
            // from upstream's sentences, so this section does not depend on the normaliser
            for (String sentence : FrontendFixtures.strings(c.get("sentences"))) {
                mapped.add(ChinesePunctuation.replacePunctuation(sentence));
            }
            agreement.check(c.get("input").asText(), FrontendFixtures.strings(c.get("replace_punctuation")), mapped);
        }
        agreement.assertAll();
    }

    @Test
    void textNormalize() {
        final Agreement agreement = new Agreement("zh_normalization text_normalize");
        for (JsonNode c : cases) {
            agreement.check(c.get("input").asText(), c.get("text_normalize").asText(),
                    ChinesePunctuation.textNormalize(NORMALIZER, c.get("input").asText()));
        }
        agreement.assertAll();
    }
}
