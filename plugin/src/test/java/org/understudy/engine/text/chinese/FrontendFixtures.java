package org.understudy.engine.text.chinese;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
}
