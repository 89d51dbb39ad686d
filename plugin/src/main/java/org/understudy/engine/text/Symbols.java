package org.understudy.engine.text;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The phoneme symbol tables of {@code text/symbols.py} (v1, 322 symbols) and {@code text/symbols2.py}
 * (v2 and later, 732 symbols); an id is the index in the table, as in {@code cleaned_text_to_sequence}.
 * The v2 list is the resource {@code symbols_v2.txt}, one symbol per line, written from the golden
 * {@code symbols_v2.json} (which ran upstream); v1 is its first 322 entries (upstream appends the v2
 * groups after the sorted v1 list). A phone missing from the table becomes {@code UNK}, as
 * {@code cleaner.clean_text} does.
 */
public final class Symbols {
    public static final String UNK = "UNK";

    private static final List<String> V2_LIST = load();
    /** v1: the sorted v1 groups, which are also the first 322 v2 ids. */
    public static final Symbols V1 = new Symbols("v1", V2_LIST.subList(0, 322));
    /** v2 and every later model version (v2Pro, v2ProPlus, v3, v4) use this table. */
    public static final Symbols V2 = new Symbols("v2", V2_LIST);

    private final String name;
    private final List<String> symbols;
    private final Map<String, Integer> ids = new HashMap<>();

    private Symbols(String name, List<String> symbols) {
        this.name = name;
        this.symbols = Collections.unmodifiableList(new ArrayList<>(symbols));
        for (int i = 0; i < symbols.size(); i++) ids.put(symbols.get(i), i);
    }

    /** [any-thread] The table of a model version: {@code v1} → v1, every other version → v2, as upstream. */
    public static Symbols forVersion(String version) {
        return "v1".equals(version) ? V1 : V2;
    }

    /** [any-thread] The id of a phone; a phone not in the table gets {@code UNK}'s id. */
    public int id(String symbol) {
        final Integer id = ids.get(symbol);
        return id != null ? id : ids.get(UNK);
    }

    /** [any-thread] The ids of phones, each through {@link #id}. */
    public int[] ids(List<String> phones) {
        final int[] out = new int[phones.size()];
        for (int i = 0; i < out.length; i++) out[i] = id(phones.get(i));
        return out;
    }

    /** [any-thread] */
    public boolean contains(String symbol) {
        return ids.containsKey(symbol);
    }

    /** [any-thread] The symbol with this id. */
    public String symbol(int id) {
        return symbols.get(id);
    }

    /** [any-thread] */
    public int size() {
        return symbols.size();
    }

    /** [any-thread] The table in id order. */
    public List<String> list() {
        return symbols;
    }

    @Override
    public String toString() {
        return "symbols " + name + " (" + symbols.size() + ")";
    }

    private static List<String> load() {
        try (InputStream in = Symbols.class.getResourceAsStream("symbols_v2.txt")) {
            if (in == null) throw new IllegalStateException("missing resource symbols_v2.txt");
            final List<String> out = new ArrayList<>();
            final BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = reader.readLine()) != null; ) if (!line.isEmpty()) out.add(line);
            if (out.size() != 732) throw new IllegalStateException("symbols_v2.txt has " + out.size() + " symbols, expected 732");
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
