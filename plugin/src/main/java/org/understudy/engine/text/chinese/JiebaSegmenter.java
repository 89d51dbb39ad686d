package org.understudy.engine.text.chinese;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.razorvine.pickle.Unpickler;

/**
 * Word segmentation as jieba 0.42.1 does it with its default dictionary and HMM on (the path
 * GPT-SoVITS's {@code chinese2._g2p} takes through {@code jieba_fast.posseg.lcut}):
 * <ul>
 *   <li>{@link #posseg}: {@code jieba.posseg.lcut(sentence)}, words with part-of-speech tags;</li>
 *   <li>{@link #cut}: {@code jieba.lcut(sentence)};</li>
 *   <li>{@link #cutForSearch}: {@code jieba.lcut_for_search(sentence)}, which ToneSandhi's
 *       {@code _split_word} uses.</li>
 * </ul>
 * A run of dictionary characters is cut along the most probable path through the dictionary's
 * word graph (log frequencies); runs of single characters that do not form a dictionary word go to
 * an HMM (BMES states for {@code cut}, BMES × tag states for {@code posseg}).
 *
 * <p>The dictionary and the HMM tables are read at run time from a jieba (or jieba_fast) package
 * folder: {@code dict.txt}, {@code finalseg/prob_*.p} and {@code posseg/{char_state_tab,prob_*}.p}.
 * Immutable once loaded: [any-thread].
 */
public final class JiebaSegmenter implements ChineseSegmenter {
    /** The files {@link #load} reads, relative to the jieba folder. */
    public static final List<String> FILES = List.of("dict.txt", "finalseg/prob_start.p", "finalseg/prob_trans.p", "finalseg/prob_emit.p",
            "posseg/char_state_tab.p", "posseg/prob_start.p", "posseg/prob_trans.p", "posseg/prob_emit.p");

    /** jieba's floor for a missing emission (and, in finalseg, transition) log probability. */
    private static final double MIN_FLOAT = -3.14e100;

    /** A dictionary key: its frequency (0 for a mere prefix of a word) and its tag (null for a prefix). */
    private record Entry(int freq, String tag) {}

    private final Map<String, Entry> dictionary;
    private final double logTotal;
    private final Hmm finalseg;
    private final Hmm posseg;
    /** posseg: the states a character may take (indices into {@code posseg}), or absent for all. */
    private final Map<Character, int[]> charStates;

    private JiebaSegmenter(Map<String, Entry> dictionary, long total, Hmm finalseg, Hmm posseg, Map<Character, int[]> charStates) {
        this.dictionary = dictionary;
        this.logTotal = Math.log(total);
        this.finalseg = finalseg;
        this.posseg = posseg;
        this.charStates = charStates;
    }

    /**
     * Reads the dictionary and the tables from {@code jiebaFolder} (the folder of jieba's or
     * jieba_fast's {@code __init__.py}); the error names every missing file. Takes a few seconds.
     * [any-thread]
     */
    public static JiebaSegmenter load(Path jiebaFolder) throws IOException {
        final List<String> missing = new ArrayList<>();
        for (String f : FILES) if (!Files.isRegularFile(jiebaFolder.resolve(f))) missing.add(f);
        if (!missing.isEmpty()) {
            throw new IOException("jieba folder " + jiebaFolder.toAbsolutePath() + " lacks " + String.join(", ", missing)
                    + " (expected the folder of jieba's or jieba_fast's __init__.py)");
        }
        final Map<String, Entry> dictionary = new HashMap<>(1 << 20);
        long total = 0;
        final Path dict = jiebaFolder.resolve("dict.txt");
        try (BufferedReader in = Files.newBufferedReader(dict, StandardCharsets.UTF_8)) {
            int lineNo = 0;
            for (String line; (line = in.readLine()) != null; ) {
                lineNo++;
                line = line.strip();
                if (line.isEmpty()) continue;
                final String[] parts = line.split(" ");
                if (parts.length != 3) throw new IOException(dict + " line " + lineNo + ": expected 'word freq tag', got '" + line + "'");
                final int freq;
                try {
                    freq = Integer.parseInt(parts[1]);
                } catch (NumberFormatException e) {
                    throw new IOException(dict + " line " + lineNo + ": bad frequency in '" + line + "'");
                }
                final String word = parts[0];
                dictionary.put(word, new Entry(freq, parts[2]));
                total += freq;
                for (int end = 1; end < word.length(); end++) dictionary.putIfAbsent(word.substring(0, end), new Entry(0, null));
            }
        }
        final Hmm finalseg = Hmm.read(jiebaFolder.resolve("finalseg"));
        final Hmm posseg = Hmm.read(jiebaFolder.resolve("posseg"));
        final Map<Character, int[]> charStates = new HashMap<>();
        final Path tab = jiebaFolder.resolve("posseg/char_state_tab.p");
        for (Map.Entry<?, ?> e : dict(unpickle(tab), tab).entrySet()) {
            final String ch = (String) e.getKey();
            final Object[] states = (Object[]) e.getValue();
            final int[] ids = new int[states.length];
            for (int i = 0; i < states.length; i++) ids[i] = posseg.id(states[i], tab);
            if (ch.length() == 1) charStates.put(ch.charAt(0), ids); // its keys are single BMP characters
        }
        return new JiebaSegmenter(dictionary, total, finalseg, posseg, charStates);
    }

