package org.understudy.engine.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ORT 1.29's telemetry client writes {@code $XDG_CACHE_HOME} (or {@code $HOME/.cache}) {@code /Microsoft/...}
 * unless ORT_DISABLE_TELEMETRY=1 is set before ORT starts. Each case runs in a fresh JVM whose home and
 * cache folders are temporary, so the real home is never touched and ORT has not started yet.
 */
class TelemetryTest {
    @Test
    void theEngineStartsOrtWithTelemetryOffAndNothingLandsInTheCache(@TempDir Path home) throws Exception {
        final String out = fork("engine", home);
        assertTrue(out.contains("ran [0.0, 2.0]"), out);
        assertTrue(out.contains("ORT_DISABLE_TELEMETRY=1"), "the variable is set in the process's C environment:\n" + out);
        assertFalse(Files.exists(home.resolve(".cache/Microsoft")), "ORT wrote " + listing(home));
        assertFalse(Files.exists(home.resolve("xdg/Microsoft")), "ORT wrote " + listing(home));
    }

    /** The control: without OnnxRuntime the same run does write the cache, so the test above can fail. */
    @Test
    void ortStartedDirectlyWritesItsTelemetryCache(@TempDir Path home) throws Exception {
        final String out = fork("bare", home);
        assertTrue(out.contains("ran [0.0, 2.0]"), out);
        assertTrue(out.contains("ORT_DISABLE_TELEMETRY=null"), out);
        assertTrue(Files.exists(home.resolve("xdg/Microsoft/DeveloperTools/.onnxruntime/deviceid")),
                "ORT 1.29 is expected to write its device id when telemetry is on; found " + listing(home));
    }

    @Test
    void inThisJvmTheVariableIsSetOnceOrtRuns() {
        OnnxRuntime.environment();
        assertTrue(OnnxRuntime.telemetryDisabled());
    }

    @Test
    void onlyOnnxRuntimeStartsOrt() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            final List<String> starters = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> read(f).contains("OrtEnvironment.getEnvironment")).map(f -> f.getFileName().toString()).toList();
            assertEquals(List.of("OnnxRuntime.java"), starters);
        }
    }

    private static String fork(String mode, Path home) throws Exception {
        final Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        final ProcessBuilder pb = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                TelemetryProbe.class.getName(), mode).redirectErrorStream(true);
        pb.environment().remove(OnnxRuntime.TELEMETRY_VARIABLE);
        // ORT 1.29 keeps telemetry off by itself when CI is set; the forks must see a user's environment
        pb.environment().remove("CI");
        pb.environment().put("HOME", home.toString());
        pb.environment().put("XDG_CACHE_HOME", home.resolve("xdg").toString());
        final Process p = pb.start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "probe did not finish");
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    private static String listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.map(dir::relativize).map(Path::toString).toList().toString();
        }
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
