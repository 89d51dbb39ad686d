package org.understudy.engine.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of {@code inflect.engine()} that {@code en_normalization/expend.py} calls, for
 * non-negative integers written in ASCII digits: {@code number_to_words} (group 0 and group 2, with
 * its {@code andword}, {@code zero} and comma rendering) and {@code ordinal}. Ported from
 * jaraco/inflect {@code __init__.py} ({@code enword}, {@code hundfn}, {@code tenfn}, {@code _sub_ord}).
 */
public final class NumberWords {
    private static final String[] UNIT = {"", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"};
    private static final String[] TEEN = {"ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
    private static final String[] TEN = {"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"};
    private static final String[] MILL = {" ", " thousand", " million", " billion", " trillion", " quadrillion",
            " quintillion", " sextillion", " septillion", " octillion", " nonillion", " decillion"};
    private static final Map<String, String> ORDINAL = Map.of("ty", "tieth", "one", "first", "two", "second",
            "three", "third", "five", "fifth", "eight", "eighth", "nine", "ninth", "twelve", "twelfth");
    private static final Pattern ORDINAL_SUFF = Pattern.compile("(ty|one|two|three|five|eight|nine|twelve)\\z");
    private static final Pattern COMMA_WORD = Pattern.compile(", (\\S+)\\s+\\z");

    private NumberWords() {}

    /** [any-thread] The largest number of digits {@link #toWords} reads (inflect's {@code mill} table). */
    public static final int MAX_DIGITS = 3 * MILL.length;

    /**
     * [any-thread] {@code number_to_words(digits, andword=andword)} (group 0); {@code digits} may end in an
     * ordinal suffix ({@code 21st} → {@code twenty-first}).
     */
    public static String toWords(String digits, String andword) {
        boolean ordinal = false;
        String num = digits;
        if (num.length() > 2 && isSuffix(num.substring(num.length() - 2))) {
            ordinal = true;
            num = num.substring(0, num.length() - 2);
        }
        String chunk = enword(num, andword);
        if (chunk.endsWith(", ")) chunk = chunk.substring(0, chunk.length() - 2);
        chunk = chunk.replaceAll("\\s+,", ",");
        final Matcher m = COMMA_WORD.matcher(chunk);
        if (m.find()) chunk = chunk.substring(0, m.start()) + " " + andword + " " + m.group(1);
        chunk = chunk.replaceAll("\\s+", " ").strip();
        final List<String> parts = new ArrayList<>(List.of(chunk.split(", ", -1)));
        if (ordinal) parts.set(parts.size() - 1, subOrd(parts.get(parts.size() - 1)));
        return String.join(", ", parts);
    }

    /** [any-thread] {@code number_to_words(n, andword="", zero="oh", group=2).replace(", ", " ")}: 1984 → nineteen eighty-four. */
    public static String pairs(String digits) {
        final StringBuilder out = new StringBuilder();
        int i = 0;
        for (; i + 1 < digits.length(); i += 2) {
            final int tens = digits.charAt(i) - '0', units = digits.charAt(i + 1) - '0';
            if (tens != 0) out.append(tenfn(tens, units, -1)).append(", ");
            else if (units != 0) out.append(" oh ").append(UNIT[units]).append(", ");
            else out.append(" oh oh, ");
        }
        if (i < digits.length()) {
            final int units = digits.charAt(i) - '0';
            out.append(units != 0 ? UNIT[units] : " oh").append(", ");
        }
        String chunk = out.toString();
        if (chunk.endsWith(", ")) chunk = chunk.substring(0, chunk.length() - 2);
        chunk = chunk.replaceAll("\\s+,", ",").replaceAll("\\s+", " ").strip();
        return String.join(" ", chunk.split(", ", -1));
    }

    /** [any-thread] {@code inflect.ordinal(digits)}: 1 → 1st, 12 → 12th, 22 → 22nd. */
    public static String ordinalSuffix(String digits) {
        final int lastTwo = Integer.parseInt(digits.length() > 2 ? digits.substring(digits.length() - 2) : digits);
        final int n = lastTwo >= 11 && lastTwo <= 13 ? lastTwo : lastTwo % 10;
        final String suffix = switch (n) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
        return digits + suffix;
    }

    /** [any-thread] {@code inflect.ordinal(words)} ({@code _sub_ord}): twenty → twentieth, four → fourth. */
    public static String subOrd(String words) {
        final Matcher m = ORDINAL_SUFF.matcher(words);
        if (m.find()) return words.substring(0, m.start()) + ORDINAL.get(m.group(1));
        return words + "th";
    }

    private static boolean isSuffix(String s) {
        return s.equals("st") || s.equals("nd") || s.equals("rd") || s.equals("th");
    }

    private static String enword(String num, String andword) {
        final String stripped = num.strip().replaceFirst("^0+", "");
        if (stripped.isEmpty()) return "zero";
        if (stripped.equals("1")) return "one";
        if (stripped.length() > MAX_DIGITS) throw new IllegalArgumentException("number too large for words: " + num);
        // hundsub from the right, then the remaining two digits (tensub) or one digit (unitsub)
        final List<String> groups = new ArrayList<>();
        int end = stripped.length();
        int mill = 0;
        for (; end >= 3; end -= 3, mill++) {
            final String g = stripped.substring(end - 3, end);
            groups.add(0, hundfn(g.charAt(0) - '0', g.charAt(1) - '0', g.charAt(2) - '0', mill, andword));
        }
        if (end == 2) groups.add(0, tenfn(stripped.charAt(0) - '0', stripped.charAt(1) - '0', mill) + ", ");
        else if (end == 1) groups.add(0, UNIT[stripped.charAt(0) - '0'] + MILL[mill] + ", ");
        return String.join("", groups);
    }

    private static String hundfn(int hundreds, int tens, int units, int mill, String andword) {
        if (hundreds != 0) {
            final String and = tens != 0 || units != 0 ? " " + andword + " " : "";
            return UNIT[hundreds] + " hundred" + and + tenfn(tens, units, 0) + MILL[mill] + ", ";
        }
        if (tens != 0 || units != 0) return tenfn(tens, units, 0) + MILL[mill] + ", ";
        return "";
    }

    /** mill < 0: no suffix (inflect's {@code tenfn(tens, units)} inside group2sub has mindex 0 = " ", trimmed later). */
    private static String tenfn(int tens, int units, int mill) {
        final String millPart = mill < 0 ? " " : MILL[mill];
        if (tens != 1) return TEN[tens] + (tens != 0 && units != 0 ? "-" : "") + UNIT[units] + millPart;
        return TEEN[units] + millPart;
    }
}