    /** {@code jieba.posseg.lcut(sentence)} (HMM on): the words with their tags, in order. [any-thread] */
    public List<ToneSandhi.Word> posseg(String sentence) {
        final List<ToneSandhi.Word> out = new ArrayList<>();
        int at = 0;
        while (at < sentence.length()) {
            int end = at;
            while (end < sentence.length() && isPossegBlockChar(sentence.charAt(end))) end++;
            if (end > at) {
                possegBlock(sentence.substring(at, end), out);
                at = end;
                continue;
            }
            while (end < sentence.length() && !isPossegBlockChar(sentence.charAt(end))) end++;
            // between blocks: whitespace (\r\n as one) is one token, any other code point one more; all 'x'
            final String gap = sentence.substring(at, end);
            for (int i = 0; i < gap.length(); ) {
                final int n = gap.startsWith("\r\n", i) ? 2 : Character.charCount(gap.codePointAt(i));
                out.add(new ToneSandhi.Word(gap.substring(i, i + n), "x"));
                i += n;
            }
            at = end;
        }
        return out;
    }

    /** {@code jieba.lcut(sentence)} (HMM on, not cut_all). [any-thread] */
    public List<String> cut(String sentence) {
        final List<String> out = new ArrayList<>();
        int at = 0;
        while (at < sentence.length()) {
            int end = at;
            while (end < sentence.length() && isCutBlockChar(sentence.charAt(end))) end++;
            if (end > at) {
                cutBlock(sentence.substring(at, end), out);
                at = end;
                continue;
            }
            while (end < sentence.length() && !isCutBlockChar(sentence.charAt(end))) end++;
            final String gap = sentence.substring(at, end);
            for (int i = 0; i < gap.length(); ) {
                final int n = gap.startsWith("\r\n", i) ? 2 : Character.charCount(gap.codePointAt(i));
                out.add(gap.substring(i, i + n));
                i += n;
            }
            at = end;
        }
        return out;
    }

    /**
     * {@code jieba.lcut_for_search(sentence)} (HMM on): {@link #cut}, each word of three or more
     * characters preceded by its dictionary bigrams, and of four or more also by its trigrams.
     * [any-thread]
     */
    public List<String> cutForSearch(String sentence) {
        final List<String> out = new ArrayList<>();
        for (String w : cut(sentence)) {
            final int n = w.codePointCount(0, w.length()); // words longer than one code point are BMP-only
            if (n > 2) for (int i = 0; i + 2 <= n; i++) if (freq(w.substring(i, i + 2)) > 0) out.add(w.substring(i, i + 2));
            if (n > 3) for (int i = 0; i + 3 <= n; i++) if (freq(w.substring(i, i + 3)) > 0) out.add(w.substring(i, i + 3));
            out.add(w);
        }
        return out;
    }

    /** ToneSandhi's {@code _split_word} over this segmenter's {@link #cutForSearch}. [any-thread] */
    public ToneSandhi.WordSplitter wordSplitter() {
        return ToneSandhi.fromSearchCut(this::cutForSearch);
    }

