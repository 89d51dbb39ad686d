package org.understudy.engine.text.japanese;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Kana → the phones of Open JTalk's phoneme set, which pyopenjtalk (and so upstream's
 * {@code text/japanese.py}) emits: one mora is a consonant (possibly palatalised: {@code ky},
 * {@code sh}, {@code ch}, {@code ts}, {@code j} ...) and a vowel, or {@code N} (ン), or {@code cl} (ッ).
 *
 * <ul>
 *   <li>Hiragana is read as the katakana it shifts to; ゔ as ヴ.</li>
 *   <li>Two-letter morae (a kana and a small ャュョァィゥェォヮ) are matched before single letters; a
 *       small kana that does not combine is its own mora (ァ → {@code a}, ャ → {@code y a}).</li>
 *   <li>ー repeats the vowel of the mora before it ({@code N} after ン), as Open JTalk's labels do.
 *       ヽ/ゝ repeat the mora before, ヾ/ゞ repeat it voiced.</li>
 *   <li>Open JTalk's {@code ty} (テュ), {@code kw}/{@code gw} (クヮ/グヮ) are produced as it produces them;
 *       upstream's symbol tables lack them, so they become {@code UNK} there as they do upstream.</li>
 * </ul>
 * Stateless: [any-thread].
 */
public final class KanaPhones {
    /** A mora: its phones (1 or 2) and whether it is a syllabic nasal, sokuon or long-vowel continuation. */
    public record Mora(List<String> phones, String kana) {
        /** The vowel (or {@code N}, {@code cl}) that ends the mora. */
        public String last() {
            return phones.get(phones.size() - 1);
        }

        /** The consonant, or null for a bare vowel, {@code N} or {@code cl}. */
        public String consonant() {
            return phones.size() == 2 ? phones.get(0) : null;
        }
    }

    /** Kana that could not be read (a lone ー with nothing before it, a stray voicing mark). */
    public record Result(List<Mora> morae, List<String> unread) {}

    private static final Map<String, List<String>> TABLE = new HashMap<>();

    static {
        final String rows = """
                ア a|イ i|ウ u|エ e|オ o|ァ a|ィ i|ゥ u|ェ e|ォ o|
                カ k a|キ k i|ク k u|ケ k e|コ k o|ヵ k a|ヶ k e|
                ガ g a|ギ g i|グ g u|ゲ g e|ゴ g o|
                サ s a|シ sh i|ス s u|セ s e|ソ s o|
                ザ z a|ジ j i|ズ z u|ゼ z e|ゾ z o|
                タ t a|チ ch i|ツ ts u|テ t e|ト t o|
                ダ d a|ヂ j i|ヅ z u|デ d e|ド d o|
                ナ n a|ニ n i|ヌ n u|ネ n e|ノ n o|
                ハ h a|ヒ h i|フ f u|ヘ h e|ホ h o|
                バ b a|ビ b i|ブ b u|ベ b e|ボ b o|
                パ p a|ピ p i|プ p u|ペ p e|ポ p o|
                マ m a|ミ m i|ム m u|メ m e|モ m o|
                ヤ y a|ユ y u|ヨ y o|ャ y a|ュ y u|ョ y o|
                ラ r a|リ r i|ル r u|レ r e|ロ r o|
                ワ w a|ヮ w a|ヰ i|ヱ e|ヲ o|ン N|ッ cl|
                ヴ v u|ヷ v a|ヸ v i|ヹ v e|ヺ v o|
                ティ t i|トゥ t u|テャ ty a|テュ ty u|テョ ty o|
                ディ d i|ドゥ d u|デャ dy a|デュ dy u|デョ dy o|
                ツァ ts a|ツィ ts i|ツェ ts e|ツォ ts o|
                ファ f a|フィ f i|フェ f e|フォ f o|フュ hy u|
                ウィ w i|ウェ w e|ウォ w o|イェ y e|スィ s i|ズィ z i|
                ヴァ v a|ヴィ v i|ヴェ v e|ヴォ v o|ヴャ by a|ヴュ by u|ヴョ by o|
                クヮ kw a|グヮ gw a|
                """;
        for (String entry : rows.replace("\n", "").split("\\|")) {
            if (entry.isBlank()) continue;
            final String[] parts = entry.strip().split(" ");
            TABLE.put(parts[0], List.of(parts).subList(1, parts.length));
        }
        // palatalised rows: a kana of the i column + small ャ ュ ョ ェ
        final String[][] palatal = {{"キ", "ky"}, {"ギ", "gy"}, {"シ", "sh"}, {"ジ", "j"}, {"チ", "ch"}, {"ヂ", "j"}, {"ニ", "ny"},
                {"ヒ", "hy"}, {"ビ", "by"}, {"ピ", "py"}, {"ミ", "my"}, {"リ", "ry"}};
        final String[][] smalls = {{"ャ", "a"}, {"ュ", "u"}, {"ョ", "o"}, {"ェ", "e"}};
        for (String[] p : palatal) for (String[] s : smalls) TABLE.put(p[0] + s[0], List.of(p[1], s[1]));
    }

