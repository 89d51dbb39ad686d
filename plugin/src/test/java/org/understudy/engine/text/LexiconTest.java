package org.understudy.engine.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LexiconTest {
    private static final String TEXT = """
            # names the dictionary misreads
            Nguyen   W IH1 N
            OpenAI   OW1 P AH0 N EY2 AY1

            nguyen   N W IH1 N
            """;

    @Test
    void parsesEntriesCaseInsensitivelyLaterWins() {
        final Lexicon lexicon = Lexicon.parse(TEXT, "test.lex", Symbols.V2);
        assertEquals(2, lexicon.size());
        assertEquals(List.of("N", "W", "IH1", "N"), lexicon.phones("NGUYEN"));
        assertEquals(List.of("OW1", "P", "AH0", "N", "EY2", "AY1"), lexicon.phones("openai"));
        assertNull(lexicon.phones("open"));
    }

    @Test
    void unknownSymbolNamesLineAndSymbol() {
        final Lexicon.LexiconException e = assertThrows(Lexicon.LexiconException.class,
                () -> Lexicon.parse("# x\nGood  G UH1 D\nBad  B AE1 DX\n", "voice.lex", Symbols.V2));
        assertTrue(e.getMessage().contains("voice.lex line 3"), e.getMessage());
        assertTrue(e.getMessage().contains("'DX'"), e.getMessage());
    }

    @Test
    void malformedEntriesAreRejectedWithTheLine() {
        assertTrue(assertThrows(Lexicon.LexiconException.class, () -> Lexicon.parse("Alone\n", "a.lex", Symbols.V2))
                .getMessage().startsWith("a.lex line 1: 'Alone' has no phones"));
        assertTrue(assertThrows(Lexicon.LexiconException.class, () -> Lexicon.parse("\n\nhi! HH AY1\n", "b.lex", Symbols.V2))
                .getMessage().startsWith("b.lex line 3:"));
        // v2-only symbols are unknown to a v1 model
        assertThrows(Lexicon.LexiconException.class, () -> Lexicon.parse("x Ya1\n", "c.lex", Symbols.V1));
    }

    @Test
    void appliedBeforeNormalisationAndG2p() throws Exception {
        final CmuDict dict = CmuDict.load(FrontendFixtures.gsvData());
        final Lexicon lexicon = Lexicon.parse(TEXT, "test.lex", Symbols.V2);
        final EnglishFrontend frontend = new EnglishFrontend(dict, lexicon);
        final EnglishFrontend.Result r = frontend.clean("Ask Nguyen about OpenAI's plan.", Symbols.V2);
        // Nguyen from the lexicon; OpenAI matched before capital splitting, with the possessive rule for 's
        assertEquals(List.of("AE1", "S", "K", "N", "W", "IH1", "N", "AH0", "B", "AW1", "T",
                "OW1", "P", "AH0", "N", "EY2", "AY1", "Z", "P", "L", "AE1", "N", "."), r.phones());
        final EnglishFrontend.Result without = new EnglishFrontend(dict, Lexicon.EMPTY).clean("Ask Nguyen", Symbols.V2);
        assertTrue(!without.phones().subList(3, without.phones().size()).equals(List.of("N", "W", "IH1", "N")));
    }

    @Test
    void loadsAFile(@TempDir Path dir) throws Exception {
        final Path file = dir.resolve("preset.lex");
        Files.writeString(file, TEXT);
        assertEquals(List.of("N", "W", "IH1", "N"), Lexicon.load(file, Symbols.V2).phones("Nguyen"));
    }

    @Test
    void splitKeepsTextAroundWords() {
        final Lexicon lexicon = Lexicon.parse(TEXT, "t", Symbols.V2);
        final List<Lexicon.Piece> pieces = lexicon.split("Hi Nguyen, Nguyenx Nguyen's nguyen-x 'nguyen'.");
        assertEquals(List.of("Hi ", "Nguyen", ", Nguyenx ", "Nguyen's", " nguyen-x '", "nguyen", "'."),
                pieces.stream().map(Lexicon.Piece::text).toList());
        assertNull(pieces.get(2).phones());
        assertTrue(pieces.get(3).possessive());
        assertEquals(List.of("N", "W", "IH1", "N"), pieces.get(5).phones());
    }
}
