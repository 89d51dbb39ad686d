package org.understudy.engine.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class UnsupportedCharactersTest {
    @Test
    void emojiControlAndOtherScriptsAreNamed() {
        final UnsupportedCharacters.Filtered f = UnsupportedCharacters.englishFilter("Hi 😀 there\u0007, привет 你好 ß!");
        assertEquals("Hi  there,   !", f.text());
        final String warning = f.warning();
        assertTrue(warning.contains("U+1F600 GRINNING FACE"), warning);
        assertTrue(warning.contains("U+0007"), warning);
        assertTrue(warning.contains("CYRILLIC SMALL LETTER PE"), warning);
        assertTrue(warning.contains("U+4F60"), warning);
        assertTrue(warning.contains("LATIN SMALL LETTER SHARP S"), warning);
    }

    @Test
    void latinAccentsPunctuationAndReadSymbolsPass() {
        final String text = "Café naïve e\u0301 — “quoted” 50% $5 £3 23°C 3×4\tok\n";
        final UnsupportedCharacters.Filtered f = UnsupportedCharacters.englishFilter(text);
        assertEquals(text, f.text());
        assertNull(f.warning());
        assertEquals(List.of(), f.dropped());
    }

    @Test
    void englishFrontendDropsThemAndStillSpeaks() throws Exception {
        final EnglishFrontend frontend = new EnglishFrontend(CmuDict.load(FrontendFixtures.gsvData()), Lexicon.EMPTY);
        final EnglishFrontend.Result r = frontend.clean("Good 🎉 news\u200B 日本!", Symbols.V2);
        // "Good news !": upstream's punctuation collapse removes a mark after a space
        assertEquals(List.of("G", "UH1", "D", "N", "UW1", "Z"), r.phones());
        assertEquals(1, r.warnings().size());
        assertTrue(r.warnings().get(0).contains("U+1F389"), r.warnings().get(0));
        assertTrue(r.warnings().get(0).contains("U+200B"), r.warnings().get(0));
        final EnglishFrontend.Result nothing = frontend.clean("🙂🙂\u0000", Symbols.V2);
        assertEquals(List.of(","), nothing.phones());
    }
}
