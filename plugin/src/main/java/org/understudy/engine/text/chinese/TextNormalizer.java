package org.understudy.engine.text.chinese;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.understudy.engine.text.PyStrings;

/**
 * Chinese text normalisation (digits, dates, times, units, phone numbers, symbols → Chinese
 * characters), after upstream's {@code GPT_SoVITS/text/zh_normalization/text_normlization.py:TextNormalizer}
 * and the rule modules next to it ({@code num.py}, {@code chronology.py}, {@code phonecode.py},
 * {@code quantifier.py}), itself from PaddleSpeech.
 *
 * <p>The rules run in upstream's order, and upstream's quirks are kept because the models were trained
 * on its output: {@code 2-3小时} → 二减三小时 (the arithmetic rule runs before ranges), {@code 3mm} →
 * 三米米 (unit replacement is plain text replacement in table order), 摄氏度 → 度, {@code 零下-10度} →
 * 零下零下十度, a time range whose first minutes are 30 reads the second minutes as 半, a 400 or
 * landline number's hyphens read 减, and the full-width space is not converted (upstream's table for it
 * has a string key, which {@code str.translate} ignores).
 *
 * <p>Digits here are ASCII digits (full-width ones are converted first); upstream's Python regexes also
 * match other Unicode decimal digits and then fail on them, where this class leaves them alone.
 * Immutable: [any-thread].
 */
public final class TextNormalizer {
    private static final Pattern SENTENCE_SPLITTER = Pattern.compile("([：、，；。？！,;?!][”’]?)");
    private static final Pattern SPLIT_SPECIAL = Pattern.compile("[—《》【】<>{}()（）#&@“”^_|\\\\]");
    private static final Pattern POST_SPECIAL = Pattern.compile("[\\-—《》【】<=>{}()（）#&@“”^_|\\\\]");
    private static final Pattern NEWLINES = Pattern.compile("\n+");

    // chronology.py
    private static final String TIME = "([0-1]?[0-9]|2[0-3]):([0-5][0-9])(:([0-5][0-9]))?";
    private static final Pattern RE_TIME = Pattern.compile(TIME);
    private static final Pattern RE_TIME_RANGE = Pattern.compile(
            "([0-1]?[0-9]|2[0-3]):([0-5][0-9])(:([0-5][0-9]))?(~|-)([0-1]?[0-9]|2[0-3]):([0-5][0-9])(:([0-5][0-9]))?");
    private static final Pattern RE_DATE = Pattern.compile(
            "(\\d{4}|\\d{2})年((0?[1-9]|1[0-2])月)?(((0?[1-9])|((1|2)[0-9])|30|31)([日号]))?");
    private static final Pattern RE_DATE2 = Pattern.compile("(\\d{4})([- /.])(0[1-9]|1[012])\\2(0[1-9]|[12][0-9]|3[01])");

