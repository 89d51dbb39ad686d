package org.understudy.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The editor in a host window, under a real X server: {@code editor_host} (native/test) plays the
 * host, opens an X11 window and attaches Understudy's view to it. With Java, the Swing editor must
 * appear inside that window; without Java, the shim's own message must. Screenshots are left in
 * native/target/ for a person to look at.
 */
class EditorIT {
    private static Path so;
    private static Path host;

    @BeforeAll
    static void locate() {
        final String display = System.getenv("DISPLAY");
        assertTrue(display != null && !display.isEmpty(), "EditorIT needs an X server: run the tests under xvfb-run");
        so = Path.of(System.getProperty("understudy.bundle"), "Contents/x86_64-linux/Understudy.so");
        host = Path.of(System.getProperty("understudy.cmake"), "editor_host");
        assertTrue(Files.isExecutable(host), "editor_host was not built: " + host);
    }

    @Test
    void theSwingEditorOpensInsideTheHostWindow() throws Exception {
        final Path shot = Path.of(System.getProperty("understudy.cmake")).getParent().resolve("editor-java.png");
        final String out = run(List.of("--expect", "java"), Map.of(), shot);
        assertTrue(out.contains("EDITOR_OK"), out);
    }

    @Test
    void withoutJavaTheEditorSaysWhy() throws Exception {
        final Path shot = Path.of(System.getProperty("understudy.cmake")).getParent().resolve("editor-no-java.png");
        final String out = run(List.of("--expect", "message"),
                Map.of("JAVA_HOME", "/nonexistent", "PATH", "/nonexistent", "UNDERSTUDY_JAVA_HOME", ""), shot);
        assertTrue(out.contains("EDITOR_OK"), out);
        assertTrue(out.contains("No Java 17+ runtime found"), "the shim must log why Java is missing:\n" + out);
    }

    private static String run(List<String> args, Map<String, String> env, Path png) throws IOException, InterruptedException {
        final Path ppm = Files.createTempFile("editor", ".ppm");
        final List<String> command = new ArrayList<>(List.of(host.toString(), so.toString()));
        command.addAll(args);
        command.addAll(List.of("--screenshot", ppm.toString()));
        final ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        final Process p = pb.start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "editor_host hung");
        System.out.println(out);
        assertEquals(0, p.exitValue(), out);
        ImageIO.write(readPpm(ppm), "png", png.toFile());
        Files.delete(ppm);
        return out;
    }

    /** Binary PPM (P6, 8-bit) as written by editor_host. */
    private static BufferedImage readPpm(Path file) throws IOException {
        try (InputStream raw = Files.newInputStream(file); DataInputStream in = new DataInputStream(raw)) {
            final String magic = token(in);
            if (!magic.equals("P6")) throw new IOException("not a P6 PPM: " + magic);
            final int w = Integer.parseInt(token(in)), h = Integer.parseInt(token(in)), max = Integer.parseInt(token(in));
            if (max != 255) throw new IOException("unsupported PPM depth " + max);
            final BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) image.setRGB(x, y, (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8) | in.readUnsignedByte());
            }
            return image;
        }
    }

    private static String token(DataInputStream in) throws IOException {
        final StringBuilder s = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (Character.isWhitespace(c)) {
                if (s.length() > 0) break;
            } else {
                s.append((char) c);
            }
        }
        return s.toString();
    }
}
