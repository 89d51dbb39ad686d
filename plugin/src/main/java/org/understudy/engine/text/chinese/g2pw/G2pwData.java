package org.understudy.engine.text.chinese.g2pw;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.understudy.engine.checkpoint.CheckpointException;

/**
 * The tables of a g2pW model folder ({@code GPT_SoVITS/text/G2PWModel/} in a GPT-SoVITS install), read
 * as upstream's {@code text/g2pw/onnx_api.py} and {@code dataset.py} read them:
 * <ul>
 * <li>{@code POLYPHONIC_CHARS.txt}: lines {@code char<TAB>bopomofo}; the model's classes ("labels") are
 *     the sorted distinct bopomofos ({@code get_phoneme_labels}), or the sorted distinct
 *     {@code "char bopomofo"} pairs when the config says {@code use_char_phoneme = True}; each character's
 *     candidates are the indices of its lines' labels; the characters sorted give {@code char_ids};</li>
 * <li>{@code MONOPHONIC_CHARS.txt}: the same format, one reading per character;</li>
 * <li>{@code bopomofo_to_pinyin_wo_tune_dict.json}: bopomofo without its tone digit → pinyin;</li>
 * <li>{@code config.py}: only {@code use_mask}, {@code use_char_phoneme} and {@code model_source} are read
 *     (simple {@code name = value} lines); without the file, upstream's defaults (mask on, phoneme labels).</li>
 * </ul>
 * Upstream's fixed exceptions apply: 一 不 和 咋 嗲 剖 差 攢 倒 難 奔 勁 拗 肖 瘙 誒 泊 听 噢 are never sent to the model,
 * and 似 攢 are dropped from the monophonic table. Sorting is by code point, as Python's {@code sorted}.
 * Immutable: [any-thread].
 */
final class G2pwData {
    static final String POLYPHONIC = "POLYPHONIC_CHARS.txt";
    static final String MONOPHONIC = "MONOPHONIC_CHARS.txt";
    static final String BOPOMOFO_TO_PINYIN = "bopomofo_to_pinyin_wo_tune_dict.json";
    static final String CONFIG = "config.py";
    /** {@code non_polyphonic} in onnx_api.py: listed as polyphonic but never predicted. */
    static final Set<String> NON_POLYPHONIC = Set.of("一", "不", "和", "咋", "嗲", "剖", "差", "攢", "倒", "難", "奔", "勁", "拗", "肖", "瘙", "誒", "泊", "听", "噢");
    /** {@code non_monophonic} in onnx_api.py. */
    static final Set<String> NON_MONOPHONIC = Set.of("似", "攢");

