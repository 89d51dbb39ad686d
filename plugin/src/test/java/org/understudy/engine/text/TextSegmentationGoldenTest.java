package org.understudy.engine.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.understudy.engine.text.FrontendFixtures.Agreement;

/** {@code text_split.json}: upstream's cut methods, pre_seg_text, merge_short_text_in_array and split_big_text. */
class TextSegmentationGoldenTest {
    private static JsonNode golden;

    @BeforeAll
    static void load() throws IOException {
        golden = FrontendFixtures.load("text_split.json");
    }

    @ParameterizedTest
    @EnumSource(TextSegmentation.Method.class)
    void cut(TextSegmentation.Method method) {
        final Agreement agreement = new Agreement("text_split cut." + method.upstreamName());
        for (JsonNode c : golden.get("cases")) {
            final String text = c.get("text").asText();
            agreement.check(text, c.get("cut").get(method.upstreamName()).asText(), TextSegmentation.cut(method, text));
        }
        agreement.assertAll();
    }

    @Test
    void replaceConsecutivePunctuation() {
        final Agreement agreement = new Agreement("text_split replace_consecutive_punctuation");
        for (JsonNode c : golden.get("cases")) {
            final String text = c.get("text").asText();
            agreement.check(text, c.get("replace_consecutive_punctuation").asText(), TextPreprocessor.replaceConsecutivePunctuation(text));
        }
        agreement.assertAll();
    }

    @ParameterizedTest
    @EnumSource(TextSegmentation.Method.class)
    void preSegText(TextSegmentation.Method method) {
        final Agreement agreement = new Agreement("text_split pre_seg_text." + method.upstreamName());
        for (JsonNode c : golden.get("cases")) {
            final String text = c.get("text").asText();
            final JsonNode expected = c.get("pre_seg_text").get(method.upstreamName());
            Object actual;
            try {
                actual = TextPreprocessor.preSegText(TextPreprocessor.replaceConsecutivePunctuation(text), c.get("lang").asText(), method);
            } catch (IllegalArgumentException e) {
                actual = "ValueError"; // upstream raises ValueError for the same inputs
            }
            final Object want = expected.isArray() ? FrontendFixtures.strings(expected)
                    : expected.get("error").asText().startsWith("ValueError") ? "ValueError" : expected.toString();
            agreement.check(text, want, actual);
        }
        agreement.assertAll();
    }

    @Test
    void mergeShort() {
        final Agreement agreement = new Agreement("text_split merge_short");
        for (JsonNode c : golden.get("merge_short")) {
            final List<String> texts = FrontendFixtures.strings(c.get("texts"));
            agreement.check(texts + " @" + c.get("threshold").asInt(), FrontendFixtures.strings(c.get("result")),
                    TextPreprocessor.mergeShortTextInArray(texts, c.get("threshold").asInt()));
        }
        agreement.assertAll();
    }

    @Test
    void splitBig() {
        final Agreement agreement = new Agreement("text_split split_big");
        for (JsonNode c : golden.get("split_big")) {
            final String text = c.get("text").asText();
            agreement.check(text + " @" + c.get("max_len").asInt(), FrontendFixtures.strings(c.get("result")),
                    TextSegmentation.splitBigText(text, c.get("max_len").asInt()));
        }
        agreement.assertAll();
    }
}
