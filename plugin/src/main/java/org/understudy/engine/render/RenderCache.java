package org.understudy.engine.render;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.understudy.engine.audio.WavFile;
import org.understudy.engine.preset.VoicePreset;

/**
 * Finished cue audio kept by content hash (text, voice preset and its lexicon's content, settings, rate,
 * engine revision), so a re-render of unchanged cues is instant. One float WAV per cue; an unreadable
 * entry is a miss and is replaced. [engine-worker]
 */
public final class RenderCache {
    /** Bump when the audio the engine makes for the same input changes. */
    static final int ENGINE_REVISION = 1;

    private final Path folder;

    public RenderCache(Path folder) {
        this.folder = folder;
    }

    static String key(String text, VoicePreset voice, String lexicon, Map<String, Object> settings, int rate) {
        try {
            final MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Object part : new Object[] {"understudy-render-cache", ENGINE_REVISION, text, voice, lexicon, settings, rate}) {
                final byte[] bytes = String.valueOf(part).getBytes(StandardCharsets.UTF_8);
                sha.update(HexFormat.of().formatHex(new byte[] {(byte) (bytes.length >>> 24), (byte) (bytes.length >>> 16), (byte) (bytes.length >>> 8), (byte) bytes.length}).getBytes(StandardCharsets.US_ASCII));
                sha.update(bytes);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java", e);
        }
    }

    Optional<float[]> get(String key, int rate) {
        final Path f = file(key);
        if (!Files.isRegularFile(f)) return Optional.empty();
        try {
            final WavFile.Audio a = WavFile.read(f);
            if (a.sampleRate() == rate && a.samples().length == 1) return Optional.of(a.samples()[0]);
        } catch (IOException | RuntimeException e) {
            // damaged entry: rendered again below
        }
        try {
            Files.deleteIfExists(f);
        } catch (IOException ignored) {
            // the next put replaces it
        }
        return Optional.empty();
    }

    void put(String key, float[] audio, int rate) throws IOException {
        Files.createDirectories(folder);
        WavFile.write(file(key), new float[][] {audio}, rate, WavFile.Format.FLOAT32, "", Map.of());
    }

    private Path file(String key) {
        return folder.resolve(key + ".wav");
    }
}