    // num.py
    private static final String SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹ˣʸⁿ";
    private static final String POWER_VALUES = "0123456789xyn";
    private static final String OPERAND = "((-?)((\\d+)(\\.\\d+)?[" + SUPERSCRIPTS + "]*)|(\\.\\d+[" + SUPERSCRIPTS
            + "]*)|([A-Za-z][" + SUPERSCRIPTS + "]*))";
    private static final Pattern RE_ASMD = Pattern.compile(OPERAND + "([+\\-×÷=])" + OPERAND);
    private static final Pattern RE_POWER = Pattern.compile("[" + SUPERSCRIPTS + "]+");
    private static final Pattern RE_FRAC = Pattern.compile("(-?)(\\d+)/(\\d+)");
    private static final Pattern RE_PERCENTAGE = Pattern.compile("(-?)(\\d+(\\.\\d+)?)%");
    private static final Pattern RE_INTEGER = Pattern.compile("(-)(\\d+)");
    private static final Pattern RE_DEFAULT_NUM = Pattern.compile("\\d{3}\\d*");
    private static final Pattern RE_DECIMAL_NUM = Pattern.compile("(-?)((\\d+)(\\.\\d+))|(\\.(\\d+))");
    private static final Pattern RE_NUMBER = Pattern.compile("(-?)((\\d+)(\\.\\d+)?)|(\\.(\\d+))");
    private static final Pattern RE_VERSION_NUM = Pattern.compile("((\\d+)(\\.\\d+)(\\.\\d+)?(\\.\\d+)+)");
    private static final Pattern RE_RANGE = Pattern.compile(
            "(?<![\\d+\\-×÷=])((-?)((\\d+)(\\.\\d+)?))[-~]((-?)((\\d+)(\\.\\d+)?))(?![\\d+\\-×÷=])");
    private static final String TO_RANGE_UNITS = "(%|°C|℃|度|摄氏度|cm2|cm²|cm3|cm³|cm|db|ds|kg|km|m2|m²|m³|m3|ml|m|mm|s)";
    private static final String TO_RANGE_NUMBER = "((-?)((\\d+)(\\.\\d+)?)|(\\.(\\d+)))";
    private static final Pattern RE_TO_RANGE = Pattern.compile(
            TO_RANGE_NUMBER + TO_RANGE_UNITS + "[~]" + TO_RANGE_NUMBER + TO_RANGE_UNITS);
    /** Measure words after which 二 reads 两; the alternation order is upstream's (first match wins). */
    private static final String MEASURE_WORDS = "(处|台|架|枚|趟|幅|平|方|堵|间|床|株|批|项|例|列|篇|栋|注|亩|封|艘|把|目|套|段|人|所|朵|匹|张|座|回|场|尾|条|个|首|阙|阵|网|炮|顶|丘|棵|只|支|袭|辆|挑|担|颗|壳|窠|曲|墙|群|腔|砣|座|客|贯|扎|捆|刀|令|打|手|罗|坡|山|岭|江|溪|钟|队|单|双|对|出|口|头|脚|板|跳|枝|件|贴|针|线|管|名|位|身|堂|课|本|页|家|户|层|丝|毫|厘|分|钱|两|斤|担|铢|石|钧|锱|忽|(千|毫|微)克|毫|厘|(公)分|分|寸|尺|丈|里|寻|常|铺|程|(千|分|厘|毫|微)米|米|撮|勺|合|升|斗|石|盘|碗|碟|叠|桶|笼|盆|盒|杯|钟|斛|锅|簋|篮|盘|桶|罐|瓶|壶|卮|盏|箩|箱|煲|啖|袋|钵|年|月|日|季|刻|时|周|天|秒|分|小时|旬|纪|岁|世|更|夜|春|夏|秋|冬|代|伏|辈|丸|泡|粒|颗|幢|堆|条|根|支|道|面|片|张|颗|块|元|(亿|千万|百万|万|千|百)|(亿|千万|百万|万|千|百|美|)元|(亿|千万|百万|万|千|百|十|)吨|(亿|千万|百万|万|千|百|)块|角|毛|分)";
    private static final Pattern RE_POSITIVE_QUANTIFIERS = Pattern.compile("(\\d+)([多余几+])?" + MEASURE_WORDS);

    // phonecode.py
    private static final Pattern RE_MOBILE_PHONE = Pattern.compile("(?<!\\d)((\\+?86 ?)?1([38]\\d|5[0-35-9]|7[678]|9[89])\\d{8})(?!\\d)");
    private static final Pattern RE_TELEPHONE = Pattern.compile("(?<!\\d)((0(10|2[1-3]|[3-9]\\d{2})-?)?[1-9]\\d{6,7})(?!\\d)");
    private static final Pattern RE_NATIONAL_UNIFORM_NUMBER = Pattern.compile("(400)(-)?\\d{3}(-)?\\d{4}");

