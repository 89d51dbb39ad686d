package org.understudy.engine.guide;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Acoustic targets per phone for the guide voice.
 *
 * <p>Sources: vowel formants F1–F3 are the adult male means of J. Hillenbrand, L. Getty, M. Clark and
 * K. Wheeler, "Acoustic characteristics of American English vowels", JASA 97(5), 1995 (Table V);
 * F4/F5 and all bandwidths, the consonant targets, frication bands and the nasal values follow the
 * parameter tables of D. H. Klatt, "Software for a cascade/parallel formant synthesizer", JASA 67(3),
 * 1980 (Table III), rounded. Durations are intrinsic durations in the spirit of Klatt's duration rules
 * (D. H. Klatt, "Linguistic uses of segmental duration in English", JASA 59(5), 1976), in ms.
 * Mandarin finals are built from the same vowel targets (they are sequences of them).
 */
final class PhoneTargets {
    enum Kind { VOWEL, NASAL, LIQUID, GLIDE, FRICATIVE, STOP, AFFRICATE, ASPIRATE, SILENCE }

    /** One target: formants F1..F3 (F4, F5 fixed), voicing, frication band gains, intrinsic duration. */
    record Target(String phone, Kind kind, double f1, double f2, double f3, boolean voiced, double[] fricationGains,
                  double aspiration, double durationMs, double nasal) {}

    private static final Map<String, Target> ARPABET = new HashMap<>();
    private static final double[] NONE = {0, 0, 0, 0, 0};

    private static void vowel(String p, double f1, double f2, double f3, double ms) {
        ARPABET.put(p, new Target(p, Kind.VOWEL, f1, f2, f3, true, NONE, 0, ms, 0));
    }

    private static void put(String p, Kind k, double f1, double f2, double f3, boolean voiced, double[] fric, double asp, double ms,
                            double nasal) {
        ARPABET.put(p, new Target(p, k, f1, f2, f3, voiced, fric, asp, ms, nasal));
    }

    static {
        // Hillenbrand et al. 1995, men: heed hid hayed head had hod hawed hoed hood who'd hud heard
        vowel("IY", 342, 2322, 3000, 150);
        vowel("IH", 427, 2034, 2684, 110);
        vowel("EY", 476, 2089, 2691, 170);
        vowel("EH", 580, 1799, 2605, 130);
        vowel("AE", 588, 1952, 2601, 170);
        vowel("AA", 768, 1333, 2522, 170);
        vowel("AO", 652, 997, 2538, 170);
        vowel("OW", 497, 910, 2459, 170);
        vowel("UH", 469, 1122, 2434, 110);
        vowel("UW", 378, 997, 2343, 150);
        vowel("AH", 623, 1200, 2550, 110);
        vowel("ER", 474, 1379, 1710, 160);
        vowel("AX", 500, 1500, 2500, 70);                         // schwa: Klatt's neutral vowel
        // frication band gains for parallel resonators F2..F5: {unused, F2, F3, F4, F5}
        final double[] s = {0, 0, 0, 0.3, 1.0}, sh = {0, 0, 0.8, 0.6, 0.2}, flat = {0, 0.1, 0.2, 0.3, 0.4}, h = {0, 0, 0, 0, 0};
        put("S", Kind.FRICATIVE, 320, 1390, 2530, false, s, 0, 110, 0);
        put("Z", Kind.FRICATIVE, 240, 1390, 2530, true, s, 0, 80, 0);
        put("SH", Kind.FRICATIVE, 300, 1840, 2750, false, sh, 0, 120, 0);
        put("ZH", Kind.FRICATIVE, 300, 1840, 2750, true, sh, 0, 80, 0);
        put("F", Kind.FRICATIVE, 340, 1100, 2080, false, flat, 0, 100, 0);
        put("V", Kind.FRICATIVE, 220, 1100, 2080, true, flat, 0, 60, 0);
        put("TH", Kind.FRICATIVE, 320, 1290, 2540, false, flat, 0, 100, 0);
        put("DH", Kind.FRICATIVE, 270, 1290, 2540, true, flat, 0, 50, 0);
        put("HH", Kind.ASPIRATE, 500, 1500, 2500, false, h, 0.6, 70, 0);
        put("M", Kind.NASAL, 480, 1270, 2130, true, NONE, 0, 70, 0.6);
        put("N", Kind.NASAL, 480, 1340, 2470, true, NONE, 0, 60, 0.6);
        put("NG", Kind.NASAL, 480, 2000, 2900, true, NONE, 0, 80, 0.6);
        put("L", Kind.LIQUID, 360, 1300, 2900, true, NONE, 0, 70, 0);
        put("R", Kind.LIQUID, 330, 1060, 1380, true, NONE, 0, 70, 0);
        put("W", Kind.GLIDE, 290, 610, 2150, true, NONE, 0, 60, 0);
        put("Y", Kind.GLIDE, 260, 2070, 3020, true, NONE, 0, 60, 0);
        // stops: closure (silence or voice bar), then a burst shaped by the place's band, then the next phone
        put("P", Kind.STOP, 400, 1100, 2150, false, flat, 0.5, 90, 0);
        put("B", Kind.STOP, 200, 1100, 2150, true, flat, 0, 70, 0);
        put("T", Kind.STOP, 400, 1600, 2600, false, s, 0.5, 90, 0);
        put("D", Kind.STOP, 200, 1600, 2600, true, s, 0, 70, 0);
        put("K", Kind.STOP, 300, 1990, 2850, false, sh, 0.5, 90, 0);
        put("G", Kind.STOP, 200, 1990, 2850, true, sh, 0, 70, 0);
        put("CH", Kind.AFFRICATE, 350, 1800, 2820, false, sh, 0, 130, 0);
        put("JH", Kind.AFFRICATE, 260, 1800, 2820, true, sh, 0, 100, 0);
        put("_", Kind.SILENCE, 500, 1500, 2500, false, NONE, 0, 0, 0);
    }

