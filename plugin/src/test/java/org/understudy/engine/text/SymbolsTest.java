package org.understudy.engine.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class SymbolsTest {
    @Test
    void v1MatchesUpstream() throws Exception {
        final JsonNode golden = FrontendFixtures.json("symbols_v1.json");
        assertEquals(322, golden.get("count").asInt());
        assertEquals(FrontendFixtures.strings(golden.get("symbols")), Symbols.V1.list());
    }

    @Test
    void v2MatchesUpstream() throws Exception {
        final JsonNode golden = FrontendFixtures.json("symbols_v2.json");
        assertEquals(732, golden.get("count").asInt());
        final List<String> symbols = FrontendFixtures.strings(golden.get("symbols"));
        assertEquals(symbols, Symbols.V2.list());
        for (int i = 0; i < symbols.size(); i++) assertEquals(i, Symbols.V2.id(symbols.get(i)));
    }

    @Test
    void idsAndUnknownPhones() {
        assertEquals(86, Symbols.V2.id("UNK"));
        assertEquals(86, Symbols.V2.id("no-such-phone"));
        assertEquals(354, Symbols.V2.id("Ya1"));
        assertEquals(86, Symbols.V1.id("Ya1"));
        assertFalse(Symbols.V1.contains("["));
        assertEquals(Symbols.V1, Symbols.forVersion("v1"));
        assertEquals(Symbols.V2, Symbols.forVersion("v2ProPlus"));
        assertEquals(95, Symbols.V1.id("_"));
    }
}
