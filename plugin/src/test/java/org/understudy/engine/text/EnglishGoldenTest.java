package org.understudy.engine.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** english_g2p.json: every stage of upstream's English frontend on 42 sentences. */
class EnglishGoldenTest {
    private static CmuDict dict;
    private static JsonNode cases;

    @BeforeAll
    static void load() throws Exception {
        dict = CmuDict.load(FrontendFixtures.gsvData());
        cases = FrontendFixtures.json("english_g2p.json").get("cases");
    }

    @Test
    void everyStageMatchesUpstream() {
        final EnglishFrontend frontend = new EnglishFrontend(dict, Lexicon.EMPTY);
        final List<String> mismatches = new ArrayList<>();
        int equal = 0;
        for (JsonNode c : cases) {
            final String input = c.get("input").asText();
            final String norm = EnglishNormalizer.normalize(input);
            final List<String> tokens = TweetTokenizer.tokenize(norm);
            final List<String> raw = frontend.g2p().raw(norm);
            final List<String> g2p = frontend.g2p().g2p(norm);
            final EnglishFrontend.Result v2 = frontend.clean(input, Symbols.V2);
            final EnglishFrontend.Result v1 = frontend.clean(input, Symbols.V1);
            final List<String> wrong = new ArrayList<>();
            if (!norm.equals(c.get("text_normalize").asText())) wrong.add("text_normalize '" + norm + "'");
            if (!tokens.equals(FrontendFixtures.strings(c.get("tokens")))) wrong.add("tokens " + tokens);
            if (!raw.equals(FrontendFixtures.strings(c.get("en_G2p_raw")))) wrong.add("en_G2p_raw " + raw);
            if (!g2p.equals(FrontendFixtures.strings(c.get("g2p")))) wrong.add("g2p " + g2p);
            if (!v2.phones().equals(FrontendFixtures.strings(c.get("clean_text_phones")))) wrong.add("clean_text_phones " + v2.phones());
            if (!java.util.Arrays.equals(v2.ids(), ints(c.get("ids_v2")))) wrong.add("ids_v2");
            if (!java.util.Arrays.equals(v1.ids(), ints(c.get("ids_v1")))) wrong.add("ids_v1");
            if (wrong.isEmpty()) equal++;
            else mismatches.add(input + ": " + wrong);
        }
        System.out.println("english_g2p.json: " + equal + "/" + cases.size() + " cases equal at every stage");
        assertEquals(List.of(), mismatches);
        assertEquals(42, cases.size());
    }

    private static int[] ints(JsonNode array) {
        final int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) out[i] = array.get(i).asInt();
        return out;
    }
}