    /** Code-point order, as Python compares strings. */
    static final Comparator<String> CODE_POINT_ORDER = (a, b) -> {
        final int[] x = a.codePoints().toArray(), y = b.codePoints().toArray();
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            if (x[i] != y[i]) return Integer.compare(x[i], y[i]);
        }
        return Integer.compare(x.length, y.length);
    };

    private static final Pattern BOOL_SETTING = Pattern.compile("(?m)^(use_mask|use_char_phoneme)\\s*=\\s*(True|False)\\s*(#.*)?$");
    private static final Pattern SOURCE_SETTING = Pattern.compile("(?m)^model_source\\s*=\\s*['\"]([^'\"]*)['\"]");

    final Path folder;
    final boolean useMask;
    final boolean useCharPhoneme;
    /** {@code model_source} of config.py (upstream's default "bert-base-chinese"); GPT-SoVITS overrides it with its own BERT folder. */
    final String modelSource;
    /** The model's classes, in output order. */
    final List<String> labels;
    /** Character → indices into {@link #labels}, in the file's order. */
    final Map<String, int[]> candidates;
    /** Character → its {@code char_ids} value (index in the sorted characters). */
    final Map<String, Integer> charIds;
    /** Characters sent to the model: those of POLYPHONIC_CHARS.txt less {@link #NON_POLYPHONIC}. */
    final Set<String> polyphonic;
    /** Character → bopomofo with tone, less {@link #NON_MONOPHONIC}. */
    final Map<String, String> monophonic;
    final Map<String, String> bopomofoToPinyin;

    private G2pwData(Path folder, boolean useMask, boolean useCharPhoneme, String modelSource, List<String> labels, Map<String, int[]> candidates,
            Map<String, Integer> charIds, Set<String> polyphonic, Map<String, String> monophonic, Map<String, String> bopomofoToPinyin) {
        this.folder = folder;
        this.useMask = useMask;
        this.useCharPhoneme = useCharPhoneme;
        this.modelSource = modelSource;
        this.labels = labels;
        this.candidates = candidates;
        this.charIds = charIds;
        this.polyphonic = polyphonic;
        this.monophonic = monophonic;
        this.bopomofoToPinyin = bopomofoToPinyin;
    }

    /** [any-thread] Reads the tables of {@code folder}. @throws IOException naming the file that is missing or malformed */
    static G2pwData load(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) throw new CheckpointException(folder, "the g2pW model folder is missing");
        boolean useMask = true, useCharPhoneme = false;
        String modelSource = "bert-base-chinese";
        final Path config = folder.resolve(CONFIG);
        if (Files.isRegularFile(config)) {
            final String text = Files.readString(config, StandardCharsets.UTF_8);
            final Matcher m = BOOL_SETTING.matcher(text);
            while (m.find()) {
                if (m.group(1).equals("use_mask")) useMask = m.group(2).equals("True");
                else useCharPhoneme = m.group(2).equals("True");
            }
            final Matcher s = SOURCE_SETTING.matcher(text);
            if (s.find()) modelSource = s.group(1);
        }

        final List<String[]> poly = pairs(folder.resolve(POLYPHONIC));
        final Set<String> labelSet = new TreeSet<>(CODE_POINT_ORDER);
        for (String[] p : poly) labelSet.add(label(p, useCharPhoneme));
        final List<String> labels = List.copyOf(labelSet);
        final Map<String, Integer> labelIndex = new HashMap<>();
        for (int i = 0; i < labels.size(); i++) labelIndex.put(labels.get(i), i);
        final Map<String, List<Integer>> cand = new LinkedHashMap<>();
        for (String[] p : poly) cand.computeIfAbsent(p[0], k -> new ArrayList<>()).add(labelIndex.get(label(p, useCharPhoneme)));
        final Map<String, int[]> candidates = new HashMap<>();
        cand.forEach((c, l) -> candidates.put(c, l.stream().mapToInt(Integer::intValue).toArray()));
        final List<String> chars = new ArrayList<>(cand.keySet());
        chars.sort(CODE_POINT_ORDER);
        final Map<String, Integer> charIds = new HashMap<>();
        for (int i = 0; i < chars.size(); i++) charIds.put(chars.get(i), i);
        final Set<String> polyphonic = new java.util.HashSet<>(chars);
        polyphonic.removeAll(NON_POLYPHONIC);

        final Map<String, String> monophonic = new HashMap<>();
        for (String[] p : pairs(folder.resolve(MONOPHONIC))) monophonic.put(p[0], p[1]);
        NON_MONOPHONIC.forEach(monophonic::remove);

        return new G2pwData(folder, useMask, useCharPhoneme, modelSource, labels, Collections.unmodifiableMap(candidates), Map.copyOf(charIds),
                Set.copyOf(polyphonic), Map.copyOf(monophonic), bopomofoTable(folder.resolve(BOPOMOFO_TO_PINYIN)));
    }

    /**
     * [any-thread] {@code _convert_bopomofo_to_pinyin}: the table's pinyin for the bopomofo without its last
     * character, then that tone digit (1–5, 5 neutral); ü is written v as pypinyin's tone3 style writes it.
     * Null when the tone is not a digit 1–5 or the table lacks the syllable (upstream prints a warning and
     * gives None).
     */
    String pinyin(String bopomofo) {
        if (bopomofo == null || bopomofo.isEmpty()) return null;
        final int last = bopomofo.codePointBefore(bopomofo.length());
        if (last < '1' || last > '5') return null;
        final String component = bopomofoToPinyin.get(bopomofo.substring(0, bopomofo.length() - 1));
        if (component == null || component.isEmpty()) return null;
        return component.replace('ü', 'v') + (char) last;
    }

    /** [any-thread] The bopomofo a class stands for: the label, or its second field under {@code use_char_phoneme}. */
    String bopomofoOf(int labelIndex) {
        final String label = labels.get(labelIndex);
        return useCharPhoneme ? label.substring(label.indexOf(' ') + 1) : label;
    }

    /** [any-thread] The phoneme-mask row of a character: 1 at its candidates, 0 elsewhere; all ones when the mask is off. */
    float[] maskRow(String ch) {
        final float[] row = new float[labels.size()];
        if (!useMask) {
            java.util.Arrays.fill(row, 1f);
            return row;
        }
        for (int i : candidates.get(ch)) row[i] = 1f;
        return row;
    }

    private static String label(String[] pair, boolean useCharPhoneme) {
        return useCharPhoneme ? pair[0] + " " + pair[1] : pair[1];
    }

    /** {@code [line.split("\t") for line in open(path).read().strip().split("\n")]}, each line exactly two fields. */
    static List<String[]> pairs(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new CheckpointException(file, "is missing from the g2pW model folder");
        final String text = Files.readString(file, StandardCharsets.UTF_8).strip();
        final List<String[]> out = new ArrayList<>();
        if (text.isEmpty()) throw new CheckpointException(file, "is empty");
        int lineNumber = 0;
        for (String line : text.split("\n", -1)) {
            lineNumber++;
            final String[] kv = line.replace("\r", "").split("\t", -1);
            if (kv.length != 2 || kv[0].codePointCount(0, kv[0].length()) != 1 || kv[1].isEmpty()) {
                throw new CheckpointException(file, "line " + lineNumber + " is not 'character<TAB>bopomofo': '" + line + "'");
            }
            out.add(kv);
        }
        return out;
    }

    static Map<String, String> bopomofoTable(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new CheckpointException(file, "is missing from the g2pW model folder");
        final JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new CheckpointException(file, "is not valid JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) throw new CheckpointException(file, "is not a JSON object of bopomofo → pinyin");
        final Map<String, String> out = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            final Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) throw new CheckpointException(file, "the value of '" + e.getKey() + "' is not a string");
            out.put(e.getKey(), e.getValue().textValue());
        }
        return Map.copyOf(out);
    }
}
