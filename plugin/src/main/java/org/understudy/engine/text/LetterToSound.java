package org.understudy.engine.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Rule-based letter-to-sound for English words that are in no dictionary; it stands in for g2p_en's
 * neural predictor, which is not ported. Greedy longest match over a table of spellings (vowel
 * teams, consonant digraphs, r-coloured vowels, soft c/g, silent final e with the long vowel before
 * it, doubled consonants read once), then stress 1 on the first vowel and 0 on the others. Every
 * letter yields a sound or is a known silent letter, so no word comes out empty.
 */
final class LetterToSound {
    private static final String VOWELS = "aeiouy";
    /** Spellings tried longest first; the value is ARPAbet, vowels without stress. */
    private static final String[][] RULES = {
            {"tion", "SH AH N"}, {"sion", "ZH AH N"}, {"ough", "AO"}, {"augh", "AO"}, {"eigh", "EY"},
            {"igh", "AY"}, {"tch", "CH"}, {"dge", "JH"}, {"sch", "S K"}, {"chr", "K R"}, {"que", "K"},
            {"ch", "CH"}, {"sh", "SH"}, {"th", "TH"}, {"ph", "F"}, {"wh", "W"}, {"ck", "K"}, {"ng", "NG"},
            {"qu", "K W"}, {"gh", "G"}, {"ee", "IY"}, {"ea", "IY"}, {"oo", "UW"}, {"ou", "AW"}, {"ow", "OW"},
            {"oi", "OY"}, {"oy", "OY"}, {"ai", "EY"}, {"ay", "EY"}, {"au", "AO"}, {"aw", "AO"}, {"ei", "EY"},
            {"ey", "IY"}, {"ie", "IY"}, {"ue", "UW"}, {"ew", "UW"}, {"oa", "OW"}, {"ar", "AA R"}, {"er", "ER"},
            {"ir", "ER"}, {"ur", "ER"}, {"or", "AO R"},
            {"a", "AE"}, {"b", "B"}, {"c", "K"}, {"d", "D"}, {"e", "EH"}, {"f", "F"}, {"g", "G"}, {"h", "HH"}, {"i", "IH"}, {"j", "JH"},
            {"k", "K"}, {"l", "L"}, {"m", "M"}, {"n", "N"}, {"o", "AA"}, {"p", "P"}, {"q", "K"}, {"r", "R"},
            {"s", "S"}, {"t", "T"}, {"u", "AH"}, {"v", "V"}, {"w", "W"}, {"x", "K S"}, {"z", "Z"},
    };
    private static final Set<String> STRESSABLE = Set.of("AA", "AE", "AH", "AO", "AW", "AY", "EH", "ER", "EY", "IH", "IY", "OW", "OY", "UH", "UW");

    private LetterToSound() {}

    /** [any-thread] ARPAbet with stress for the letters a–z of a word; other characters are ignored. */
    static List<String> phones(String word) {
        final String w = word.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
        final List<String> out = new ArrayList<>();
        int i = 0;
        // initial silent letters: knight, write, gnome, psalm
        if (w.length() > 2 && (w.startsWith("kn") || w.startsWith("wr") || w.startsWith("gn") || w.startsWith("ps"))) i = 1;
        while (i < w.length()) {
            final char c = w.charAt(i);
            if (i > 0 && c == w.charAt(i - 1) && VOWELS.indexOf(c) < 0) { i++; continue; } // doubled consonant
            if (c == 'e' && i == w.length() - 1 && w.length() > 2 && !out.isEmpty()) break; // silent final e
            if ((c == 'c' || c == 'g') && i + 1 < w.length() && "eiy".indexOf(w.charAt(i + 1)) >= 0) {
                out.add(c == 'c' ? "S" : "JH"); // soft c and g: city, giant
                i++;
                continue;
            }
            if (c == 'y') {
                out.add(i == 0 ? "Y" : (i == w.length() - 1 ? "IY" : "IH"));
                i++;
                continue;
            }
            if (VOWELS.indexOf(c) >= 0 && magicE(w, i)) {
                out.add(switch (c) { case 'a' -> "EY"; case 'e' -> "IY"; case 'i' -> "AY"; case 'o' -> "OW"; default -> "UW"; });
                i++;
                continue;
            }
            boolean matched = false;
            for (String[] rule : RULES) {
                if (w.startsWith(rule[0], i)) {
                    for (String p : rule[1].split(" ")) out.add(p);
                    i += rule[0].length();
                    matched = true;
                    break;
                }
            }
            if (!matched) i++; // unreachable for a-z: every letter has a rule
        }
        return stress(out);
    }

    /** Vowel, one consonant, final e: make, theme, bike, home, tune. */
    private static boolean magicE(String w, int i) {
        final int n = w.length();
        return i == n - 3 && w.charAt(n - 1) == 'e' && VOWELS.indexOf(w.charAt(n - 2)) < 0 && w.charAt(n - 2) != 'r'
                && (i == 0 || VOWELS.indexOf(w.charAt(i - 1)) < 0);
    }

    private static List<String> stress(List<String> phones) {
        final List<String> out = new ArrayList<>(phones.size());
        boolean first = true;
        for (String p : phones) {
            if (STRESSABLE.contains(p)) {
                out.add(p + (first ? "1" : "0"));
                first = false;
            } else {
                out.add(p);
            }
        }
        return out;
    }
}
