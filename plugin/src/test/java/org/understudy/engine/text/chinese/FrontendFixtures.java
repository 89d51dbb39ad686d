package org.understudy.engine.text.chinese;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/** The text-frontend golden files in {@code fixtures/gpt-sovits-frontend/} and the shared GPT-SoVITS data files. */
final class FrontendFixtures {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FrontendFixtures() {}

    static JsonNode json(String file) throws IOException {
        final String resource = "/fixtures/gpt-sovits-frontend/" + file;
        try (InputStream in = FrontendFixtures.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing test resource " + resource);
            return JSON.readTree(in);
        }
    }

    /** A file of upstream's {@code GPT_SoVITS/text/}, from {@code <understudy.shared>/gsv-data/}. */
    static Path gsvData(String file) {
        final String shared = System.getProperty("understudy.shared");
        if (shared == null) throw new IllegalStateException("system property understudy.shared is not set (surefire sets it to ../shared)");
        final Path path = Path.of(shared, "gsv-data", file);
        if (!Files.isRegularFile(path)) throw new IllegalStateException("missing GPT-SoVITS data file " + path);
        return path;
    }

    static List<String> strings(JsonNode array) {
        final List<String> out = new ArrayList<>();
        for (JsonNode x : array) out.add(x.asText());
        return out;
    }

    /**
     * The pypinyin finals a golden case records (its posseg words and merged words, keyed by
     * {@code key}); a word not recorded is composed from recorded pieces, longest first, and
     * {@code missing} answers when that fails.
     */
    static ToneSandhi.FinalsLookup recordedFinals(JsonNode c, UnaryOperator<String> key, Function<String, List<String>> missing) {
        final Map<String, List<String>> known = new HashMap<>();
        final JsonNode posseg = c.path("posseg"), finals = c.path("posseg_finals");
        for (int i = 0; i < posseg.size(); i++) known.put(key.apply(posseg.get(i).get(0).asText()), strings(finals.get(i)));
        for (JsonNode w : c.path("words")) known.put(key.apply(w.path("word").asText()), strings(w.path("finals")));
        return word -> {
            final List<String> direct = known.get(word);
            if (direct != null) return direct;
            final List<String> composed = new ArrayList<>();
            int at = 0;
            outer:
            while (at < word.length()) {
                for (int end = word.length(); end > at; end--) {
                    final List<String> part = known.get(word.substring(at, end));
                    if (part != null) {
                        composed.addAll(part);
                        at = end;
                        continue outer;
                    }
                }
                return missing.apply(word);
            }
            return composed;
        };
    }
}
