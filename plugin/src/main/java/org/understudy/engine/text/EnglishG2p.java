package org.understudy.engine.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * {@code text/english.py: en_G2p.__call__} and {@code g2p}: normalised English text → ARPAbet phones.
 * Per token: no letter → the token itself; one letter → its dictionary entry ({@code A} → {@code EY1});
 * otherwise {@code qryword}: dictionary, name dictionary for title-case words, spelling of words of
 * up to 3 letters, the possessive {@code 's} rule, and for the rest {@link #unknown} in place of
 * wordsegment + the g2p_en neural model. Homographs are not told apart: nltk's POS tagger is not
 * ported, so a homograph takes its first dictionary pronunciation. Upstream English has no word2ph.
 */
public final class EnglishG2p {
    private static final Logger LOG = Logger.getLogger("understudy.text");
    private static final Pattern LETTER = Pattern.compile("[a-z]");
    private static final Pattern POSSESSIVE = Pattern.compile("^([a-z]+)('s)$");
    private static final Set<String> VOICELESS = Set.of("P", "T", "K", "F", "TH", "HH");
    private static final Set<String> SIBILANT = Set.of("S", "Z", "SH", "ZH", "CH", "JH");
    /** The post-filter's drop list in {@code english.g2p}. */
    private static final Set<String> DROPPED = Set.of(" ", "<pad>", "UW", "</s>", "<s>");

    private final CmuDict dict;

    /** [any-thread] */
    public EnglishG2p(CmuDict dict) {
        this.dict = dict;
    }

    /** [any-thread] {@code _g2p(text)}: phones per token with {@code " "} between tokens. */
    public List<String> raw(String normText) {
        final List<String> prons = new ArrayList<>();
        for (String oWord : TweetTokenizer.tokenize(normText)) {
            final String word = oWord.toLowerCase(Locale.ROOT);
            if (!LETTER.matcher(word).find()) prons.add(word);
            else if (word.length() == 1) prons.addAll(oWord.equals("A") ? List.of("EY1") : letter(word.charAt(0)));
            else prons.addAll(qryword(oWord));
            prons.add(" ");
        }
        if (!prons.isEmpty()) prons.remove(prons.size() - 1);
        return prons;
    }

    /** [any-thread] {@code english.g2p(text)}: {@link #raw} through the post-filter ({@code replace_phs} on the v2 table). */
    public List<String> g2p(String normText) {
        return postFilter(raw(normText));
    }

    /** [any-thread] Drops separators and {@code UW}, {@code <unk>} → {@code UNK}, {@code '} → {@code -}, drops other unknown symbols. */
    public static List<String> postFilter(List<String> raw) {
        final List<String> out = new ArrayList<>(raw.size());
        for (String ph : raw) {
            if (DROPPED.contains(ph)) continue;
            final String p = ph.equals("<unk>") ? "UNK" : ph;
            if (Symbols.V2.contains(p)) out.add(p);
            else if (p.equals("'")) out.add("-");
            else LOG.fine("ph not in symbols: " + p);
        }
        return out;
    }

    /** [any-thread] {@code qryword(o_word)}. */
    public List<String> qryword(String oWord) {
        final String word = oWord.toLowerCase(Locale.ROOT);
        final List<String> known = word.length() > 1 ? dict.word(word) : null;
        if (known != null) return known;
        if (isTitle(oWord)) {
            final List<String> name = dict.name(word);
            if (name != null) return name;
        }
        if (word.length() <= 3) {
            final List<String> phones = new ArrayList<>();
            for (char w : word.toCharArray()) {
                if (w == 'a') phones.add("EY1");
                else if (!Character.isLetter(w)) phones.add(String.valueOf(w));
                else phones.addAll(letter(w));
            }
            return phones;
        }
        if (POSSESSIVE.matcher(word).matches()) {
            return possessive(qryword(word.substring(0, word.length() - 2)));
        }
        return unknown(word);
    }

    /** [any-thread] The phones of a word followed by {@code 's}: {@code S} after a voiceless consonant, {@code AH0 Z} after a sibilant, else {@code Z}. */
    public static List<String> possessive(List<String> word) {
        final List<String> phones = new ArrayList<>(word);
        final String last = phones.isEmpty() ? "" : phones.get(phones.size() - 1);
        if (VOICELESS.contains(last)) phones.add("S");
        else if (SIBILANT.contains(last)) phones.addAll(List.of("AH0", "Z"));
        else phones.add("Z");
        return phones;
    }

    /**
     * Out-of-vocabulary words longer than 3 letters (upstream: wordsegment, then the g2p_en neural model):
     * a split of the letters into dictionary words with the fewest pieces, else {@link LetterToSound}.
     */
    List<String> unknown(String word) {
        final String letters = word.replaceAll("[^a-z]", "");
        final List<String> split = split(letters);
        if (split != null) {
            final List<String> phones = new ArrayList<>();
            for (String piece : split) phones.addAll(qryword(piece));
            return phones;
        }
        LOG.fine("letter-to-sound for '" + word + "'");
        return LetterToSound.phones(letters);
    }

    /** The fewest dictionary words (2+ letters, or "a") that spell the letters, longest first piece on ties; null if none. */
    private List<String> split(String letters) {
        final int n = letters.length();
        if (n == 0) return null;
        final int[] pieces = new int[n + 1];
        final int[] next = new int[n + 1];
        java.util.Arrays.fill(pieces, Integer.MAX_VALUE);
        pieces[n] = 0;
        for (int i = n - 1; i >= 0; i--) {
            for (int j = n; j > i; j--) {
                if (pieces[j] == Integer.MAX_VALUE) continue;
                final String piece = letters.substring(i, j);
                final boolean known = piece.length() > 1 ? dict.word(piece) != null : piece.equals("a");
                if (known && pieces[j] + 1 < pieces[i]) {
                    pieces[i] = pieces[j] + 1;
                    next[i] = j;
                }
            }
        }
        if (pieces[0] == Integer.MAX_VALUE || pieces[0] < 2) return null;
        final List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i = next[i]) out.add(letters.substring(i, next[i]));
        return out;
    }

    private List<String> letter(char c) {
        final List<String> phones = dict.word(String.valueOf(c));
        return phones != null ? phones : LetterToSound.phones(String.valueOf(c));
    }

    /** Python's {@code str.istitle()}. */
    static boolean isTitle(String s) {
        boolean cased = false, previousCased = false;
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            if (Character.isUpperCase(c) || Character.isTitleCase(c)) {
                if (previousCased) return false;
                previousCased = cased = true;
            } else if (Character.isLowerCase(c)) {
                if (!previousCased) return false;
                previousCased = cased = true;
            } else {
                previousCased = false;
            }
        }
        return cased;
    }
}