    // quantifier.py
    private static final Pattern RE_TEMPERATURE = Pattern.compile("(-?)(\\d+(\\.\\d+)?)(°C|℃|度|摄氏度)");
    /** Units replaced as plain text, in this order. */
    private static final String[][] MEASURES = {
        {"cm2", "平方厘米"}, {"cm²", "平方厘米"}, {"cm3", "立方厘米"}, {"cm³", "立方厘米"}, {"cm", "厘米"},
        {"db", "分贝"}, {"ds", "毫秒"}, {"kg", "千克"}, {"km", "千米"}, {"m2", "平方米"}, {"m²", "平方米"},
        {"m³", "立方米"}, {"m3", "立方米"}, {"ml", "毫升"}, {"m", "米"}, {"mm", "毫米"}, {"s", "秒"},
    };

    /** Symbols read out after all number rules ({@code _post_replace}), in this order. */
    private static final String[][] POST_REPLACE = {
        {"/", "每"},
        {"①", "一"}, {"②", "二"}, {"③", "三"}, {"④", "四"}, {"⑤", "五"},
        {"⑥", "六"}, {"⑦", "七"}, {"⑧", "八"}, {"⑨", "九"}, {"⑩", "十"},
        {"α", "阿尔法"}, {"β", "贝塔"}, {"γ", "伽玛"}, {"Γ", "伽玛"}, {"δ", "德尔塔"}, {"Δ", "德尔塔"},
        {"ε", "艾普西龙"}, {"ζ", "捷塔"}, {"η", "依塔"}, {"θ", "西塔"}, {"Θ", "西塔"}, {"ι", "艾欧塔"},
        {"κ", "喀帕"}, {"λ", "拉姆达"}, {"Λ", "拉姆达"}, {"μ", "缪"}, {"ν", "拗"}, {"ξ", "克西"}, {"Ξ", "克西"},
        {"ο", "欧米克伦"}, {"π", "派"}, {"Π", "派"}, {"ρ", "肉"}, {"ς", "西格玛"}, {"Σ", "西格玛"}, {"σ", "西格玛"},
        {"τ", "套"}, {"υ", "宇普西龙"}, {"φ", "服艾"}, {"Φ", "服艾"}, {"χ", "器"}, {"ψ", "普赛"}, {"Ψ", "普赛"},
        {"ω", "欧米伽"}, {"Ω", "欧米伽"},
        {"+", "加"}, {"-", "减"}, {"×", "乘"}, {"÷", "除"}, {"=", "等"},
    };

    private final CharConvert charConvert;

    /** With OpenCC's traditional → simplified table ({@link CharConvert#openCc()}). */
    public TextNormalizer() {
        this(CharConvert.openCc());
    }

    /** With the given traditional → simplified table, e.g. upstream's from the user's install. */
    public TextNormalizer(CharConvert charConvert) {
        this.charConvert = charConvert;
    }

    /**
     * Splits {@code text} into sentences after {@code ：、，；。？！,;?!} (and a closing quote right after
     * one), drops spaces and bracket/quote characters, and normalises each sentence. An empty input
     * gives one empty sentence, as upstream's does. [any-thread]
     */
    public List<String> normalize(String text) {
        final List<String> sentences = new ArrayList<>();
        for (String sentence : split(text)) sentences.add(normalizeSentence(sentence));
        return sentences;
    }

    /** Upstream's {@code _split} for Chinese. [any-thread] */
    public static List<String> split(String text) {
        text = text.replace(" ", "");
        text = SPLIT_SPECIAL.matcher(text).replaceAll("");
        text = SENTENCE_SPLITTER.matcher(text).replaceAll("$1\n");
        text = PyStrings.strip(text);
        final List<String> sentences = new ArrayList<>();
        // Python's re.split keeps leading and trailing empty pieces, unlike String.split
        for (String piece : NEWLINES.split(text, -1)) sentences.add(PyStrings.strip(piece));
        return sentences;
    }

