package org.understudy.engine.text.chinese;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tone3 pinyin → GPT-SoVITS v2 phones, after the tail of {@code GPT_SoVITS/text/chinese2.py:_g2p}:
 * pypinyin's {@code to_initials} / {@code to_finals_tone3(neutral_tone_with_five=True)} split,
 * {@code _merge_erhua}, and the {@code opencpop-strict.txt} mapping with the zero-initial markers
 * ({@code AA}/{@code EE}/{@code OO}, {@code y}, {@code w}), the tone digit appended to the final.
 *
 * <p>A syllable gives two phones and {@code word2ph} 2; a punctuation mark
 * ({@code ! ? … , . -}) gives itself and 1. Input syllables are tone3 strings with the neutral
 * tone as 5, as g2pW writes them ({@code "zhi1"}, {@code "lv4"}, {@code "er2"}); letters with tone
 * marks are not read. Upstream fails on a syllable outside the table ({@code n2}, {@code hm5},
 * {@code huar1}); so does this class, with an {@link IllegalArgumentException} naming it.
 *
 * <p>The table is read at run time from the user's GPT-SoVITS folder
 * ({@code GPT_SoVITS/text/opencpop-strict.txt}). Immutable: [any-thread].
 */
public final class PinyinToPhones {

    /** Initials and tone3 finals of consecutive characters; a punctuation mark is its own initial and final. */
    public record Syllables(List<String> initials, List<String> finals) {
        public Syllables {
            if (initials.size() != finals.size()) throw new IllegalArgumentException(initials.size() + " initials, " + finals.size() + " finals");
            initials = List.copyOf(initials);
            finals = List.copyOf(finals);
        }
    }

    /** Phone symbols, and the number of phones per character ({@code word2ph}). */
    public record Phones(List<String> phones, List<Integer> word2ph) {
        public Phones {
            phones = List.copyOf(phones);
            word2ph = List.copyOf(word2ph);
        }
    }

    /** {@code text.symbols.punctuation}: the marks that pass through as phones. */
    public static final List<String> PUNCTUATION = List.of("!", "?", "…", ",", ".", "-");

    // pypinyin's initials (strict), in its matching order: zh/ch/sh before z/c/s.
    private static final List<String> INITIALS = List.of(
            "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x", "zh", "ch", "sh", "r", "z", "c", "s");
    private static final List<String> INITIALS_WITH_YW = concat(INITIALS, List.of("y", "w"));
    // pypinyin's finals (with ü written ü)
    private static final Set<String> FINALS = Set.of(
            "i", "u", "ü", "a", "ia", "ua", "o", "uo", "e", "ie", "üe", "ai", "uai", "ei", "uei", "ao", "iao", "ou", "iou",
            "an", "ian", "uan", "üan", "en", "in", "uen", "ün", "ang", "iang", "uang", "eng", "ing", "ueng", "ong", "iong",
            "er", "ê");

    // chinese2._g2p: written forms restored before the table lookup
    private static final Map<String, String> AFTER_INITIAL = Map.of("uei", "ui", "iou", "iu", "uen", "un");
    private static final Map<String, String> ZERO_INITIAL_SYLLABLE = Map.of("ing", "ying", "i", "yi", "in", "yin", "u", "wu");
    private static final Map<Character, String> ZERO_INITIAL_LEAD = Map.of('v', "yu", 'e', "e", 'i', "y", 'u', "w");

    private static final Set<String> MUST_ERHUA = Set.of(("小院儿 胡同儿 范儿 老汉儿 撒欢儿 寻老礼儿 妥妥儿 媳妇儿").split(" "));
    private static final Set<String> NOT_ERHUA = Set.of((
            "虐儿 为儿 护儿 瞒儿 救儿 替儿 有儿 一儿 我儿 俺儿 妻儿 拐儿 聋儿 乞儿 患儿 幼儿 "
            + "孤儿 婴儿 婴幼儿 连体儿 脑瘫儿 流浪儿 体弱儿 混血儿 蜜雪儿 舫儿 祖儿 美儿 应采儿 可儿 侄儿 孙儿 "
            + "侄孙儿 女儿 男儿 红孩儿 花儿 虫儿 马儿 鸟儿 猪儿 猫儿 狗儿 少儿").split(" "));
    private static final Set<String> NO_ERHUA_POS = Set.of("a", "j", "nr");

    private final Map<String, String[]> table;

    private PinyinToPhones(Map<String, String[]> table) {
        this.table = table;
    }