    /** Diphthongs and Mandarin finals as sequences of ARPAbet targets. */
    private static final Map<String, List<String>> SEQUENCES = new HashMap<>();

    static {
        SEQUENCES.put("AY", List.of("AA", "IY"));
        SEQUENCES.put("AW", List.of("AA", "UW"));
        SEQUENCES.put("OY", List.of("AO", "IY"));
        // Mandarin finals (pinyin, as the frontend's opencpop symbols spell them)
        final String[][] finals = {
            {"a", "AA"}, {"o", "AO"}, {"e", "AH"}, {"E", "EH"}, {"i", "IY"}, {"u", "UW"}, {"v", "IY"}, {"i0", "IH"}, {"ir", "ER"},
            {"er", "ER"}, {"ai", "AA IY"}, {"ei", "EY"}, {"ao", "AA UW"}, {"ou", "OW"}, {"an", "AA N"}, {"en", "AH N"},
            {"ang", "AA NG"}, {"eng", "AH NG"}, {"ong", "UH NG"}, {"ia", "IY AA"}, {"ie", "IY EH"}, {"iao", "IY AA UW"},
            {"iou", "IY OW"}, {"ian", "IY EH N"}, {"in", "IY N"}, {"iang", "IY AA NG"}, {"ing", "IY NG"}, {"iong", "IY UH NG"},
            {"ua", "UW AA"}, {"uo", "UW AO"}, {"uai", "UW AA IY"}, {"uei", "UW EY"}, {"uan", "UW AA N"}, {"uen", "UW AH N"},
            {"uang", "UW AA NG"}, {"ueng", "UW AH NG"}, {"ve", "IY EH"}, {"van", "IY AE N"}, {"vn", "IY N"},
            // opencpop-strict spellings, as the frontend emits them
            {"iu", "IY OW"}, {"ui", "UW EY"}, {"un", "UW AH N"}, {"En", "AH N"},
        };
        for (String[] f : finals) SEQUENCES.put("zh:" + f[0], List.of(f[1].split(" ")));
        final String[][] initials = {
            {"b", "B"}, {"p", "P"}, {"m", "M"}, {"f", "F"}, {"d", "D"}, {"t", "T"}, {"n", "N"}, {"l", "L"}, {"g", "G"}, {"k", "K"},
            {"h", "HH"}, {"j", "JH"}, {"q", "CH"}, {"x", "SH"}, {"zh", "JH"}, {"ch", "CH"}, {"sh", "SH"}, {"r", "R"}, {"z", "Z"},
            {"c", "CH"}, {"s", "S"}, {"y", "Y"}, {"w", "W"},
        };
        for (String[] i : initials) SEQUENCES.put("zh:" + i[0], List.of(i[1]));
        // opencpop's zero-initial markers (a syllable starting with a vowel): nothing to say before the final
        for (String marker : new String[] {"AA", "EE", "OO"}) SEQUENCES.put("zh:" + marker, List.of());
    }