    /** All number, unit and symbol rules on one sentence. [any-thread] */
    public String normalizeSentence(String sentence) {
        sentence = charConvert.toSimplified(sentence);
        sentence = fullWidthToHalfWidth(sentence);

        sentence = sub(RE_DATE, sentence, TextNormalizer::replaceDate);
        sentence = sub(RE_DATE2, sentence, TextNormalizer::replaceDate2);
        sentence = sub(RE_TIME_RANGE, sentence, m -> replaceTime(m, true));
        sentence = sub(RE_TIME, sentence, m -> replaceTime(m, false));

        sentence = sub(RE_TO_RANGE, sentence, m -> m.group().replace("~", "至"));
        sentence = sub(RE_TEMPERATURE, sentence, TextNormalizer::replaceTemperature);
        for (String[] measure : MEASURES) sentence = sentence.replace(measure[0], measure[1]);

        while (RE_ASMD.matcher(sentence).find()) sentence = sub(RE_ASMD, sentence, TextNormalizer::replaceAsmd);
        sentence = sub(RE_POWER, sentence, TextNormalizer::replacePower);

        sentence = sub(RE_FRAC, sentence, m -> sign(m.group(1), "负")
                + ChineseNumbers.number(m.group(3)) + "分之" + ChineseNumbers.number(m.group(2)));
        sentence = sub(RE_PERCENTAGE, sentence, m -> sign(m.group(1), "负") + "百分之" + ChineseNumbers.number(m.group(2)));
        sentence = sub(RE_MOBILE_PHONE, sentence, m -> readPhone(m.group(), true));
        sentence = sub(RE_TELEPHONE, sentence, m -> readPhone(m.group(), false));
        sentence = sub(RE_NATIONAL_UNIFORM_NUMBER, sentence, m -> readPhone(m.group(), false));

        sentence = sub(RE_RANGE, sentence, m -> sub(RE_NUMBER, m.group(1), TextNormalizer::replaceNumber)
                + "到" + sub(RE_NUMBER, m.group(6), TextNormalizer::replaceNumber));

        sentence = sub(RE_INTEGER, sentence, m -> "负" + ChineseNumbers.number(m.group(2)));
        sentence = sub(RE_VERSION_NUM, sentence, TextNormalizer::replaceVersion);
        sentence = sub(RE_DECIMAL_NUM, sentence, TextNormalizer::replaceNumber);
        sentence = sub(RE_POSITIVE_QUANTIFIERS, sentence, TextNormalizer::replacePositiveQuantifier);
        sentence = sub(RE_DEFAULT_NUM, sentence, m -> ChineseNumbers.digits(m.group(), true));
        sentence = sub(RE_NUMBER, sentence, TextNormalizer::replaceNumber);
        return postReplace(sentence);
    }

