package org.understudy.engine.text.chinese;

import java.util.ArrayList;
import java.util.List;

/**
 * Reading digit strings as Chinese numerals, after upstream's
 * {@code GPT_SoVITS/text/zh_normalization/num.py} ({@code num2str}, {@code verbalize_cardinal},
 * {@code verbalize_digit}). Stateless: [any-thread].
 */
public final class ChineseNumbers {
    private static final String DIGITS = "零一二三四五六七八九";
    /** Powers of ten that have their own character, largest last; 十 百 千 万 亿. */
    private static final int[] UNIT_POWERS = {1, 2, 3, 4, 8};
    private static final String UNIT_CHARS = "十百千万亿";

    private ChineseNumbers() {}

    /** One character per ASCII digit ("2024" → 二零二四); with {@code altOne}, 一 is read 幺. */
    public static String digits(String value, boolean altOne) {
        final StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) out.append(digit(value.charAt(i)));
        final String result = out.toString();
        return altOne ? result.replace('一', '幺') : result;
    }

    /**
     * A whole number read with place units ("12345" → 一万二千三百四十五); leading zeros are
     * dropped, all zeros read 零, the empty string stays empty, and a leading 一十 becomes 十.
     */
    public static String cardinal(String value) {
        if (value.isEmpty()) return "";
        final String stripped = stripLeading(value, '0');
        if (stripped.isEmpty()) return "零";
        final List<String> symbols = new ArrayList<>();
        readValue(stripped, true, symbols);
        if (symbols.size() >= 2 && symbols.get(0).equals("一") && symbols.get(1).equals("十")) {
            symbols.remove(0);
        }
        return String.join("", symbols);
    }

    /**
     * A number with an optional decimal part, the integer part as {@link #cardinal} and the decimal
     * part digit by digit. Trailing zeros of the decimal part collapse to one zero ("98.50" →
     * 九十八点五零, "100.00" → 一百点零); an empty integer part reads 零 (".5" → 零点五). Throws on
     * more than one point, as upstream does.
     */
    public static String number(String value) {
        final int dot = value.indexOf('.');
        final String integer = dot < 0 ? value : value.substring(0, dot);
        String decimal = dot < 0 ? "" : value.substring(dot + 1);
        if (decimal.indexOf('.') >= 0) {
            throw new IllegalArgumentException("more than one decimal point in '" + value + "'");
        }
        String result = cardinal(integer);
        if (decimal.endsWith("0")) {
            decimal = stripTrailing(decimal, '0') + "0";
        } else {
            decimal = stripTrailing(decimal, '0');
        }
        if (!decimal.isEmpty()) {
            if (result.isEmpty()) result = "零";
            result += "点" + digits(decimal, false);
        }
        return result;
    }

    private static void readValue(String value, boolean useZero, List<String> out) {
        final String stripped = stripLeading(value, '0');
        if (stripped.isEmpty()) return;
        if (stripped.length() == 1) {
            if (useZero && stripped.length() < value.length()) out.add("零");
            out.add(String.valueOf(digit(stripped.charAt(0))));
            return;
        }
        int unit = 0;
        for (int u = UNIT_POWERS.length - 1; u >= 0; u--) {
            if (UNIT_POWERS[u] < stripped.length()) {
                unit = u;
                break;
            }
        }
        final int power = UNIT_POWERS[unit];
        // upstream splits the unstripped string here, so its leading zeros reach the next level
        readValue(value.substring(0, value.length() - power), true, out);
        out.add(String.valueOf(UNIT_CHARS.charAt(unit)));
        readValue(value.substring(value.length() - power), true, out);
    }

    private static char digit(char c) {
        if (c < '0' || c > '9') throw new IllegalArgumentException("not an ASCII digit: '" + c + "'");
        return DIGITS.charAt(c - '0');
    }

    static String stripLeading(String s, char c) {
        int i = 0;
        while (i < s.length() && s.charAt(i) == c) i++;
        return s.substring(i);
    }

    static String stripTrailing(String s, char c) {
        int i = s.length();
        while (i > 0 && s.charAt(i - 1) == c) i--;
        return s.substring(0, i);
    }
}