    /** Reads {@code opencpop-strict.txt} (lines {@code pinyin<TAB>initial final}). [any-thread] */
    public static PinyinToPhones load(Path opencpopStrict) throws IOException {
        final Map<String, String[]> table = new LinkedHashMap<>();
        int lineNumber = 0;
        for (String line : Files.readAllLines(opencpopStrict, StandardCharsets.UTF_8)) {
            lineNumber++;
            if (line.isBlank()) continue;
            final String[] columns = line.strip().split("\t");
            final String[] phones = columns.length == 2 ? columns[1].split(" ") : new String[0];
            if (phones.length != 2) throw new IOException(opencpopStrict + ":" + lineNumber + ": expected 'pinyin<TAB>initial final', got '" + line + "'");
            table.put(line.split("\t")[0], phones);
        }
        if (table.isEmpty()) throw new IOException(opencpopStrict + " has no rows");
        return new PinyinToPhones(Collections.unmodifiableMap(table));
    }

    /** The number of rows of the table. [any-thread] */
    public int size() {
        return table.size();
    }

    // ---- pypinyin (contrib.tone_convert, strict) ----

    /** pypinyin's {@code to_initials(pinyin)}: the strict initial, "" for a zero-initial syllable. [any-thread] */
    public static String toInitials(String pinyin) {
        return initialOf(pinyin, INITIALS);
    }

    /**
     * pypinyin's {@code to_finals_tone3(pinyin, neutral_tone_with_five=True)} with {@code ü} written
     * {@code v}: the strict final plus the first tone digit (5 when there is none, and 5 is dropped
     * before reading it, as pypinyin does); "" when the syllable has no final pypinyin knows.
     * [any-thread]
     */
    public static String toFinalsTone3(String pinyin) {
        final String withoutFive = pinyin.replace("5", "");
        final String finals = strictFinal(withoutFive.replaceAll("[0-9]", "").replace('v', 'ü')).replace('ü', 'v');
        if (finals.isEmpty()) return finals;
        for (int i = 0; i < withoutFive.length(); i++) {
            if (Character.isDigit(withoutFive.charAt(i))) return finals + withoutFive.charAt(i);
        }
        return finals + "5";
    }

    private static String initialOf(String pinyin, List<String> initials) {
        for (String i : initials) if (pinyin.startsWith(i)) return i;
        return "";
    }

    // pypinyin style._utils.get_finals(strict=True) after standard.convert_finals
    private static String strictFinal(String syllable) {
        final String restored = restoreFinal(syllable);
        final String finals = restored.substring(initialOf(restored, INITIALS).length());
        if (FINALS.contains(finals)) return finals;
        final String withoutYw = restored.substring(initialOf(restored, INITIALS_WITH_YW).length());
        return FINALS.contains(withoutYw) ? withoutYw : "";
    }

    // pypinyin standard.convert_finals: the written forms back to the finals of the scheme
    private static String restoreFinal(String p) {
        p = restoreZeroInitial(p);
        if (p.length() >= 2 && "jqx".indexOf(p.charAt(0)) >= 0 && p.charAt(1) == 'u') p = p.charAt(0) + "ü" + p.substring(2); // ju → jü
        if (p.endsWith("iu") && p.length() > 2 && isAsciiLower(p, 0, p.length() - 2)) p = p.substring(0, p.length() - 2) + "iou"; // niu
        if (p.endsWith("ui") && p.length() > 2 && isAsciiLower(p, p.length() - 3, p.length() - 2)) p = p.substring(0, p.length() - 2) + "uei"; // gui
        if (p.endsWith("un") && p.length() > 2 && isAsciiLower(p, p.length() - 3, p.length() - 2)) p = p.substring(0, p.length() - 2) + "uen"; // lun
        return p;
    }

    // y/w spellings: yu → ü, yi → i, ya → ia, wu → u, wa → ua; kept when the result is no final
    private static String restoreZeroInitial(String raw) {
        String p = raw;
        if (raw.startsWith("y")) {
            final String rest = p.substring(1);
            if (rest.startsWith("u")) p = "ü" + p.substring(2);
            else if (rest.startsWith("i")) p = rest;
            else p = "i" + rest;
        }
        if (raw.startsWith("w")) {
            p = p.substring(1).startsWith("u") ? p.substring(1) : "u" + p.substring(1);
        }
        return FINALS.contains(p) ? p : raw;
    }

    private static boolean isAsciiLower(String s, int from, int to) {
        for (int i = from; i < to; i++) if (s.charAt(i) < 'a' || s.charAt(i) > 'z') return false;
        return from < to;
    }

    // ---- chinese2._g2p ----