    // --- blocks ---

    private static boolean isHan(char c) {
        return c >= '\u4e00' && c <= '\u9fd5';
    }

    private static boolean isAsciiAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    /** posseg's re_han_internal class. */
    private static boolean isPossegBlockChar(char c) {
        return isHan(c) || isAsciiAlnum(c) || c == '+' || c == '#' || c == '&' || c == '.' || c == '_';
    }

    /** jieba's re_han_default class (it adds % and - to posseg's). */
    private static boolean isCutBlockChar(char c) {
        return isPossegBlockChar(c) || c == '%' || c == '-';
    }

    private int freq(String word) {
        final Entry e = dictionary.get(word);
        return e == null ? 0 : e.freq();
    }

    private String tag(String word) {
        final Entry e = dictionary.get(word);
        return e == null || e.tag() == null ? "x" : e.tag();
    }

    /**
     * The end (exclusive) of the chosen word starting at each index: the path through the word
     * graph with the highest sum of log(freq / total); a tie goes to the longer word.
     */
    private int[] route(String s) {
        final int n = s.length();
        final int[] next = new int[n + 1];
        final double[] best = new double[n + 1];
        for (int i = n - 1; i >= 0; i--) {
            double bestProb = Double.NEGATIVE_INFINITY;
            int bestEnd = -1;
            boolean any = false;
            // candidate ends: dictionary words s[i, end) while s[i, end) is a known prefix
            for (int end = i + 1; end <= n; end++) {
                final Entry e = dictionary.get(s.substring(i, end));
                if (e == null) break;
                if (e.freq() == 0) continue;
                any = true;
                final double p = Math.log(e.freq()) - logTotal + best[end];
                if (p > bestProb || (p == bestProb && end > bestEnd)) {
                    bestProb = p;
                    bestEnd = end;
                }
            }
            if (!any) { // the character alone, frequency taken as 1
                bestProb = Math.log(1) - logTotal + best[i + 1];
                bestEnd = i + 1;
            }
            best[i] = bestProb;
            next[i] = bestEnd;
        }
        return next;
    }

    private void possegBlock(String s, List<ToneSandhi.Word> out) {
        final int[] next = route(s);
        final StringBuilder buf = new StringBuilder();
        for (int x = 0; x < s.length(); ) {
            final int y = next[x];
            if (y - x == 1) {
                buf.append(s.charAt(x));
            } else {
                flushPosseg(buf, out);
                final String word = s.substring(x, y);
                out.add(new ToneSandhi.Word(word, tag(word)));
            }
            x = y;
        }
        flushPosseg(buf, out);
    }

    /** A run of single characters: one alone keeps its tag, a dictionary word is split back, else the HMM. */
    private void flushPosseg(StringBuilder buf, List<ToneSandhi.Word> out) {
        if (buf.isEmpty()) return;
        final String run = buf.toString();
        buf.setLength(0);
        if (run.length() == 1) {
            out.add(new ToneSandhi.Word(run, tag(run)));
        } else if (freq(run) == 0) {
            possegDetail(run, out);
        } else {
            for (int i = 0; i < run.length(); i++) out.add(new ToneSandhi.Word(run.substring(i, i + 1), tag(run.substring(i, i + 1))));
        }
    }

    /** posseg's __cut_detail: Han runs through the tagging HMM; numbers 'm', letters/digits 'eng', the rest 'x'. */
    private void possegDetail(String s, List<ToneSandhi.Word> out) {
        int at = 0;
        while (at < s.length()) {
            int end = at;
            if (isHan(s.charAt(at))) {
                while (end < s.length() && isHan(s.charAt(end))) end++;
                possegHmm(s.substring(at, end), out);
                at = end;
                continue;
            }
            final char c = s.charAt(at);
            if (c == '.' || (c >= '0' && c <= '9')) { // [.0-9]+ is tried first
                while (end < s.length() && (s.charAt(end) == '.' || (s.charAt(end) >= '0' && s.charAt(end) <= '9'))) end++;
                out.add(new ToneSandhi.Word(s.substring(at, end), "m"));
            } else if (isAsciiAlnum(c)) {
                while (end < s.length() && isAsciiAlnum(s.charAt(end))) end++;
                out.add(new ToneSandhi.Word(s.substring(at, end), "eng"));
            } else {
                while (end < s.length() && !isHan(s.charAt(end)) && !isAsciiAlnum(s.charAt(end)) && s.charAt(end) != '.') end++;
                out.add(new ToneSandhi.Word(s.substring(at, end), "x"));
            }
            at = end;
        }
    }

