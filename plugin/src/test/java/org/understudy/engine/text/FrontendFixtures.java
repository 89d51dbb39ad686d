package org.understudy.engine.text;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The text-frontend golden files copied into the test resources
 * ({@code fixtures/gpt-sovits-frontend/}), and an agreement counter that prints "equal / total" per
 * section and fails listing every disagreement.
 */
public final class FrontendFixtures {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FrontendFixtures() {}

    public static JsonNode load(String file) throws IOException {
        final String resource = "/fixtures/gpt-sovits-frontend/" + file;
        try (InputStream in = FrontendFixtures.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing test resource " + resource);
            return JSON.readTree(in);
        }
    }

    /** Same as {@link #load}. */
    public static JsonNode json(String file) throws IOException {
        return load(file);
    }

    /** {@code ../shared/gsv-data}, which stands in for a user's {@code GPT_SoVITS/text/} folder. */
    public static Path gsvData() {
        final String shared = System.getProperty("understudy.shared");
        if (shared == null) throw new IllegalStateException("system property understudy.shared is not set (surefire sets it; see the root pom)");
        final Path dir = Path.of(shared, "gsv-data");
        if (!Files.isRegularFile(dir.resolve("cmudict.rep"))) {
            throw new IllegalStateException(dir + " has no cmudict.rep: the shared GPT-SoVITS data folder is missing");
        }
        return dir;
    }

    /** jieba's folder (dict.txt and its tables): {@code -Dunderstudy.jieba}, else Debian's python3-jieba. */
    public static Path jiebaFolder() {
        final Path folder = Path.of(System.getProperty("understudy.jieba", "/usr/lib/python3/dist-packages/jieba"));
        if (!Files.isRegularFile(folder.resolve("dict.txt"))) {
            throw new IllegalStateException("no jieba 0.42.1 at " + folder + ": install python3-jieba or set -Dunderstudy.jieba=<folder with dict.txt>");
        }
        return folder;
    }

    public static List<String> strings(JsonNode array) {
        final List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** Counts cases of one section and remembers the ones that differ. */
    public static final class Agreement {
        private final String section;
        private final List<String> failures = new ArrayList<>();
        private int total;

        public Agreement(String section) {
            this.section = section;
        }

        public void check(String input, Object expected, Object actual) {
            total++;
            if (!Objects.equals(expected, actual)) {
                failures.add("input " + quote(input) + "\n    expected " + quote(expected) + "\n    actual   " + quote(actual));
            }
        }

        /** Prints the agreement rate and fails if any case differed (or none ran). */
        public void assertAll() {
            System.out.printf("golden %s: %d / %d equal%n", section, total - failures.size(), total);
            assertTrue(total > 0, section + ": no cases");
            assertTrue(failures.isEmpty(), section + ": " + failures.size() + " of " + total + " differ:\n" + String.join("\n", failures));
        }

        private static String quote(Object o) {
            return o == null ? "null" : String.valueOf(o).replace("\n", "\\n");
        }
    }
}
