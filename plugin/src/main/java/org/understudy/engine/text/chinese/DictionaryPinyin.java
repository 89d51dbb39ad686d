package org.understudy.engine.text.chinese;

import com.github.houbb.pinyin.constant.enums.PinyinStyleEnum;
import com.github.houbb.pinyin.util.PinyinHelper;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * The pinyin source used when the user's install has no g2pW model: a phrase-aware dictionary
 * (com.github.houbb:pinyin), read in tone3 style with the neutral tone as 5 and ü written v, as
 * pypinyin writes them. Polyphones are resolved by phrase only, so some readings differ from g2pW's
 * (the agreement on the golden sentences is measured in its test). [any-thread]
 */
public final class DictionaryPinyin implements PinyinSource {
    private static final Logger LOG = Logger.getLogger("understudy.text");

    /** The fallback, logging that no g2pW model is configured. */
    public DictionaryPinyin() {
        this("no g2pW model is configured");
    }

    /** The fallback, logging why it is used ({@code why}: for instance the g2pW folder that is missing). */
    public DictionaryPinyin(String why) {
        LOG.info("Chinese polyphones come from a phrase dictionary: " + why);
    }

    private DictionaryPinyin(boolean quiet) {}

    /** For the characters a g2pW model has no table entry for (upstream's pypinyin path): logs nothing. */
    public static DictionaryPinyin forCharactersOutsideG2pw() {
        return new DictionaryPinyin(true);
    }

    @Override
    public List<String> sentencePinyins(String sentence) {
        final List<String> out = new ArrayList<>();
        final int[] cps = sentence.codePoints().toArray();
        int i = 0;
        while (i < cps.length) {
            if (!isHan(cps[i])) {
                out.add(new String(Character.toChars(cps[i++])));
                continue;
            }
            int end = i;
            while (end < cps.length && isHan(cps[end])) end++;
            final String run = new String(cps, i, end - i);
            final String[] tokens = PinyinHelper.toPinyin(run, PinyinStyleEnum.NUM_LAST, "|").split("\\|");
            for (int k = 0; k < end - i; k++) {
                final String token = tokens.length == end - i ? tokens[k]
                        : PinyinHelper.toPinyinList((char) cps[i + k], PinyinStyleEnum.NUM_LAST).get(0);   // per character if the phrase split disagrees
                out.add(tone3(token));
            }
            i = end;
        }
        return out;
    }

    @Override
    public List<String> finalsTone3(String word) {
        final List<String> out = new ArrayList<>();
        for (String p : sentencePinyins(word)) out.add(p.matches("[a-z]+[1-5]") ? PinyinToPhones.toFinalsTone3(p) : p);
        return out;
    }

    /** "lü4" → "lv4"; a syllable without a tone digit gets the neutral 5. */
    private static String tone3(String pinyin) {
        final String v = pinyin.replace('ü', 'v');
        return v.matches(".*[1-5]$") ? v : v + "5";
    }

    private static boolean isHan(int cp) {
        return Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN;
    }
}
