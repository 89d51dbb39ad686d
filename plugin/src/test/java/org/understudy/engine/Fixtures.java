package org.understudy.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The GPT-SoVITS fixture files copied into the test resources ({@code fixtures/gpt-sovits/<case>/}). */
public final class Fixtures {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {}

    public static Path path(String caseName, String file) {
        final String resource = "/fixtures/gpt-sovits/" + caseName + "/" + file;
        final URL url = Fixtures.class.getResource(resource);
        if (url == null) throw new IllegalStateException("missing test resource " + resource);
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode manifest(String caseName) throws IOException {
        return JSON.readTree(path(caseName, "manifest.json").toFile());
    }

    /** A JSON object as an ordered map of plain values, to compare with a checkpoint's config. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> asMap(JsonNode node) {
        return JSON.convertValue(node, LinkedHashMap.class);
    }
}
