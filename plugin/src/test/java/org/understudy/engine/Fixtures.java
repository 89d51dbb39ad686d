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

    /** A 16-bit mono WAV of a fixture as floats (sample / 32768), with its rate checked. */
    public static float[] wavMono16(String caseName, String file, float rate) throws IOException {
        try (javax.sound.sampled.AudioInputStream in = javax.sound.sampled.AudioSystem.getAudioInputStream(path(caseName, file).toFile())) {
            final javax.sound.sampled.AudioFormat format = in.getFormat();
            if (format.getChannels() != 1 || format.getSampleSizeInBits() != 16 || format.getSampleRate() != rate) {
                throw new IllegalStateException(file + " is " + format + ", expected 16-bit mono at " + rate + " Hz");
            }
            final java.nio.ByteBuffer bytes = java.nio.ByteBuffer.wrap(in.readAllBytes())
                    .order(format.isBigEndian() ? java.nio.ByteOrder.BIG_ENDIAN : java.nio.ByteOrder.LITTLE_ENDIAN);
            final float[] wav = new float[bytes.remaining() / 2];
            for (int i = 0; i < wav.length; i++) wav[i] = bytes.getShort() / 32768f;
            return wav;
        } catch (javax.sound.sampled.UnsupportedAudioFileException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
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