    private void possegHmm(String s, List<ToneSandhi.Word> out) {
        final int[] path = posseg.viterbiPosseg(s, charStates);
        int begin = 0, nexti = 0;
        for (int i = 0; i < s.length(); i++) {
            final char bmes = posseg.position[path[i]];
            if (bmes == 'B') {
                begin = i;
            } else if (bmes == 'E') {
                out.add(new ToneSandhi.Word(s.substring(begin, i + 1), posseg.tag[path[i]]));
                nexti = i + 1;
            } else if (bmes == 'S') {
                out.add(new ToneSandhi.Word(s.substring(i, i + 1), posseg.tag[path[i]]));
                nexti = i + 1;
            }
        }
        if (nexti < s.length()) out.add(new ToneSandhi.Word(s.substring(nexti), posseg.tag[path[nexti]]));
    }

    private void cutBlock(String s, List<String> out) {
        final int[] next = route(s);
        final StringBuilder buf = new StringBuilder();
        for (int x = 0; x < s.length(); ) {
            final int y = next[x];
            if (y - x == 1) {
                buf.append(s.charAt(x));
            } else {
                flushCut(buf, out);
                out.add(s.substring(x, y));
            }
            x = y;
        }
        flushCut(buf, out);
    }

    private void flushCut(StringBuilder buf, List<String> out) {
        if (buf.isEmpty()) return;
        final String run = buf.toString();
        buf.setLength(0);
        if (run.length() == 1) {
            out.add(run);
        } else if (freq(run) == 0) {
            finalsegCut(run, out);
        } else {
            for (int i = 0; i < run.length(); i++) out.add(run.substring(i, i + 1));
        }
    }

    /** finalseg.cut: Han runs through the BMES HMM; between them, [a-zA-Z0-9]+(\.\d+)?%? tokens and the rest as they come. */
    private void finalsegCut(String s, List<String> out) {
        int at = 0;
        while (at < s.length()) {
            int end = at;
            if (isHan(s.charAt(at))) {
                while (end < s.length() && isHan(s.charAt(end))) end++;
                finalsegHmm(s.substring(at, end), out);
            } else if (isAsciiAlnum(s.charAt(at))) {
                while (end < s.length() && isAsciiAlnum(s.charAt(end))) end++;
                if (end + 1 < s.length() && s.charAt(end) == '.' && Character.isDigit(s.charAt(end + 1))) {
                    end++;
                    while (end < s.length() && Character.isDigit(s.charAt(end))) end++;
                }
                if (end < s.length() && s.charAt(end) == '%') end++;
                out.add(s.substring(at, end));
            } else {
                // up to the next Han character or the next place a token can start
                while (end < s.length() && !isHan(s.charAt(end)) && !isAsciiAlnum(s.charAt(end))) end++;
                out.add(s.substring(at, end));
            }
            at = end;
        }
    }

    private void finalsegHmm(String s, List<String> out) {
        final char[] path = finalseg.viterbiBmes(s);
        int begin = 0, nexti = 0;
        for (int i = 0; i < s.length(); i++) {
            if (path[i] == 'B') {
                begin = i;
            } else if (path[i] == 'E') {
                out.add(s.substring(begin, i + 1));
                nexti = i + 1;
            } else if (path[i] == 'S') {
                out.add(s.substring(i, i + 1));
                nexti = i + 1;
            }
        }
        if (nexti < s.length()) out.add(s.substring(nexti));
    }

    // --- pickles ---

