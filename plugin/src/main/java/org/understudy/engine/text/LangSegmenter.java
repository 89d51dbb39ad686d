package org.understudy.engine.text;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mixed-language text cut into runs of one language, after upstream's
 * {@code GPT_SoVITS/text/LangSegmenter/langsegmenter.py:LangSegmenter.getTexts} and the language
 * modes of {@code TTS_infer_pack/TextPreprocessor.py:get_phones_and_bert}.
 *
 * <p>Upstream has two stages. The first is the {@code split_lang} package ({@code LangSplitter},
 * {@code merge_across_digit=False}): a pre-split by character class (Han + kana, Hangul, digits,
 * punctuation, everything else), phrase splitting with budoux and a fastText language-id model per
 * phrase, then merges. The second is GPT-SoVITS's own post-rules. This class ports the second stage
 * rule for rule, and replaces the first with its deterministic part only:
 * <ul>
 *   <li>the pre-split by character class is upstream's ({@code [\u4e00-\u9fff\u3040-\u30ff]} is Han or
 *       kana, {@code [\uac00-\ud7af]} Hangul, {@code str.isdigit} digits, split_lang's punctuation
 *       list, spaces joining the current run; quotes and apostrophes are not in that list);</li>
 *   <li>instead of budoux + fastText, a run of Han/kana is {@code ja} when it holds any kana and
 *       {@code zh} otherwise; a run of other characters is {@code en} when it holds a Latin letter and
 *       {@code x} (unknown) otherwise; Hangul is {@code ko}. So a kanji-only Japanese phrase reads as
 *       {@code zh} and a French or German word as {@code en} where fastText might say otherwise (its
 *       de/fr become {@code x} and take a neighbour's language upstream);</li>
 *   <li>split_lang's merges that need no model are kept: a digit–punctuation–digit run is one digit run,
 *       punctuation joins the run before it, a middle run of at most 3 characters between two runs of one
 *       language totalling at least 6 characters takes their language (so, as upstream, a short Latin word
 *       inside long Chinese becomes Chinese and its letters are dropped by the Chinese cleaner), an unknown
 *       run takes a neighbour's language, and a zh/ja run ten times shorter than its zh/ja neighbours joins
 *       them. The merges that consult fastText's candidate lists or word frequencies are not ported.</li>
 * </ul>
 * Stateless: [any-thread].
 */
public final class LangSegmenter {
    /** A run of text and its language ({@code zh ja ko en yue}, or {@code punctuation} for a leading run of marks, which upstream then cleans as a space). */
    public record Segment(String lang, String text) {}

    /** The language choices of upstream's WebUI / API ({@code text_lang}). */
    public enum Mode {
        AUTO("auto"), AUTO_YUE("auto_yue"), ZH("zh"), JA("ja"), KO("ko"), YUE("yue"), EN("en"),
        ALL_ZH("all_zh"), ALL_JA("all_ja"), ALL_KO("all_ko"), ALL_YUE("all_yue");

        private final String id;

        Mode(String id) {
            this.id = id;
        }

        /** Upstream's name ({@code all_zh}). */
        public String id() {
            return id;
        }

        /** [any-thread] A mode by upstream's name, any case. */
        public static Mode parse(String s) {
            for (Mode m : values()) if (m.id.equalsIgnoreCase(s.strip())) return m;
            final List<String> names = new ArrayList<>();
            for (Mode m : values()) names.add(m.id);
            throw new IllegalArgumentException("unknown language mode '" + s + "' (one of " + String.join(", ", names) + ")");
        }
    }

    private static final String SPLIT_LANG_PUNCTUATION = ",.;:!?，。！？；：、·([{<（【《〈「『“‘)]}>）】》〉」』”’";
    private static final Pattern MULTI_SPACE = Pattern.compile(" {2,}");
    private static final Pattern FULL_EN = Pattern.compile(
            "^(?=.*[A-Za-z])[A-Za-z0-9\\s\\u0020-\\u007E\\u2000-\\u206F\\u3000-\\u303F\\uFF00-\\uFFEF]+$", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern CJK_KEPT_MARK = Pattern.compile("[0-9\\u3001-\\u301c。！？.!?… /]");
    private static final Pattern JA_RUN = Pattern.compile(
            "([\\u3041-\\u3096\\u3099\\u309A\\u30A1-\\u30FA\\u30FC]+(?:[0-9\\u3001-\\u301c。！？.!?… ]+[\\u3041-\\u3096\\u3099\\u309A\\u30A1-\\u30FA\\u30FC]*)*)");
    private static final Pattern KO_RUN = Pattern.compile(
            "([\\u1100-\\u11FF\\u3130-\\u318F\\uAC00-\\uD7AF]+(?:[0-9\\u3001-\\u301c。！？.!?… ]+[\\u1100-\\u11FF\\u3130-\\u318F\\uAC00-\\uD7AF]*)*)");
    private static final String CLAUSE_MARKS = ",.!?，。！？";

    private LangSegmenter() {}

    /**
     * [any-thread] The segments {@code get_phones_and_bert} cleans one by one for {@code mode}: runs of
     * two or more spaces collapse first; {@code en} is the whole text; {@code all_*} force the language
     * of every non-English run; {@code zh}/{@code ja}/{@code ko}/{@code yue} merge adjacent non-English
     * runs and give them the user's language; {@code auto} keeps the detected languages.
     */
    public static List<Segment> split(String text, Mode mode) {
        text = MULTI_SPACE.matcher(text).replaceAll(" ");
        final List<Segment> out = new ArrayList<>();
        switch (mode) {
            case EN -> out.add(new Segment("en", text));
            case ALL_ZH -> out.addAll(getTexts(text, "zh"));
            case ALL_JA -> out.addAll(getTexts(text, "ja"));
            case ALL_KO -> out.addAll(getTexts(text, "ko"));
            case ALL_YUE -> getTexts(text, "zh").forEach(s -> out.add(s.lang().equals("zh") ? new Segment("yue", s.text()) : s));
            case AUTO -> out.addAll(getTexts(text, ""));
            case AUTO_YUE -> getTexts(text, "").forEach(s -> out.add(s.lang().equals("zh") ? new Segment("yue", s.text()) : s));
            case ZH, JA, KO, YUE -> {
                for (Segment s : getTexts(text, "")) {
                    final boolean en = s.lang().equals("en");
                    if (!out.isEmpty() && en == out.get(out.size() - 1).lang().equals("en")) {
                        final Segment last = out.remove(out.size() - 1);
                        out.add(new Segment(last.lang(), last.text() + s.text()));
                        continue;
                    }
                    out.add(new Segment(en ? "en" : mode.id(), s.text()));
                }
            }
        }
        return out;
    }

    /** [any-thread] Upstream's {@code LangSegmenter.getTexts(text, default_lang)}; {@code defaultLang} "" for none. */
    public static List<Segment> getTexts(String text, String defaultLang) {
        final boolean forced = !defaultLang.isEmpty();
        List<Run> langList = new ArrayList<>();
        boolean haveNum = false;
        for (Run item : splitByLang(text)) {
            if (item.lang.equals("digit")) {
                if (forced) item.lang = defaultLang;
                else haveNum = true;
                mergeLang(langList, item);
                continue;
            }
            if (FULL_EN.matcher(item.text).find()) { // short English detected as another language
                item.lang = "en";
                mergeLang(langList, item);
                continue;
            }
            if (forced) {
                item.lang = defaultLang;
                mergeLang(langList, item);
                continue;
            }
            List<Run> jaList = new ArrayList<>();
            if (!item.lang.equals("ja")) jaList = splitJaKo("ja", item);
            if (jaList.isEmpty()) jaList.add(item);
            List<Run> koList = new ArrayList<>(); // kept across iterations, as upstream's loop keeps it
            final List<Run> tempList = new ArrayList<>();
            for (Run koItem : jaList) {
                if (!koItem.lang.equals("ko")) koList = splitJaKo("ko", koItem);
                if (!koList.isEmpty()) tempList.addAll(copies(koList));
                else tempList.add(koItem);
            }
            if (tempList.size() == 1) {
                if (item.lang.equals("x")) {
                    final String cjk = fullCjk(item.text);
                    mergeLang(langList, cjk.isEmpty() ? item : new Run("zh", cjk));
                } else {
                    mergeLang(langList, item);
                }
                continue;
            }
            for (Run t : tempList) {
                if (t.lang.equals("x")) {
                    final String cjk = fullCjk(t.text);
                    mergeLang(langList, cjk.isEmpty() ? t : new Run("zh", cjk));
                } else {
                    mergeLang(langList, t);
                }
            }
        }

        if (haveNum) {
            final List<Run> temp = langList;
            langList = new ArrayList<>();
            for (int i = 0; i < temp.size(); i++) {
                final Run t = temp.get(i);
                if (t.lang.equals("digit")) {
                    final Run prev = langList.isEmpty() ? null : langList.get(langList.size() - 1);
                    final boolean last = i == temp.size() - 1;
                    if (forced) t.lang = defaultLang;
                    else if (prev != null && last) t.lang = prev.lang;
                    else if (prev == null && !last) t.lang = temp.get(1).lang; // upstream reads index 1
                    else if (prev != null) {
                        final Run next = temp.get(i + 1);
                        if (prev.lang.equals(next.lang)) t.lang = prev.lang;
                        else if (CLAUSE_MARKS.indexOf(lastChar(prev.text)) >= 0) t.lang = next.lang;
                        else if (CLAUSE_MARKS.indexOf(next.text.codePointAt(0)) >= 0) t.lang = prev.lang;
                        else if (lastChar(t.text) == '。' || lastChar(t.text) == '.') t.lang = prev.lang;
                        else if (PyStrings.len(prev.text) >= PyStrings.len(next.text)) t.lang = prev.lang;
                        else t.lang = next.lang;
                    } else t.lang = "zh";
                }
                mergeLang(langList, t);
            }
        }

        final List<Run> temp = langList;
        langList = new ArrayList<>();
        for (Run t : temp) {
            if (t.lang.equals("x")) {
                if (!langList.isEmpty()) t.lang = langList.get(langList.size() - 1).lang;
                else if (temp.size() > 1) t.lang = temp.get(1).lang;
                else t.lang = "zh";
            }
            mergeLang(langList, t);
        }
        final List<Segment> out = new ArrayList<>();
        for (Run r : langList) out.add(new Segment(r.lang, r.text));
        return out;
    }

    // ---- stage 1: the stand-in for split_lang's LangSplitter.split_by_lang ----

    /** A run with its language and split_lang's flags (kept by the first run of a merge, as upstream). */
    private static final class Run {
        String lang;
        String text;
        boolean digit;
        boolean punctuation;

        Run(String lang, String text) {
            this.lang = lang;
            this.text = text;
        }

        Run copy() {
            final Run r = new Run(lang, text);
            r.digit = digit;
            r.punctuation = punctuation;
            return r;
        }
    }

    private enum Section { ZH_JA, KO, DIGIT, PUNCTUATION, OTHERS }

    private static List<Run> splitByLang(String text) {
        List<Run> runs = preSplit(PyStrings.strip(text));
        runs = mergeDigit(runs);
        runs = mergeSame(runs); // merge_across_newline: there are no newline runs here
        runs = mergeAcrossPunctuation(runs);
        runs = mergeSame(runs);
        runs = mergeMiddleToTwoSides(runs);
        runs = mergeSame(runs);
        runs = specialMergeForZhJa(runs);
        runs = specialMergeForZhJa(runs);
        return runs;
    }

    private static List<Run> preSplit(String text) {
        final List<Run> runs = new ArrayList<>();
        Section current = Section.OTHERS;
        final StringBuilder buf = new StringBuilder();
        for (int i = 0; i < text.length(); ) {
            final int c = text.codePointAt(i);
            final Section section;
            if (c >= 0x4e00 && c <= 0x9fff || c >= 0x3040 && c <= 0x30ff) section = Section.ZH_JA;
            else if (c >= 0xac00 && c <= 0xd7af) section = Section.KO;
            else if (PyStrings.isDigit(c)) section = Section.DIGIT;
            else if (SPLIT_LANG_PUNCTUATION.indexOf(c) >= 0) section = Section.PUNCTUATION;
            else if (PyStrings.isSpace(c)) section = null;
            else section = Section.OTHERS;
            if (section == Section.PUNCTUATION || section != null && section != current) {
                addRun(runs, buf, current);
                current = section;
            }
            buf.appendCodePoint(c);
            i += Character.charCount(c);
        }
        addRun(runs, buf, current);
        return runs;
    }

    private static void addRun(List<Run> runs, StringBuilder buf, Section section) {
        if (buf.length() == 0) return;
        final String text = buf.toString();
        buf.setLength(0);
        final Run run = new Run(switch (section) {
            case ZH_JA -> text.codePoints().anyMatch(c -> c >= 0x3040 && c <= 0x30ff) ? "ja" : "zh";
            case KO -> "ko";
            case DIGIT -> "digit";
            case PUNCTUATION -> "punctuation";
            case OTHERS -> text.codePoints().anyMatch(c -> Character.isLetter(c) && Character.UnicodeScript.of(c) == Character.UnicodeScript.LATIN) ? "en" : "x";
        }, text);
        run.digit = section == Section.DIGIT;
        run.punctuation = section == Section.PUNCTUATION;
        runs.add(run);
    }

    /** {@code _merge_digit}: digit, mark, digit ("3.14") is one digit run. */
    private static List<Run> mergeDigit(List<Run> runs) {
        for (int i = 0; i + 2 < runs.size(); i++) {
            final Run left = runs.get(i), middle = runs.get(i + 1), right = runs.get(i + 2);
            if (left.lang.equals(right.lang) && left.digit && middle.punctuation) middle.lang = left.lang;
        }
        return mergeSame(runs);
    }

    /** {@code _merge_substrings}: neighbours of one language join. */
    private static List<Run> mergeSame(List<Run> runs) {
        final List<Run> out = new ArrayList<>();
        for (Run r : runs) {
            if (!out.isEmpty() && out.get(out.size() - 1).lang.equals(r.lang)) out.get(out.size() - 1).text += r.text;
            else out.add(r);
        }
        return out;
    }

    /** {@code _merge_substrings_across_punctuation}: marks join the run before them; the run after joins too when its language is the same. */
    private static List<Run> mergeAcrossPunctuation(List<Run> runs) {
        final List<Run> out = new ArrayList<>();
        String lang = "";
        for (Run r : runs) {
            final Run last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (r.punctuation && !PyStrings.strip(r.text).isEmpty()) {
                if (last != null && last.lang.equals(lang)) last.text += r.text;
                else out.add(r);
            } else {
                if (last == null || !r.lang.equals(lang)) out.add(r);
                else last.text += r.text;
            }
            if (!r.lang.equals("punctuation")) lang = r.lang;
        }
        return out;
    }

    /** {@code _merge_middle_substr_to_two_side}, without the fastText-based conditions. */
    private static List<Run> mergeMiddleToTwoSides(List<Run> runs) {
        for (int i = 0; i + 2 < runs.size(); i++) {
            final Run left = runs.get(i), middle = runs.get(i + 1), right = runs.get(i + 2);
            if (left.lang.equals(right.lang) && !left.lang.equals("x")) {
                final boolean shortMiddle = PyStrings.len(middle.text) <= 3 && PyStrings.len(left.text) + PyStrings.len(right.text) >= 6;
                if (middle.lang.equals("x") || shortMiddle) middle.lang = left.lang;
            }
        }
        return runs;
    }

    /**
     * {@code _special_merge_for_zh_ja}: a zh/ja (or unknown) run more than ten times shorter than its
     * zh/ja neighbours joins them. Upstream's loop means to skip the run it has just absorbed but does not
     * (it adds 1 to a Python for-loop variable); here the absorbed run is skipped, so no text is repeated.
     */
    private static List<Run> specialMergeForZhJa(List<Run> runs) {
        if (runs.size() <= 1) return runs;
        final List<Run> out = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            final Run cur = runs.get(i);
            final int curLen = PyStrings.len(cur.text);
            if (i == 0) {
                final Run right = runs.get(1);
                if (isZhJa(right.lang) && (isZhJa(cur.lang) || cur.lang.equals("x")) && curLen * 10 < PyStrings.len(right.text)) {
                    out.add(new Run(right.lang, cur.text + right.text));
                    i++;
                } else out.add(cur);
            } else if (i == runs.size() - 1) {
                final Run left = out.get(out.size() - 1);
                if (isZhJa(left.lang) && (isZhJa(cur.lang) || cur.lang.equals("x")) && curLen * 10 < PyStrings.len(left.text)) left.text += cur.text;
                else out.add(cur);
            } else {
                final Run left = out.get(out.size() - 1), right = runs.get(i + 1);
                if (left.lang.equals(right.lang) && isZhJa(left.lang) && !cur.lang.equals("en")
                        && curLen * 10 < PyStrings.len(left.text) + PyStrings.len(right.text)) {
                    left.text += cur.text + right.text;
                    i++;
                } else out.add(cur);
            }
        }
        return mergeSame(out);
    }

    private static boolean isZhJa(String lang) {
        return lang.equals("zh") || lang.equals("ja");
    }

    // ---- GPT-SoVITS's helpers ----

    private static void mergeLang(List<Run> list, Run item) {
        if (!list.isEmpty() && list.get(list.size() - 1).lang.equals(item.lang)) list.get(list.size() - 1).text += item.text;
        else list.add(item);
    }

    private static List<Run> copies(List<Run> runs) {
        final List<Run> out = new ArrayList<>();
        for (Run r : runs) out.add(r.copy());
        return out;
    }

    /** {@code split_jako}: kana (or Hangul) runs, with the marks and digits between them, cut out of a run as {@code tag}. */
    private static List<Run> splitJaKo(String tag, Run item) {
        final Matcher m = (tag.equals("ja") ? JA_RUN : KO_RUN).matcher(item.text);
        final List<Run> out = new ArrayList<>();
        int from = 0;
        while (m.find()) {
            if (m.start() > from) out.add(new Run(item.lang, item.text.substring(from, m.start())));
            from = m.end();
            out.add(new Run(tag, m.group()));
        }
        if (from < item.text.length()) out.add(new Run(item.lang, item.text.substring(from)));
        return out;
    }

    /** {@code full_cjk}: the CJK ideographs of a text and the digits and marks upstream keeps with them. */
    private static String fullCjk(String text) {
        final StringBuilder out = new StringBuilder();
        text.codePoints().forEach(c -> {
            final boolean cjk = c >= 0x4E00 && c <= 0x9FFF || c >= 0x3400 && c <= 0x4DB5 || c >= 0x20000 && c <= 0x2A6DD
                    || c >= 0x2A700 && c <= 0x2EE5D || c >= 0x30000 && c <= 0x3134A || c >= 0x31350 && c <= 0x323AF;
            if (cjk || CJK_KEPT_MARK.matcher(new String(Character.toChars(c))).matches()) out.appendCodePoint(c);
        });
        return out.toString();
    }

    private static int lastChar(String s) {
        return s.isEmpty() ? -1 : s.codePointBefore(s.length());
    }
}