    /**
     * Japanese phones (upstream's pyopenjtalk set) as ARPAbet targets: the five vowels (upper case:
     * devoiced, spoken as the same vowel here), the consonants and palatalised ones (ky = K + Y), the
     * moraic nasal N and the geminate closure cl (a short silence).
     */
    private static final Map<String, List<String>> JAPANESE = new HashMap<>();

    static {
        final String[][] phones = {
            {"a", "AA"}, {"i", "IY"}, {"u", "UW"}, {"e", "EH"}, {"o", "AO"}, {"N", "N"}, {"cl", "_"},
            {"k", "K"}, {"g", "G"}, {"s", "S"}, {"sh", "SH"}, {"z", "Z"}, {"j", "JH"}, {"t", "T"}, {"ch", "CH"}, {"ts", "T S"},
            {"d", "D"}, {"n", "N"}, {"h", "HH"}, {"f", "F"}, {"b", "B"}, {"p", "P"}, {"m", "M"}, {"y", "Y"}, {"r", "L"},
            {"w", "W"}, {"v", "V"}, {"ky", "K Y"}, {"gy", "G Y"}, {"ny", "N Y"}, {"hy", "HH Y"}, {"by", "B Y"}, {"py", "P Y"},
            {"my", "M Y"}, {"ry", "L Y"}, {"dy", "D Y"}, {"ty", "T Y"}, {"kw", "K W"}, {"gw", "G W"},
        };
        for (String[] p : phones) {
            JAPANESE.put(p[0], List.of(p[1].split(" ")));
            if (p[0].length() == 1 && "aiueo".contains(p[0])) JAPANESE.put(p[0].toUpperCase(Locale.ROOT), List.of(p[1]));
        }
    }

    private PhoneTargets() {}

    /** The targets of a Japanese phone (upstream's set). */
    static List<Target> japanese(String phone) {
        final List<String> parts = JAPANESE.get(phone);
        if (parts == null) throw new IllegalArgumentException("the guide voice has no target for Japanese phone '" + phone + "'");
        return parts.stream().map(ARPABET::get).toList();
    }

    /** The targets of an ARPAbet phone (stress digits ignored) or a Mandarin initial/final (tone digit ignored). */
    static List<Target> of(String phone, boolean mandarin) {
        final String base = mandarin ? phone.replaceAll("[1-5]$", "") : phone.replaceAll("[0-2]$", "").toUpperCase(Locale.ROOT);
        final List<String> parts = mandarin ? SEQUENCES.get("zh:" + base) : SEQUENCES.getOrDefault(base, List.of(base));
        if (parts == null) throw new IllegalArgumentException("the guide voice has no target for Mandarin phone '" + phone + "'");
        return parts.stream().map(p -> {
            final Target t = ARPABET.get(p);
            if (t == null) throw new IllegalArgumentException("the guide voice has no target for phone '" + phone + "'");
            return t;
        }).toList();
    }

    /** The ARPAbet target (for tests and tables). */
    static Target arpabet(String phone) {
        return ARPABET.get(phone);
    }
}