    private static Object unpickle(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new Unpickler().load(in);
        } catch (RuntimeException e) {
            throw new IOException("cannot read the pickle " + file + ": " + e.getMessage(), e);
        }
    }

    private static Map<?, ?> dict(Object o, Path file) throws IOException {
        if (o instanceof Map<?, ?> m) return m;
        throw new IOException(file + ": expected a pickled dict, got " + (o == null ? "None" : o.getClass().getSimpleName()));
    }

    /**
     * An HMM's log-probability tables. States are numbered in Python's tuple order (position letter,
     * then tag), so that a higher number wins a tie as Python's {@code max} over (prob, state) does.
     */
    private static final class Hmm {
        final char[] position;
        final String[] tag; // "" for finalseg's plain BMES states
        final Map<String, Integer> ids = new HashMap<>();
        final double[] start;
        /** trans[from][to], -infinity where the table has no entry. */
        final double[][] trans;
        /** The states each state has transitions to. */
        final int[][] successors;
        final List<Map<Character, Double>> emit = new ArrayList<>();

        private Hmm(List<String> names) {
            final int n = names.size();
            position = new char[n];
            tag = new String[n];
            for (int i = 0; i < n; i++) {
                position[i] = names.get(i).charAt(0);
                tag[i] = names.get(i).substring(1);
                ids.put(names.get(i), i);
            }
            start = new double[n];
            trans = new double[n][n];
            for (double[] row : trans) Arrays.fill(row, Double.NEGATIVE_INFINITY);
            successors = new int[n][];
        }

        /** A state key of the pickles: a one-letter string (finalseg) or a tuple (letter, tag) (posseg). */
        private static String name(Object key, Path file) throws IOException {
            if (key instanceof String s && s.length() == 1) return s;
            if (key instanceof Object[] t && t.length == 2 && t[0] instanceof String p && p.length() == 1 && t[1] instanceof String g) return p + g;
            throw new IOException(file + ": unexpected HMM state " + key);
        }

        int id(Object key, Path file) throws IOException {
            final Integer id = ids.get(name(key, file));
            if (id == null) throw new IOException(file + ": state " + name(key, file) + " is not in prob_start.p");
            return id;
        }

        static Hmm read(Path folder) throws IOException {
            final Path startFile = folder.resolve("prob_start.p"), transFile = folder.resolve("prob_trans.p"), emitFile = folder.resolve("prob_emit.p");
            final Map<?, ?> startP = dict(unpickle(startFile), startFile);
            final TreeMap<String, Double> sorted = new TreeMap<>();
            for (Map.Entry<?, ?> e : startP.entrySet()) sorted.put(name(e.getKey(), startFile), ((Number) e.getValue()).doubleValue());
            final Hmm hmm = new Hmm(new ArrayList<>(sorted.keySet()));
            for (Map.Entry<String, Double> e : sorted.entrySet()) hmm.start[hmm.ids.get(e.getKey())] = e.getValue();
            for (Map.Entry<?, ?> e : dict(unpickle(transFile), transFile).entrySet()) {
                final int from = hmm.id(e.getKey(), transFile);
                final Map<?, ?> row = dict(e.getValue(), transFile);
                final int[] to = new int[row.size()];
                int k = 0;
                for (Map.Entry<?, ?> t : row.entrySet()) {
                    to[k] = hmm.id(t.getKey(), transFile);
                    hmm.trans[from][to[k++]] = ((Number) t.getValue()).doubleValue();
                }
                Arrays.sort(to);
                hmm.successors[from] = to;
            }
            for (int i = 0; i < hmm.successors.length; i++) {
                if (hmm.successors[i] == null) hmm.successors[i] = new int[0];
                hmm.emit.add(new HashMap<>());
            }
            for (Map.Entry<?, ?> e : dict(unpickle(emitFile), emitFile).entrySet()) {
                final Map<Character, Double> row = hmm.emit.get(hmm.id(e.getKey(), emitFile));
                for (Map.Entry<?, ?> c : dict(e.getValue(), emitFile).entrySet()) {
                    final String ch = (String) c.getKey();
                    if (ch.length() == 1) row.put(ch.charAt(0), ((Number) c.getValue()).doubleValue());
                }
            }
            return hmm;
        }

        private double emit(int state, char c) {
            final Double p = emit.get(state).get(c);
            return p == null ? MIN_FLOAT : p;
        }

        /** finalseg's Viterbi over B, M, E, S (each reachable from two fixed predecessors); ends in E or S. */
        char[] viterbiBmes(String obs) {
            final int b = ids.get("B"), m = ids.get("M"), e = ids.get("E"), s = ids.get("S");
            final int[][] prev = new int[position.length][];
            prev[b] = new int[] {e, s};
            prev[m] = new int[] {m, b};
            prev[s] = new int[] {s, e};
            prev[e] = new int[] {b, m};
            final int n = obs.length(), k = position.length;
            final double[][] v = new double[n][k];
            final int[][] back = new int[n][k];
            for (int y = 0; y < k; y++) v[0][y] = start[y] + emit(y, obs.charAt(0));
            for (int t = 1; t < n; t++) {
                for (int y = 0; y < k; y++) {
                    final double em = emit(y, obs.charAt(t));
                    double best = 0;
                    int arg = -1;
                    for (int y0 : prev[y]) {
                        final double tp = trans[y0][y] == Double.NEGATIVE_INFINITY ? MIN_FLOAT : trans[y0][y];
                        final double p = v[t - 1][y0] + tp + em;
                        if (arg < 0 || p > best || (p == best && y0 > arg)) {
                            best = p;
                            arg = y0;
                        }
                    }
                    v[t][y] = best;
                    back[t][y] = arg;
                }
            }
            int state = v[n - 1][e] > v[n - 1][s] || (v[n - 1][e] == v[n - 1][s] && e > s) ? e : s;
            final char[] path = new char[n];
            for (int t = n - 1; t >= 0; t--) {
                path[t] = position[state];
                state = back[t][state];
            }
            return path;
        }

        /**
         * posseg's Viterbi: each character is limited to its states in char_state_tab (all states when
         * absent) that some live state can move to; when none can, any state a live one moves to.
         */
        int[] viterbiPosseg(String obs, Map<Character, int[]> charStates) {
            final int n = obs.length(), k = position.length;
            final double[][] v = new double[n][k];
            final int[][] back = new int[n][k];
            boolean[] live = new boolean[k];
            final int[] first = charStates.get(obs.charAt(0));
            for (int y = 0; y < k; y++) live[y] = first == null;
            if (first != null) for (int y : first) live[y] = true;
            for (int y = 0; y < k; y++) if (live[y]) v[0][y] = start[y] + emit(y, obs.charAt(0));
            for (int t = 1; t < n; t++) {
                final List<Integer> prev = new ArrayList<>();
                final boolean[] reachable = new boolean[k];
                boolean anyReachable = false;
                for (int y0 = 0; y0 < k; y0++) {
                    if (!live[y0] || successors[y0].length == 0) continue;
                    prev.add(y0);
                    for (int y : successors[y0]) reachable[y] = anyReachable = true;
                }
                final boolean[] next = new boolean[k];
                boolean anyNext = false;
                final int[] allowed = charStates.get(obs.charAt(t));
                if (allowed == null) {
                    for (int y = 0; y < k; y++) if (reachable[y]) next[y] = anyNext = true;
                } else {
                    for (int y : allowed) if (reachable[y]) next[y] = anyNext = true;
                }
                if (!anyNext) {
                    for (int y = 0; y < k; y++) next[y] = anyReachable ? reachable[y] : true;
                }
                for (int y = 0; y < k; y++) {
                    if (!next[y]) continue;
                    final double em = emit(y, obs.charAt(t));
                    double best = 0;
                    int arg = -1;
                    for (int y0 : prev) {
                        final double p = v[t - 1][y0] + trans[y0][y] + em;
                        if (arg < 0 || p > best || (p == best && y0 > arg)) {
                            best = p;
                            arg = y0;
                        }
                    }
                    v[t][y] = best;
                    back[t][y] = arg;
                }
                live = next;
            }
            int state = -1;
            for (int y = 0; y < k; y++) {
                if (live[y] && (state < 0 || v[n - 1][y] > v[n - 1][state] || (v[n - 1][y] == v[n - 1][state] && y > state))) state = y;
            }
            final int[] path = new int[n];
            for (int t = n - 1; t >= 0; t--) {
                path[t] = state;
                state = back[t][state];
            }
            return path;
        }
    }
}
