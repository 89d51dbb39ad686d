package org.understudy.engine.render;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.understudy.engine.audio.WavFile;
import org.understudy.engine.preset.VoicePreset;

/**
 * Finished cue audio kept by content hash (text, voice preset, its lexicon's content and for GPT-SoVITS
 * its models' and recordings' hashes, settings with the seed, rate, engine revision), so a re-render of
 * unchanged cues is instant. One float WAV per cue; an unreadable entry is a miss and is replaced.
 * [engine-worker]
 */
public final class RenderCache {
    /** Bump when the audio the engine makes for the same input changes. */
    static final int ENGINE_REVISION = 2;

    private final Path folder;

    public RenderCache(Path folder) {
        this.folder = folder;
    }

    /** {@code identity}: what else decides the audio (the lexicon's content; a GPT-SoVITS voice's model and recording hashes). */
    static String key(String text, VoicePreset voice, String identity, Map<String, Object> settings, int rate) {
        return FileHashes.combine(java.util.List.of("understudy-render-cache", ENGINE_REVISION, text, voice, identity, settings, rate));
    }

    /** Where reference features (prompt tokens, spectrograms, speaker embeddings) are kept. */
    Path referenceFolder() {
        return folder.resolve("references");
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
