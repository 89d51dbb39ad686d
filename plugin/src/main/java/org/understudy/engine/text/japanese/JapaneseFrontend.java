package org.understudy.engine.text.japanese;

import com.atilika.kuromoji.ipadic.Token;
import com.atilika.kuromoji.ipadic.Tokenizer;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Japanese text → phones, after upstream's {@code GPT_SoVITS/text/japanese.py} ({@code text_normalize},
 * {@code g2p} with {@code with_prosody=True}), with Kuromoji (IPADIC) standing in for pyopenjtalk.
 *
 * <p>Ported exactly from upstream:
 * <ul>
 *   <li>normalisation: a run of consecutive marks from {@code ! ? … , . -} collapses to its first
 *       ({@code replace_consecutive_punctuation}); nothing else;</li>
 *   <li>{@code ％} → パーセント, lower-casing, and the split on every character outside upstream's
 *       "Japanese" class (ASCII letters, Unicode digits, 々, U+3040–U+30FF, U+4E00–U+9FFF, full-width
 *       １–９ A–Z a–z, half-width katakana U+FF66–U+FF9D): each run between marks is converted on its
 *       own, an ASCII space is skipped and every other mark is a phone after
 *       {@code post_replace_ph} (full-width {@code ：；，。！？、}, {@code ·} and newline → {@code , . ! ?});
 *       a mark outside the symbol table (「, an ideographic space, ﾟ) becomes {@code UNK} as upstream;</li>
 *   <li>the phone set and mora mapping ({@link KanaPhones}), unvoiced vowels written lower-case
 *       ({@code drop_unvoiced_vowels}), and the rules that place {@code [ ] #} given the accent phrases
 *       and accent nuclei ({@code pyopenjtalk_g2p_prosody}: {@code #} after the last mora of an accent
 *       phrase followed by another in the same run, {@code ]} after the nucleus unless it is the phrase's
 *       last mora, otherwise {@code [} after the first mora of a phrase of two or more).</li>
 * </ul>
 * Approximated, because Kuromoji's IPADIC has readings but no accent data and no Open JTalk rules:
 * <ul>
 *   <li>readings are IPADIC's pronunciation field (long vowels as ー, particles は/へ/を as ワ/エ/オ),
 *       not Open JTalk's naist-jdic with its own rewriting rules; digits and Latin letters use
 *       {@link JapaneseReadings}; kana the dictionary does not know is read as written; anything else
 *       without a reading (a rare kanji) is dropped and named in a warning; ・ is a pause {@code _};</li>
 *   <li>accent phrases: a phrase starts at each token except particles, auxiliaries, suffixes and
 *       non-independent words, a word after a prefix, and a noun after a noun (compounds);</li>
 *   <li>accent: every phrase is flat (heiban: {@code [} after mora 1, no {@code ]}) unless a polite
 *       auxiliary attaches to it, which carries its usual nucleus (で]す, ま]す, ま]した, ませ]ん,
 *       でしょ]う, ましょ]う).</li>
 * </ul>
 * Devoicing (only visible with {@code withProsody=false}, upstream's non-default path, which writes
 * unvoiced vowels in capitals as {@code pyopenjtalk.g2p} does): i/u after a voiceless consonant devoice
 * before a mora starting with a voiceless consonant, and す/し at the end of a run; never two morae in
 * a row. Open JTalk's rule also weighs accent and more contexts.
 * [any-thread]; the Kuromoji dictionary loads on first use (about 0.3 s).
 */
public final class JapaneseFrontend {
    /** What {@code clean} returns: the normalised text, the phones (unknown ones as {@code UNK}) and warnings for dropped text. */
    public record Result(String normText, List<String> phones, List<String> warnings) {}

    private static final String UPSTREAM_PUNCTUATION = "!?…,.-";
    private static final Map<String, String> POST_REPLACE = Map.of("：", ",", "；", ",", "，", ",", "。", ".", "！", "!", "？", "?",
            "\n", ".", "·", ",", "、", ",");
    private static final Set<String> VOICELESS = Set.of("k", "ky", "kw", "s", "sh", "t", "ty", "ch", "ts", "h", "hy", "f", "p", "py");
    /** Polite auxiliaries (IPADIC surface) and the mora of their accent nucleus, 1-based. */
    private static final Map<String, Integer> AUXILIARY_NUCLEUS = Map.of("です", 1, "でし", 1, "でしょ", 2, "ます", 1, "まし", 1, "ませ", 2,
            "ましょ", 2);

    private static final class Holder {
        static final Tokenizer TOKENIZER = new Tokenizer();
    }

    /** [any-thread] */
    public JapaneseFrontend() {}

