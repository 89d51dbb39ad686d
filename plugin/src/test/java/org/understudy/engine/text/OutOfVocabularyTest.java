package org.understudy.engine.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Words longer than 3 letters that no dictionary holds: never dropped. */
class OutOfVocabularyTest {
    private static EnglishG2p g2p;

    @BeforeAll
    static void load() throws Exception {
        g2p = new EnglishG2p(CmuDict.load(FrontendFixtures.gsvData()));
    }

    @Test
    void compoundsSplitIntoDictionaryWords() {
        assertNull(new EnglishG2pProbe().word("desktopmonitor"));
        assertEquals(concat(g2p.qryword("desktop"), g2p.qryword("monitor")), g2p.qryword("desktopmonitor"));
        assertEquals(concat(g2p.qryword("sunny"), g2p.qryword("weather")), g2p.qryword("sunnyweather"));
    }

    @Test
    void letterToSoundForTheRest() {
        assertEquals(List.of("B", "L", "AO1", "R", "F", "T"), LetterToSound.phones("blorft"));
        assertEquals(List.of("Z", "EY1", "K"), LetterToSound.phones("zake"));
        assertEquals(List.of("S", "IH1", "T", "IY0"), LetterToSound.phones("citty"));
        assertEquals(List.of("N", "AY1", "T"), LetterToSound.phones("knight"));
        assertEquals(List.of("K", "W", "IH1", "K", "SH", "AH0", "N"), LetterToSound.phones("quicktion"));
    }

    @Test
    void everyOovWordSpeaksWithTableSymbols() {
        for (String word : List.of("Xqzvbnm", "Grzegorz", "Szczebrzeszyn", "Quuxly", "Zzzz", "Aeiou", "Yggdrasil")) {
            final List<String> phones = EnglishG2p.postFilter(g2p.qryword(word));
            assertFalse(phones.isEmpty(), word);
            for (String p : phones) assertTrue(Symbols.V2.contains(p), word + ": " + p);
        }
    }

    /** Confirms the test words are really absent from the dictionary. */
    private static final class EnglishG2pProbe {
        private final CmuDict dict;

        EnglishG2pProbe() {
            try {
                dict = CmuDict.load(FrontendFixtures.gsvData());
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }

        List<String> word(String w) {
            return dict.word(w);
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        final java.util.ArrayList<String> out = new java.util.ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
