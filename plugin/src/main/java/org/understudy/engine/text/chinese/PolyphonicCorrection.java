package org.understudy.engine.text.chinese;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The pinyin corrections applied after g2pW, after {@code GPT_SoVITS/text/g2pw/g2pw.py}
 * ({@code read_dict}, {@code correct_pronunciation}): {@code g2pw/polyphonic.rep} then
 * {@code g2pw/polyphonic-fix.rep} (a later line wins), lines {@code word: ['py1', 'py2']}. A word
 * found whole takes the listed pinyins; otherwise each character found alone takes its first
 * listed pinyin. Read at run time from the user's GPT-SoVITS folder. Immutable: [any-thread].
 */
public final class PolyphonicCorrection {
    private final Map<String, List<String>> dictionary;

    private PolyphonicCorrection(Map<String, List<String>> dictionary) {
        this.dictionary = dictionary;
    }

    /** Reads the dictionary files in order, a later entry replacing an earlier one. [any-thread] */
    public static PolyphonicCorrection load(Path... repFiles) throws IOException {
        final Map<String, List<String>> dictionary = new HashMap<>();
        for (Path file : repFiles) {
            int lineNumber = 0;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                lineNumber++;
                final String[] kv = line.split(":", -1);
                if (kv.length != 2) throw new IOException(file + ":" + lineNumber + ": expected 'word: [pinyins]', got '" + line + "'");
                dictionary.put(kv[0].strip(), pinyins(kv[1].strip(), file, lineNumber));
            }
        }
        return new PolyphonicCorrection(Collections.unmodifiableMap(dictionary));
    }

    /** The number of entries. [any-thread] */
    public int size() {
        return dictionary.size();
    }

    /** {@code correct_pronunciation(word, word_pinyins)}; the input list is not modified. [any-thread] */
    public List<String> correct(String word, List<String> pinyins) {
        final List<String> whole = dictionary.get(word);
        if (whole != null) return whole;
        final List<String> out = new ArrayList<>(pinyins);
        final String[] chars = ToneSandhi.chars(word);
        for (int i = 0; i < chars.length; i++) {
            final List<String> single = dictionary.get(chars[i]);
            if (single != null) out.set(i, single.get(0));
        }
        return out;
    }

    // a Python list literal of quoted strings: ['hu2','po1'] or ['yi1', 'ding1']
    private static List<String> pinyins(String literal, Path file, int lineNumber) throws IOException {
        if (!literal.startsWith("[") || !literal.endsWith("]")) throw new IOException(file + ":" + lineNumber + ": expected a list, got '" + literal + "'");
        final List<String> out = new ArrayList<>();
        for (String item : literal.substring(1, literal.length() - 1).split(",")) {
            final String s = item.strip();
            if (s.length() < 2 || s.charAt(0) != s.charAt(s.length() - 1) || (s.charAt(0) != '\'' && s.charAt(0) != '"')) {
                throw new IOException(file + ":" + lineNumber + ": expected a quoted pinyin, got '" + s + "'");
            }
            out.add(s.substring(1, s.length() - 1));
        }
        return List.copyOf(out);
    }
}
