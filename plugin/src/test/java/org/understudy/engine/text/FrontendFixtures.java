package org.understudy.engine.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The golden frontend files ({@code fixtures/gpt-sovits-frontend/}) and the shared GPT-SoVITS data folder. */
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

    static List<String> strings(JsonNode array) {
        final List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** {@code ../shared/gsv-data}, which stands in for a user's {@code GPT_SoVITS/text/} folder. */
    static Path gsvData() {
        final String shared = System.getProperty("understudy.shared");
        if (shared == null) throw new IllegalStateException("system property understudy.shared is not set (surefire sets it; see the root pom)");
        final Path dir = Path.of(shared, "gsv-data");
        if (!Files.isRegularFile(dir.resolve("cmudict.rep"))) {
            throw new IllegalStateException(dir + " has no cmudict.rep: the shared GPT-SoVITS data folder is missing");
        }
        return dir;
    }
}