    private static final String VOICED_FROM = "カキクケコサシスセソタチツテトハヒフヘホウ";
    private static final String VOICED_TO = "ガギグゲゴザジズゼゾダヂヅデドバビブベボヴ";

    private KanaPhones() {}

    /** [any-thread] Hiragana shifted to katakana (ぁ–ゖ, ゝゞ); anything else unchanged. */
    public static String toKatakana(String s) {
        final StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            b.append(c >= '\u3041' && c <= '\u3096' || c == '\u309D' || c == '\u309E' ? (char) (c + 0x60) : c);
        }
        return b.toString();
    }

    /** [any-thread] Whether every character is kana (either script), ー or an iteration mark. */
    public static boolean isKana(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) if (!isKana(s.charAt(i))) return false;
        return true;
    }

    /** [any-thread] */
    public static boolean isKana(char c) {
        return c >= '\u3041' && c <= '\u3096' || c == '\u309D' || c == '\u309E' || c >= '\u30A1' && c <= '\u30FA' || c == 'ー'
                || c == '\u30FD' || c == '\u30FE';
    }

    /** [any-thread] The phones of one kana mora (katakana, one or two letters), or null when it is not one. */
    public static List<String> mora(String katakana) {
        return TABLE.get(katakana);
    }

    /**
     * [any-thread] The morae of {@code kana}; {@code before} is the mora before it (for a leading ー or
     * iteration mark), or null.
     */
    public static Result morae(String kana, Mora before) {
        final String k = toKatakana(kana);
        final List<Mora> out = new ArrayList<>();
        final List<String> unread = new ArrayList<>();
        Mora prev = before;
        for (int i = 0; i < k.length(); ) {
            final char c = k.charAt(i);
            Mora m = null;
            int used = 1;
            if (c == 'ー') {
                if (prev != null && !prev.last().equals("cl")) m = new Mora(List.of(prev.last()), "ー");
            } else if (c == 'ヽ' || c == 'ヾ') {
                if (prev != null && prev.kana().length() >= 1 && TABLE.containsKey(prev.kana())) {
                    String again = prev.kana();
                    if (c == 'ヾ') {
                        final int v = VOICED_FROM.indexOf(again.charAt(0));
                        if (v >= 0) again = VOICED_TO.charAt(v) + again.substring(1);
                    }
                    m = new Mora(TABLE.get(again), again);
                }
            } else {
                if (i + 1 < k.length() && TABLE.containsKey(k.substring(i, i + 2))) used = 2;
                final String key = k.substring(i, i + used);
                final List<String> phones = TABLE.get(key);
                if (phones != null) m = new Mora(phones, key);
            }
            if (m == null) {
                unread.add(String.valueOf(kana.charAt(i)));
            } else {
                out.add(m);
                prev = m;
            }
            i += used;
        }
        return new Result(out, unread);
    }
}
