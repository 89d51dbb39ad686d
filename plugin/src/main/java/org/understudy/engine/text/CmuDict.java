package org.understudy.engine.text;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import net.razorvine.pickle.Unpickler;

/**
 * The pronouncing dictionaries of {@code text/english.py}, read from a GPT-SoVITS {@code GPT_SoVITS/text/}
 * folder: {@code read_dict_new()} ({@code cmudict.rep} from line 57 on, keyed by the lower-cased first
 * field, so {@code WORD(1)} variants are separate keys; then {@code cmudict-fast.rep} for words not yet
 * present), then {@code hot_reload_hot()} ({@code engdict-hot.rep} overrides), then the deletions in
 * {@code en_G2p.__init__}. The name dictionary is {@code namedict_cache.pickle}, when present.
 * Upstream keeps one pronunciation per word, and so does this class.
 */
public final class CmuDict {
    private static final Logger LOG = Logger.getLogger("understudy.text");
    /** {@code en_G2p.__init__}: abbreviations removed because the dictionary misreads them. */
    private static final List<String> DELETED = List.of("ae", "ai", "ar", "ios", "hud", "os");

    private final Map<String, List<String>> words;
    private final Map<String, List<String>> names;

    private CmuDict(Map<String, List<String>> words, Map<String, List<String>> names) {
        this.words = words;
        this.names = names;
    }

    /** [any-thread] No dictionary: every English word goes to the letter-to-sound fallback (the guide voice without a GPT-SoVITS folder). */
    public static CmuDict empty() {
        return new CmuDict(Map.of(), Map.of());
    }

    /** [engine-worker] Reads the dictionaries from a {@code GPT_SoVITS/text/} folder. */
    public static CmuDict load(Path textFolder) throws IOException {
        final Map<String, List<String>> words = new HashMap<>(160_000);
        final Path cmu = textFolder.resolve("cmudict.rep");
        if (!Files.isRegularFile(cmu)) throw new IOException(cmu + " not found: is this a GPT-SoVITS GPT_SoVITS/text folder?");
        readLines(cmu, (index, line) -> {
            if (index < 57) return;
            final List<String> fields = pySplit(line.strip(), "  ");
            if (fields.size() < 2) throw new IOException(cmu + " line " + index + ": no pronunciation");
            words.put(fields.get(0).toLowerCase(java.util.Locale.ROOT), pySplit(fields.get(1), " "));
        });
        readLines(textFolder.resolve("cmudict-fast.rep"), (index, line) -> {
            final List<String> fields = pySplit(line.strip(), " ");
            words.putIfAbsent(fields.get(0).toLowerCase(java.util.Locale.ROOT), fields.subList(1, fields.size()));
        });
        readLines(textFolder.resolve("engdict-hot.rep"), (index, line) -> {
            final List<String> fields = pySplit(line.strip(), " ");
            words.put(fields.get(0).toLowerCase(java.util.Locale.ROOT), fields.subList(1, fields.size()));
        });
        for (String word : DELETED) words.remove(word);
        final Map<String, List<String>> names = readNames(textFolder.resolve("namedict_cache.pickle"));
        LOG.info(textFolder + ": " + words.size() + " dictionary words, " + names.size() + " names");
        return new CmuDict(Collections.unmodifiableMap(words), names);
    }

    /** [any-thread] {@code cmu[word][0]} for a lower-case word, or null when absent. */
    public List<String> word(String lowerCase) {
        return words.get(lowerCase);
    }

    /** [any-thread] {@code namedict[word][0]} for a lower-case name, or null when absent. */
    public List<String> name(String lowerCase) {
        return names.get(lowerCase);
    }

    /** [any-thread] */
    public int size() {
        return words.size();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, List<String>> readNames(Path pickle) throws IOException {
        if (!Files.isRegularFile(pickle)) {
            LOG.info(pickle + " not found: no name dictionary, as upstream");
            return Map.of();
        }
        final Object loaded;
        try (InputStream in = Files.newInputStream(pickle)) {
            loaded = new Unpickler().load(in);
        }
        if (!(loaded instanceof Map<?, ?> map)) throw new IOException(pickle + ": not a dict");
        final Map<String, List<String>> names = new HashMap<>(map.size() * 2);
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getValue() instanceof List<?> prons) || prons.isEmpty() || !(prons.get(0) instanceof List<?> first)) {
                throw new IOException(pickle + ": entry " + e.getKey() + " is not a list of pronunciations");
            }
            names.put((String) e.getKey(), List.copyOf((List<String>) first));
        }
        return Collections.unmodifiableMap(names);
    }

    private interface LineHandler {
        void line(int index, String line) throws IOException;
    }

    /** Lines numbered from 1, as upstream's {@code line_index}; Python's default UTF-8 text mode. */
    private static void readLines(Path file, LineHandler handler) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int index = 1;
            for (String line; (line = reader.readLine()) != null; index++) handler.line(index, line);
        }
    }

    /** Python's {@code str.split(sep)}: every field, empty ones included. */
    static List<String> pySplit(String s, String sep) {
        final List<String> out = new ArrayList<>();
        int from = 0;
        for (int at; (at = s.indexOf(sep, from)) >= 0; from = at + sep.length()) out.add(s.substring(from, at));
        out.add(s.substring(from));
        return List.copyOf(out);
    }
}