    /**
     * One word's pinyins as initials and finals: a syllable (starting with a letter) through
     * {@link #toInitials} and {@link #toFinalsTone3}, anything else (punctuation) as itself in both. [any-thread]
     */
    public static Syllables split(List<String> pinyins) {
        final List<String> initials = new ArrayList<>(), finals = new ArrayList<>();
        for (String p : pinyins) {
            if (p.isEmpty()) throw new IllegalArgumentException("empty pinyin");
            if (Character.isLetter(p.codePointAt(0))) {
                initials.add(toInitials(p));
                finals.add(toFinalsTone3(p));
            } else {
                initials.add(p);
                finals.add(p);
            }
        }
        return new Syllables(initials, finals);
    }

    /**
     * {@code _merge_erhua(initials, finals, word, pos)}: a word-final 儿 read er1 becomes er2; then,
     * unless the word is listed as not erhua or tagged a/j/nr (and not listed as must-erhua), a
     * word-final 儿 read er2/er5 takes the tone of the syllable before it. No separate "r" phone.
     * [any-thread]
     */
    public static Syllables mergeErhua(Syllables syllables, String word, String pos) {
        final String[] chars = ToneSandhi.chars(word);
        final List<String> finals = new ArrayList<>(syllables.finals());
        final int last = finals.size() - 1;
        if (last >= 0 && chars[last].equals("儿") && finals.get(last).equals("er1")) finals.set(last, "er2");
        if (!MUST_ERHUA.contains(word) && (NOT_ERHUA.contains(word) || NO_ERHUA_POS.contains(pos))) {
            return new Syllables(syllables.initials(), finals);
        }
        if (finals.size() != chars.length) return new Syllables(syllables.initials(), finals);
        final String lastTwo = chars.length >= 2 ? chars[chars.length - 2] + chars[chars.length - 1] : word;
        if (last >= 1 && chars[last].equals("儿") && (finals.get(last).equals("er2") || finals.get(last).equals("er5"))
                && !NOT_ERHUA.contains(lastTwo)) {
            final String before = finals.get(last - 1);
            finals.set(last, "er" + before.charAt(before.length() - 1));
        }
        return new Syllables(syllables.initials(), finals);
    }

    /** The phones and {@code word2ph} of a run of pinyins (split, then mapped; no sandhi, no erhua). [any-thread] */
    public Phones phones(List<String> pinyins) {
        return phones(split(pinyins));
    }

    /** The opencpop-strict mapping of initials and tone3 finals. [any-thread] */
    public Phones phones(Syllables syllables) {
        final List<String> phones = new ArrayList<>();
        final List<Integer> word2ph = new ArrayList<>();
        for (int i = 0; i < syllables.initials().size(); i++) {
            final String c = syllables.initials().get(i), v = syllables.finals().get(i);
            if (c.equals(v)) {
                if (!PUNCTUATION.contains(c)) throw new IllegalArgumentException("'" + c + "' is neither a syllable nor a punctuation mark");
                phones.add(c);
                word2ph.add(1);
                continue;
            }
            final String[] mapped = syllable(c, v);
            phones.add(mapped[0]);
            phones.add(mapped[1]);
            word2ph.add(2);
        }
        return new Phones(phones, word2ph);
    }

    /** One syllable, initial {@code c} and tone3 final {@code v}, as {initial phone, final phone + tone}. [any-thread] */
    public String[] syllable(String c, String v) {
        if (v.isEmpty()) throw new IllegalArgumentException("syllable '" + c + "' has no final (outside opencpop-strict)");
        final String toneless = v.substring(0, v.length() - 1);
        final char tone = v.charAt(v.length() - 1);
        String pinyin = c + toneless;
        if ("12345".indexOf(tone) < 0) throw new IllegalArgumentException("'" + c + v + "' has no tone digit 1-5");
        if (!c.isEmpty()) {
            pinyin = c + AFTER_INITIAL.getOrDefault(toneless, toneless);
        } else if (ZERO_INITIAL_SYLLABLE.containsKey(pinyin)) {
            pinyin = ZERO_INITIAL_SYLLABLE.get(pinyin);
        } else {
            if (pinyin.isEmpty()) throw new IllegalArgumentException("'" + v + "' has neither initial nor final");
            final String lead = ZERO_INITIAL_LEAD.get(pinyin.charAt(0));
            if (lead != null) pinyin = lead + pinyin.substring(1);
        }
        final String[] phones = table.get(pinyin);
        if (phones == null) throw new IllegalArgumentException("'" + pinyin + "' (from '" + c + v + "') is not in opencpop-strict");
        return new String[] {phones[0], phones[1] + tone};
    }

    private static List<String> concat(List<String> a, List<String> b) {
        final List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return List.copyOf(out);
    }
}
