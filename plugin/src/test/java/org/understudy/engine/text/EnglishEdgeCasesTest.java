package org.understudy.engine.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Inputs on which upstream raises or that the golden files do not reach. */
class EnglishEdgeCasesTest {
    @Test
    void tokenizerKeepsNakedDomainsAndApostropheWords() {
        assertEquals(List.of("Wait.really", "now", "isn't", "'", "n", "'", "well-known", "."),
                TweetTokenizer.tokenize("Wait.really now isn't 'n' well-known."));
        assertEquals(List.of("'", "'", "'", "x"), TweetTokenizer.tokenize("''''''x"));
    }

    @Test
    void numbersBeyondInflectAreReadDigitByDigit() {
        // 37 digits: inflect raises NumOutOfRangeError; we read the digits
        final String digits = "1234567890123456789012345678901234567";
        final String norm = EnglishNormalizer.normalize(digits);
        assertEquals("one two three four five six seven eight nine zero one", norm.substring(0, 53));
    }

    @Test
    void unreadableAmountsDoNotThrow() {
        // upstream: int(",5") raises ValueError
        assertEquals(",five pounds", EnglishNormalizer.normalize("£,5"));
    }

    @Test
    void istitleAsPython() {
        assertEquals(true, EnglishG2p.isTitle("Aarav"));
        assertEquals(true, EnglishG2p.isTitle("O'Brien"));
        assertEquals(false, EnglishG2p.isTitle("McDonald"));
        assertEquals(false, EnglishG2p.isTitle("AI"));
        assertEquals(false, EnglishG2p.isTitle("'"));
    }
}