    /** Full-width ASCII letters and digits → ASCII; other full-width characters, the ideographic space included, stay. */
    static String fullWidthToHalfWidth(String s) {
        final StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            final boolean letterOrDigit = (c >= 'Ａ' && c <= 'Ｚ') || (c >= 'ａ' && c <= 'ｚ') || (c >= '０' && c <= '９');
            out.append(letterOrDigit ? (char) (c - 0xFEE0) : c);
        }
        return out.toString();
    }

    private static String postReplace(String sentence) {
        for (String[] pair : POST_REPLACE) sentence = sentence.replace(pair[0], pair[1]);
        return POST_SPECIAL.matcher(sentence).replaceAll("");
    }

    private static String replaceDate(Matcher m) {
        final String year = m.group(1);
        final String month = m.group(3);
        final String day = m.group(5);
        final StringBuilder out = new StringBuilder();
        if (nonEmpty(year)) out.append(ChineseNumbers.digits(year, false)).append('年');
        if (nonEmpty(month)) out.append(ChineseNumbers.cardinal(month)).append('月');
        if (nonEmpty(day)) out.append(ChineseNumbers.cardinal(day)).append(m.group(9));
        return out.toString();
    }

    private static String replaceDate2(Matcher m) {
        return ChineseNumbers.digits(m.group(1), false) + "年" + ChineseNumbers.cardinal(m.group(3)) + "月"
                + ChineseNumbers.cardinal(m.group(4)) + "日";
    }

    private static String replaceTime(Matcher m, boolean range) {
        final String minute = m.group(2);
        final StringBuilder out = new StringBuilder();
        appendTime(out, m.group(1), minute, m.group(4), minute);
        if (range) {
            out.append('至');
            // upstream tests the first time's minutes for 半 here too
            appendTime(out, m.group(6), m.group(7), m.group(9), minute);
        }
        return out.toString();
    }

    private static void appendTime(StringBuilder out, String hour, String minute, String second, String halfTest) {
        out.append(ChineseNumbers.number(hour)).append('点');
        if (!ChineseNumbers.stripLeading(minute, '0').isEmpty()) {
            if (Integer.parseInt(halfTest) == 30) out.append('半');
            else out.append(timeNumber(minute)).append('分');
        }
        if (second != null && !ChineseNumbers.stripLeading(second, '0').isEmpty()) {
            out.append(timeNumber(second)).append('秒');
        }
    }

    /** Minutes and seconds keep a leading zero as 零 ("05" → 零五). */
    private static String timeNumber(String value) {
        final String result = ChineseNumbers.number(ChineseNumbers.stripLeading(value, '0'));
        return value.startsWith("0") ? "零" + result : result;
    }

    private static String replaceTemperature(Matcher m) {
        // upstream compares group 3 (the decimal part) with 摄氏度, so the unit always reads 度
        final String unit = "摄氏度".equals(m.group(3)) ? "摄氏度" : "度";
        return sign(m.group(1), "零下") + ChineseNumbers.number(m.group(2)) + unit;
    }

    private static String replaceAsmd(Matcher m) {
        final String operator = switch (m.group(8)) {
            case "+" -> "加";
            case "-" -> "减";
            case "×" -> "乘";
            case "÷" -> "除";
            case "=" -> "等于";
            default -> throw new IllegalStateException(m.group(8));
        };
        return m.group(1) + operator + m.group(9);
    }

    private static String replacePower(Matcher m) {
        final StringBuilder out = new StringBuilder("的");
        for (char c : m.group().toCharArray()) out.append(POWER_VALUES.charAt(SUPERSCRIPTS.indexOf(c)));
        return out.append("次方").toString();
    }

    private static String replaceNumber(Matcher m) {
        final String pureDecimal = m.group(5);
        if (nonEmpty(pureDecimal)) return ChineseNumbers.number(pureDecimal);
        return sign(m.group(1), "负") + ChineseNumbers.number(m.group(2));
    }

    private static String replaceVersion(Matcher m) {
        final StringBuilder out = new StringBuilder();
        for (char c : m.group(1).toCharArray()) {
            out.append(c == '.' ? "点" : ChineseNumbers.number(String.valueOf(c)));
        }
        return out.toString();
    }

    private static String replacePositiveQuantifier(Matcher m) {
        String number = ChineseNumbers.number(m.group(1));
        if (number.equals("二")) number = "两";
        String more = m.group(2);
        if ("+".equals(more)) more = "多";
        return number + (more == null ? "" : more) + m.group(3);
    }

    /** Mobile numbers: an optional {@code +}, then space-separated parts; others: hyphen-separated parts; 一 reads 幺. */
    private static String readPhone(String phone, boolean mobile) {
        final String[] parts = mobile
                ? PyStrings.splitWhitespace(PyStrings.strip(phone, "+"))
                : phone.split("-", -1);
        final List<String> read = new ArrayList<>(parts.length);
        for (String part : parts) read.add(ChineseNumbers.digits(part, true));
        return String.join("，", read);
    }

    private static String sign(String group, String word) {
        return nonEmpty(group) ? word : "";
    }

    private static boolean nonEmpty(String s) {
        return s != null && !s.isEmpty();
    }

    /** Python's {@code pattern.sub(function, text)}: the function's result is inserted literally. */
    static String sub(Pattern pattern, String text, Function<Matcher, String> replacement) {
        final Matcher m = pattern.matcher(text);
        final StringBuilder out = new StringBuilder(text.length());
        int last = 0;
        while (m.find()) {
            out.append(text, last, m.start()).append(replacement.apply(m));
            last = m.end();
        }
        return out.append(text, last, text.length()).toString();
    }
}
