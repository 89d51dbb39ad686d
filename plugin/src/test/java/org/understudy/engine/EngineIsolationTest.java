package org.understudy.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The engine knows nothing of the UI, the host bridge or JNA: frontends call it, never the reverse. */
class EngineIsolationTest {
    private static final List<String> FORBIDDEN = List.of("import javax.swing", "import java.awt", "import com.sun.jna",
            "import org.understudy.bridge", "import org.understudy.ui", "import org.understudy.daw");
    /** The one exception: libc setenv, so that ONNX Runtime starts with telemetry off (see OnnxRuntime). */
    private static final Path JNA_ALLOWED = Path.of("src/main/java/org/understudy/engine/onnx/ProcessEnv.java");

    @Test
    void engineImportsNoFrontend() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/main/java/org/understudy/engine"))) {
            final List<String> offenders = files.filter(f -> f.toString().endsWith(".java"))
                    .flatMap(f -> lines(f).stream().filter(l -> FORBIDDEN.stream().anyMatch(l::startsWith))
                            .filter(l -> !(f.equals(JNA_ALLOWED) && l.startsWith("import com.sun.jna"))).map(l -> f.getFileName() + ": " + l))
                    .toList();
            assertEquals(List.of(), offenders);
        }
    }

    private static List<String> lines(Path f) {
        try {
            return Files.readAllLines(f);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
