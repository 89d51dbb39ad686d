package org.understudy.engine.text.japanese;

/**
 * Katakana readings for what the IPADIC lexicon leaves without one: runs of ASCII digits (Kuromoji
 * makes them unknown nouns) and Latin letters. Open JTalk reads these itself; these readings follow
 * ordinary Japanese usage and are approximations of its output (no counter-dependent sound changes such
 * as いっぽん; a number with a leading zero or more than 20 digits is read digit by digit).
 * Stateless: [any-thread].
 */
public final class JapaneseReadings {
    private static final String[] DIGITS = {"ゼロ", "イチ", "ニ", "サン", "ヨン", "ゴ", "ロク", "ナナ", "ハチ", "キュウ"};
    private static final String[] UNITS = {"", "マン", "オク", "チョウ", "ケイ"};
    private static final String[] LETTERS = {"エー", "ビー", "シー", "ディー", "イー", "エフ", "ジー", "エイチ", "アイ", "ジェー", "ケー",
            "エル", "エム", "エヌ", "オー", "ピー", "キュー", "アール", "エス", "ティー", "ユー", "ブイ", "ダブリュー", "エックス", "ワイ", "ゼット"};

    private JapaneseReadings() {}

    /** [any-thread] The reading of a run of ASCII digits as a cardinal number (or digit by digit, see above). */
    public static String number(String digits) {
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) throw new IllegalArgumentException(digits);
        if (digits.length() > 1 && digits.charAt(0) == '0' || digits.length() > 20) {
            final StringBuilder b = new StringBuilder();
            for (char c : digits.toCharArray()) b.append(DIGITS[c - '0']);
            return b.toString();
        }
        if (digits.chars().allMatch(c -> c == '0')) return DIGITS[0];
        final StringBuilder out = new StringBuilder();
        final int groups = (digits.length() + 3) / 4;
        for (int g = groups - 1; g >= 0; g--) {
            final int end = digits.length() - 4 * g;
            final int group = Integer.parseInt(digits.substring(Math.max(0, end - 4), end));
            if (group == 0) continue;
            String words = fourDigits(group, g > 0);
            final String unit = UNITS[g];
            if (unit.startsWith("チ") || unit.startsWith("ケ")) { // 一兆 いっちょう, 八兆 はっちょう, 十兆 じゅっちょう
                if (words.endsWith("イチ")) words = words.substring(0, words.length() - 2) + "イッ";
                else if (words.endsWith("ハチ")) words = words.substring(0, words.length() - 2) + "ハッ";
                else if (words.endsWith("ジュウ")) words = words.substring(0, words.length() - 3) + "ジュッ";
            }
            out.append(words).append(unit);
        }
        return out.toString();
    }

    private static String fourDigits(int n, boolean beforeUnit) {
        final StringBuilder b = new StringBuilder();
        final int th = n / 1000, hu = n / 100 % 10, te = n / 10 % 10, on = n % 10;
        switch (th) {
            case 0 -> {}
            case 1 -> b.append(beforeUnit ? "イッセン" : "セン");
            case 3 -> b.append("サンゼン");
            case 8 -> b.append("ハッセン");
            default -> b.append(DIGITS[th]).append("セン");
        }
        switch (hu) {
            case 0 -> {}
            case 1 -> b.append("ヒャク");
            case 3 -> b.append("サンビャク");
            case 6 -> b.append("ロッピャク");
            case 8 -> b.append("ハッピャク");
            default -> b.append(DIGITS[hu]).append("ヒャク");
        }
        if (te == 1) b.append("ジュウ");
        else if (te > 1) b.append(DIGITS[te]).append("ジュウ");
        if (on > 0) b.append(DIGITS[on]);
        return b.toString();
    }

    /** [any-thread] The Japanese name of an ASCII letter (either case), e.g. {@code b} → ビー. */
    public static String letter(char c) {
        final char l = Character.toLowerCase(c);
        if (l < 'a' || l > 'z') throw new IllegalArgumentException(String.valueOf(c));
        return LETTERS[l - 'a'];
    }
}