    /** [any-thread] Upstream's {@code text_normalize}: consecutive marks of {@code ! ? … , . -} → the first. */
    public static String normalize(String text) {
        final StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (UPSTREAM_PUNCTUATION.indexOf(c) >= 0 && i > 0 && UPSTREAM_PUNCTUATION.indexOf(text.charAt(i - 1)) >= 0) continue;
            b.append(c);
        }
        return b.toString();
    }

    /**
     * [any-thread] Upstream's {@code clean_text} for {@code ja}: normalise, g2p with prosody, and every
     * phone {@code known} rejects (always {@code #}; {@code [ ]} under v1) becomes {@code UNK}.
     */
    public Result clean(String text, Predicate<String> known) {
        final String norm = normalize(text);
        final Set<String> dropped = new LinkedHashSet<>();
        final List<String> phones = new ArrayList<>();
        for (String p : g2p(norm, true, dropped)) phones.add(known.test(p) ? p : "UNK");
        final List<String> warnings = dropped.isEmpty() ? List.of()
                : List.of("dropped Japanese text with no reading: " + String.join(", ", dropped));
        return new Result(norm, phones, warnings);
    }

    /**
     * [any-thread] Upstream's {@code preprocess_jap} + {@code post_replace_ph} on normalised text:
     * phones with prosody marks ({@code withProsody}), or plain phones with unvoiced vowels in capitals.
     * Text that has no reading is added to {@code dropped}.
     */
    public List<String> g2p(String normText, boolean withProsody, Set<String> dropped) {
        final String text = normText.replace("％", "パーセント").toLowerCase(Locale.ROOT);
        final List<String> out = new ArrayList<>();
        final StringBuilder run = new StringBuilder();
        for (int i = 0; i < text.length(); ) {
            final int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (isJapaneseCharacter(c)) {
                run.appendCodePoint(c);
                continue;
            }
            if (run.length() > 0) out.addAll(run(run.toString(), withProsody, dropped));
            run.setLength(0);
            if (c == ' ') continue;
            final String mark = new String(Character.toChars(c));
            out.add(POST_REPLACE.getOrDefault(mark, mark));
        }
        if (run.length() > 0) out.addAll(run(run.toString(), withProsody, dropped));
        return out;
    }

    /** [any-thread] Upstream's {@code _japanese_characters} class. */
    public static boolean isJapaneseCharacter(int c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || Character.isDigit(c) || c == 0x3005 || c >= 0x3040 && c <= 0x30FF
                || c >= 0x4E00 && c <= 0x9FFF || c >= 0xFF11 && c <= 0xFF19 || c >= 0xFF21 && c <= 0xFF3A || c >= 0xFF41 && c <= 0xFF5A
                || c >= 0xFF66 && c <= 0xFF9D;
    }

    /** An accent phrase (morae and the 1-based nucleus, 0 for flat) or a pause. */
    private static final class Phrase {
        final List<KanaPhones.Mora> morae = new ArrayList<>();
        int nucleus;
        boolean pause;
    }

    /** One run of Japanese characters → phones, as {@code pyopenjtalk_g2p_prosody(run)[1:-1]} or {@code pyopenjtalk.g2p(run)}. */
    private List<String> run(String run, boolean withProsody, Set<String> dropped) {
        final List<Phrase> phrases = phrases(Normalizer.normalize(run, Normalizer.Form.NFKC), dropped);
        final List<KanaPhones.Mora> all = new ArrayList<>();
        for (Phrase p : phrases) all.addAll(p.morae);
        final boolean[] devoiced = withProsody ? new boolean[all.size()] : devoiced(all);
        final List<String> out = new ArrayList<>();
        int index = 0;
        for (int pi = 0; pi < phrases.size(); pi++) {
            final Phrase p = phrases.get(pi);
            if (p.pause) {
                out.add("_");
                continue;
            }
            final int n = p.morae.size();
            for (int m = 1; m <= n; m++, index++) {
                final KanaPhones.Mora mora = p.morae.get(m - 1);
                if (mora.consonant() != null) out.add(mora.consonant());
                out.add(devoiced[index] ? mora.last().toUpperCase(Locale.ROOT) : mora.last());
                if (!withProsody) continue;
                if (m == n) {
                    if (pi + 1 < phrases.size() && !phrases.get(pi + 1).pause) out.add("#");
                } else if (m == p.nucleus) {
                    out.add("]");
                } else if (m == 1) {
                    out.add("[");
                }
            }
        }
        return out;
    }

    private static boolean[] devoiced(List<KanaPhones.Mora> morae) {
        final boolean[] out = new boolean[morae.size()];
        for (int i = 0; i < morae.size(); i++) {
            final KanaPhones.Mora m = morae.get(i);
            final String v = m.last();
            if (!(v.equals("i") || v.equals("u")) || m.consonant() == null || !VOICELESS.contains(m.consonant())) continue;
            if (i > 0 && out[i - 1]) continue;
            final boolean last = i + 1 == morae.size();
            final String next = last ? null : morae.get(i + 1).consonant();
            out[i] = last ? m.consonant().equals("s") || m.consonant().equals("sh") : next != null && VOICELESS.contains(next);
        }
        return out;
    }

    private static List<Token> tokenize(String text) {
        synchronized (Holder.TOKENIZER) { // Kuromoji does not document its Tokenizer as thread-safe
            return Holder.TOKENIZER.tokenize(text);
        }
    }

    private static List<Phrase> phrases(String text, Set<String> dropped) {
        final List<Phrase> out = new ArrayList<>();
        final String[] parts = text.split("・", -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                final Phrase pause = new Phrase();
                pause.pause = true;
                out.add(pause);
            }
            if (!parts[i].isEmpty()) phrases(parts[i], dropped, out);
        }
        return out;
    }

    private static void phrases(String text, Set<String> dropped, List<Phrase> out) {
        Phrase current = null;
        Token previous = null;
        for (Token t : tokenize(text)) {
            final KanaPhones.Mora before = current == null || current.morae.isEmpty() ? null : current.morae.get(current.morae.size() - 1);
            final List<KanaPhones.Mora> morae = read(t, before, dropped);
            if (morae.isEmpty()) continue;
            if (current == null || !attaches(t, previous)) {
                current = new Phrase();
                out.add(current);
            }
            final Integer nucleus = t.getPartOfSpeechLevel1().equals("助動詞") ? AUXILIARY_NUCLEUS.get(t.getSurface()) : null;
            if (nucleus != null && current.nucleus == 0 && nucleus <= morae.size()) current.nucleus = current.morae.size() + nucleus;
            current.morae.addAll(morae);
            previous = t;
        }
    }

    /** Whether {@code t} continues the accent phrase of {@code previous} (see the class comment). */
    private static boolean attaches(Token t, Token previous) {
        if (previous == null) return false;
        final String pos1 = t.getPartOfSpeechLevel1(), pos2 = t.getPartOfSpeechLevel2();
        if (pos1.equals("助詞") || pos1.equals("助動詞") || pos2.equals("接尾") || pos2.equals("非自立")) return true;
        if (previous.getPartOfSpeechLevel1().equals("接頭詞")) return true;
        return pos1.equals("名詞") && previous.getPartOfSpeechLevel1().equals("名詞");
    }

    /**
     * IPADIC writes some long vowels as エイ/オウ where Open JTalk's dictionary has ー (学生 ガクセイ, Open JTalk
     * ガクセー). Read as long: イ after an e-mora and ウ after an o-mora in a token written with kanji
     * (Sino-Japanese readings; verbs and adjectives excepted, as 思う is o-mo-u) and in auxiliaries
     * (volitional う of 行こう, よう), also across the boundary to the mora before.
     */
    private static List<KanaPhones.Mora> longVowels(List<KanaPhones.Mora> morae, Token t, KanaPhones.Mora before) {
        final String pos1 = t.getPartOfSpeechLevel1();
        final boolean auxiliary = pos1.equals("助動詞");
        final boolean kanji = t.getSurface().codePoints().anyMatch(c -> c >= 0x4E00 && c <= 0x9FFF || c == 0x3005);
        if (!auxiliary && !(kanji && !pos1.equals("動詞") && !pos1.equals("形容詞"))) return morae;
        final List<KanaPhones.Mora> out = new ArrayList<>(morae.size());
        KanaPhones.Mora prev = auxiliary ? before : null;
        for (KanaPhones.Mora m : morae) {
            KanaPhones.Mora read = m;
            if (prev != null && (m.kana().equals("イ") && prev.last().equals("e") || m.kana().equals("ウ") && prev.last().equals("o"))) {
                read = new KanaPhones.Mora(List.of(prev.last()), "ー");
            }
            out.add(read);
            prev = read;
        }
        return out;
    }

    /** A token's morae: IPADIC's pronunciation when it is all kana, otherwise its surface read piece by piece. */
    private static List<KanaPhones.Mora> read(Token t, KanaPhones.Mora before, Set<String> dropped) {
        final String pron = t.getPronunciation();
        if (t.isKnown() && pron != null && KanaPhones.isKana(pron)) {
            final KanaPhones.Result r = KanaPhones.morae(pron, before);
            if (r.unread().isEmpty()) return longVowels(r.morae(), t, before);
        }
        final List<KanaPhones.Mora> out = new ArrayList<>();
        final String s = t.getSurface();
        for (int i = 0; i < s.length(); ) {
            final char c = s.charAt(i);
            final KanaPhones.Mora prev = out.isEmpty() ? before : out.get(out.size() - 1);
            String reading = null;
            int end = i + 1;
            if (c >= '0' && c <= '9') {
                while (end < s.length() && s.charAt(end) >= '0' && s.charAt(end) <= '9') end++;
                reading = JapaneseReadings.number(s.substring(i, end));
            } else if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
                reading = JapaneseReadings.letter(c);
            } else if (KanaPhones.isKana(c)) {
                while (end < s.length() && KanaPhones.isKana(s.charAt(end))) end++;
                reading = s.substring(i, end);
            }
            if (reading != null) {
                final KanaPhones.Result r = KanaPhones.morae(reading, prev);
                out.addAll(r.morae());
                for (String u : r.unread()) dropped.add("'" + u + "'");
            } else {
                final int cp = s.codePointAt(i);
                end = i + Character.charCount(cp);
                dropped.add("'" + new String(Character.toChars(cp)) + "'");
            }
            i = end;
        }
        return out;
    }
}
