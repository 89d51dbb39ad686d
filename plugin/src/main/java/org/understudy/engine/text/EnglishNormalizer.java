package org.understudy.engine.text;

import java.math.BigInteger;
import java.text.Normalizer;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Logger;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code text/english.py: text_normalize} with {@code en_normalization/expend.py: normalize}: numbers,
 * ordinals, currency, decimals, fractions, years, times, units and arithmetic in words (inflect-style,
 * {@link NumberWords}), accents stripped, everything outside {@code [ A-Za-z'.,?!-]} deleted, {@code e.g.} /
 * {@code i.e.} spelled out, capital runs split, punctuation runs collapsed. Upstream quirks are kept:
 * {@code ;} and {@code :} are deleted rather than mapped to {@code ,} (the {@code rep_map} keys are
 * escaped regexes), {@code "12. "} reads as an ordinal, and {@code "-5"} after a space eats the space.
 */
public final class EnglishNormalizer {
    private static final Logger LOG = Logger.getLogger("understudy.text");
    private static final int FLAGS = Pattern.UNICODE_CHARACTER_CLASS;

    /** {@code rep_map}, matched literally as upstream's {@code re.escape} makes it. */
    private static final Map<String, String> REP_MAP = Map.of("[;:：，；]", ",", "[\"’]", "'", "。", ".", "！", "!", "？", "?");
    private static final Pattern REP = Pattern.compile("\\[;:：，；\\]|\\[\"’\\]|。|！|？");

    private static final Pattern ORDINAL_NUMBER = Pattern.compile("\\b([0-9]+)\\. ", FLAGS);
    private static final Pattern COMMA_NUMBER = Pattern.compile("([0-9][0-9,]+[0-9])", FLAGS);
    private static final Pattern TIME = Pattern.compile("\\b([01]?[0-9]|2[0-3]):([0-5][0-9])\\b", FLAGS);
    private static final Pattern MEASUREMENT = Pattern.compile("\\b([0-9]+(\\.[0-9]+)?(m|km|km/h|ft|L|tbsp|tsp|h|min|s|°C|°F))\\b", FLAGS);
    private static final Map<String, String[]> UNITS = Map.ofEntries(
            Map.entry("m", new String[] {"meter", "meters"}), Map.entry("km", new String[] {"kilometer", "kilometers"}),
            Map.entry("km/h", new String[] {"kilometer per hour", "kilometers per hour"}), Map.entry("ft", new String[] {"feet", "feet"}),
            Map.entry("L", new String[] {"liter", "liters"}), Map.entry("tbsp", new String[] {"tablespoon", "tablespoons"}),
            Map.entry("tsp", new String[] {"teaspoon", "teaspoons"}), Map.entry("h", new String[] {"hour", "hours"}),
            Map.entry("min", new String[] {"minute", "minutes"}), Map.entry("s", new String[] {"second", "seconds"}),
            Map.entry("°C", new String[] {"degree celsius", "degrees celsius"}),
            Map.entry("°F", new String[] {"degree fahrenheit", "degrees fahrenheit"}));
    private static final Pattern POUNDS_START = Pattern.compile("£([0-9.,]*[0-9]+)", FLAGS);
    private static final Pattern POUNDS_END = Pattern.compile("([0-9.,]*[0-9]+)£", FLAGS);
    private static final Pattern DOLLARS_START = Pattern.compile("\\$([0-9.,]*[0-9]+)", FLAGS);
    private static final Pattern DOLLARS_END = Pattern.compile("([(0-9.,]*[0-9]+)\\$", FLAGS);
    private static final Pattern DECIMAL = Pattern.compile("([0-9]+\\.\\s*[0-9]+)", FLAGS);
    private static final Pattern FRACTION = Pattern.compile("([0-9]+/[0-9]+)", FLAGS);
    private static final Pattern ORDINAL = Pattern.compile("[0-9]+(st|nd|rd|th)", FLAGS);
    private static final Pattern NUMBER = Pattern.compile("[0-9]+", FLAGS);
    private static final String OPERAND = "((-?)((\\d+)(\\.\\d+)?[⁰¹²³⁴⁵⁶⁷⁸⁹ˣʸⁿ]*)|(\\.\\d+[⁰¹²³⁴⁵⁶⁷⁸⁹ˣʸⁿ]*)|([A-Za-z][⁰¹²³⁴⁵⁶⁷⁸⁹ˣʸⁿ]*))";
    /** {@code RE_ASMD}: group 1 the left operand, 8 the operator, 9 the right operand. */
    private static final Pattern ASMD = Pattern.compile(OPERAND + "\\s+([+\\-×÷=])\\s+" + OPERAND, FLAGS);
    private static final Map<String, String> ASMD_WORDS = Map.of("+", " plus ", "-", " minus ", "×", " times ", "÷", " divided by ", "=", " Equals ");
    private static final Pattern NEGATIVE = Pattern.compile("(?:^|\\s+)(-)(\\d+)", FLAGS);
    private static final Pattern NOT_KEPT = Pattern.compile("[^ A-Za-z'.,?!\\-]");
    private static final Pattern IE = Pattern.compile("(?i)i\\.e\\.");
    private static final Pattern EG = Pattern.compile("(?i)e\\.g\\.");
    private static final Pattern CAPITAL = Pattern.compile("(?<=[^\\s])([A-Z])", FLAGS);
    /** {@code replace_consecutive_punctuation} over {@code symbols.punctuation} = {@code ! ? … , . -}. */
    private static final Pattern PUNCTUATION_RUN = Pattern.compile("([!?…,.\\-\\s])([!?…,.\\-])+", FLAGS);

    private EnglishNormalizer() {}

    /** [any-thread] {@code english.text_normalize(text)}. */
    public static String normalize(String text) {
        String t = sub(REP, text, m -> REP_MAP.get(m.group()));
        t = expand(t);
        return sub(PUNCTUATION_RUN, t, m -> m.group(1));
    }

    /** [any-thread] {@code expend.normalize(text)}. */
    static String expand(String text) {
        String t = sub(ORDINAL_NUMBER, text, m -> NumberWords.ordinalSuffix(m.group(1)) + ", ");
        while (ASMD.matcher(t).find()) t = sub(ASMD, t, m -> m.group(1) + ASMD_WORDS.get(m.group(8)) + m.group(9));
        t = sub(NEGATIVE, t, m -> "negative " + m.group(2));
        t = sub(COMMA_NUMBER, t, m -> m.group(1).replace(",", ""));
        t = sub(TIME, t, EnglishNormalizer::time);
        t = sub(MEASUREMENT, t, EnglishNormalizer::measurement);
        t = sub(POUNDS_START, t, m -> money(m.group(1), "pound", "pounds", "penny", "pence"));
        t = sub(POUNDS_END, t, m -> money(m.group(1), "pound", "pounds", "penny", "pence"));
        t = sub(DOLLARS_START, t, m -> money(m.group(1), "dollar", "dollars", "cent", "cents"));
        t = sub(DOLLARS_END, t, m -> money(m.group(1), "dollar", "dollars", "cent", "cents"));
        t = sub(DECIMAL, t, EnglishNormalizer::decimal);
        t = sub(FRACTION, t, EnglishNormalizer::fraction);
        t = sub(ORDINAL, t, m -> words(m.group(), "and"));
        t = sub(NUMBER, t, m -> number(m.group()));
        t = stripAccents(t);
        t = t.replace("%", " percent");
        t = NOT_KEPT.matcher(t).replaceAll("");
        t = IE.matcher(t).replaceAll("that is");
        t = EG.matcher(t).replaceAll("for example");
        return CAPITAL.matcher(t).replaceAll(" $1");
    }

    /** NFD, then every non-spacing mark (category Mn) removed. */
    static String stripAccents(String text) {
        final String nfd = Normalizer.normalize(text, Normalizer.Form.NFD);
        final StringBuilder out = new StringBuilder(nfd.length());
        nfd.codePoints().filter(c -> Character.getType(c) != Character.NON_SPACING_MARK).forEach(out::appendCodePoint);
        return out.toString();
    }

    private static String time(MatchResult m) {
        int hours = Integer.parseInt(m.group(1));
        final int minutes = Integer.parseInt(m.group(2));
        final String period = hours < 12 ? "a.m." : "p.m.";
        if (hours > 12) hours -= 12;
        final String hour = words(Integer.toString(hours), "and");
        return minutes == 0 ? hour + " o'clock " + period : hour + " " + words(Integer.toString(minutes), "and") + " " + period;
    }

    private static String measurement(MatchResult m) {
        final String sign = m.group(3);
        final String number = m.group(1).replace(sign, "").replace(".", "");
        final boolean one = m.group(2) == null && new BigInteger(number).equals(BigInteger.ONE);
        return m.group(1).replace(sign, " " + UNITS.get(sign)[one ? 0 : 1]);
    }

    /** {@code _expand_pounds} / {@code _expand_dollars}; amounts stay digits for the number rule. */
    private static String money(String match, String unit, String units, String sub, String subs) {
        final String[] parts = match.split("\\.", -1);
        if (parts.length > 2) return match + " " + units;
        final BigInteger whole, cents;
        try {
            whole = parts[0].isEmpty() ? BigInteger.ZERO : new BigInteger(parts[0]);
            cents = parts.length > 1 && !parts[1].isEmpty() ? new BigInteger(ljust(parts[1])) : BigInteger.ZERO;
        } catch (NumberFormatException e) {
            LOG.warning("unreadable amount '" + match + "' kept as digits (upstream raises here)");
            return match + " " + units;
        }
        final boolean hasWhole = whole.signum() != 0, hasCents = cents.signum() != 0;
        final String w = whole + " " + (whole.equals(BigInteger.ONE) ? unit : units);
        final String c = cents + " " + (cents.equals(BigInteger.ONE) ? sub : subs);
        if (hasWhole && hasCents) return w + " and " + c;
        if (hasWhole) return w;
        if (hasCents) return c;
        return "zero " + units;
    }

    private static String ljust(String s) {
        return s.length() >= 2 ? s : (s + "00").substring(0, 2);
    }

    private static String decimal(MatchResult m) {
        final String[] parts = m.group(1).split("\\.", -1);
        final StringBuilder digits = new StringBuilder();
        for (int i = 0; i < parts[1].length(); i++) {
            if (i > 0) digits.append(' ');
            digits.append(parts[1].charAt(i) == '.' ? "point" : String.valueOf(parts[1].charAt(i)));
        }
        return parts[0] + " point " + digits;
    }

    private static String fraction(MatchResult m) {
        final String[] parts = m.group().split("/");
        final BigInteger numerator = new BigInteger(parts[0]), denominator = new BigInteger(parts[1]);
        final String top = words(numerator.toString(), "and");
        if (denominator.equals(BigInteger.TWO)) return top + " " + (numerator.equals(BigInteger.ONE) ? "half" : "halves");
        if (denominator.equals(BigInteger.ONE)) return top;
        String bottom = NumberWords.subOrd(words(denominator.toString(), "and"));
        if (numerator.compareTo(BigInteger.ONE) > 0) bottom += "s";
        return top + " " + bottom;
    }

    /** {@code _expand_number}: 1001–2999 read as years (nineteen eighty-four, two thousand five, twenty-one hundred). */
    private static String number(String digits) {
        final BigInteger n = new BigInteger(digits);
        if (n.compareTo(BigInteger.valueOf(1000)) > 0 && n.compareTo(BigInteger.valueOf(3000)) < 0) {
            final int num = n.intValue();
            if (num == 2000) return "two thousand";
            if (num > 2000 && num < 2010) return "two thousand " + words(Integer.toString(num % 100), "and");
            if (num % 100 == 0) return words(Integer.toString(num / 100), "and") + " hundred";
            return NumberWords.pairs(Integer.toString(num));
        }
        return words(n.toString(), "");
    }

    /** {@code number_to_words}; a number beyond inflect's range (upstream raises) is read digit by digit. */
    private static String words(String digits, String andword) {
        try {
            return NumberWords.toWords(digits, andword);
        } catch (IllegalArgumentException e) {
            LOG.warning(e.getMessage() + ": read digit by digit");
            final StringBuilder out = new StringBuilder();
            for (char c : digits.toCharArray()) {
                if (c >= '0' && c <= '9') out.append(out.length() > 0 ? " " : "").append(NumberWords.toWords(String.valueOf(c), ""));
            }
            return out.toString();
        }
    }

    private static String sub(Pattern pattern, String text, Function<MatchResult, String> replacement) {
        return pattern.matcher(text).replaceAll(m -> Matcher.quoteReplacement(replacement.apply(m)));
    }
}
