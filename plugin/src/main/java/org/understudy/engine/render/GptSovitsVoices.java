package org.understudy.engine.render;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.understudy.engine.Npy;
import org.understudy.engine.audio.AudioFile;
import org.understudy.engine.audio.ReferenceAnalysis;
import org.understudy.engine.audio.ReferenceAudioException;
import org.understudy.engine.audio.WavFile;
import org.understudy.engine.gptsovits.SynthesizerTrn;
import org.understudy.engine.gptsovits.Tts;
import org.understudy.engine.onnx.SessionConfig;
import org.understudy.engine.preset.VoicePreset;

/**
 * The GPT-SoVITS voices a render service has loaded, and their reference features. A reference is read,
 * checked (silence, clipping, noise, upstream's 3–10 s) and analysed once; its features (prompt tokens,
 * style spectrograms, speaker embeddings) are kept in memory and, with a folder, on disk keyed by the
 * content of the recordings and of the models that made them. [engine-worker]
 */
public final class GptSovitsVoices implements AutoCloseable {
    /** Bump when the features made from the same files change. */
    static final int FEATURE_REVISION = 1;

    /** Where the models come from: the preset's files, or (benchmarks) models built from random weights. */
    public interface Loader {
        /** [engine-worker] The voice's models. */
        Tts load(VoicePreset voice, SessionConfig session) throws IOException;

        /** [engine-worker] What identifies the models' output, for the render cache. */
        String identity(VoicePreset voice) throws IOException;
    }

    /** The preset's GPT and SoVITS files with the install's pretrained models; identified by their SHA-256. */
    static final Loader FILES = new Loader() {
        @Override
        public Tts load(VoicePreset voice, SessionConfig session) throws IOException {
            final VoicePreset.GptSovits g = voice.gptSovits().orElseThrow();
            return Tts.load(g.gpt(), g.sovits(), new Tts.Install(g.install()), session);
        }

        @Override
        public String identity(VoicePreset voice) throws IOException {
            final VoicePreset.GptSovits g = voice.gptSovits().orElseThrow();
            for (Path file : List.of(g.gpt(), g.sovits())) {
                if (!Files.isRegularFile(file)) throw new IOException("voice \"" + voice.id() + "\": model file " + file + " does not exist");
            }
            return FileHashes.combine(List.of(FileHashes.of(g.gpt()), FileHashes.of(g.sovits())));
        }
    };

    private final SessionConfig session;
    private final Loader loader;
    private final Optional<Path> featureFolder;
    /** The loaded voices, least recently used first. */
    private final Map<List<Path>, Tts> loaded = new LinkedHashMap<>(16, 0.75f, true);
    private final long budgetBytes;
    private final Map<String, Tts.ReferenceFeatures> features = new LinkedHashMap<>();
    private int featuresFromDisk;

    /**
     * Loaded voices are kept while their models fit in {@code budgetBytes} (estimated); past it the least
     * recently used are closed, never the one just asked for. {@code understudy.modelBudgetMb} sets the
     * default, 4096 MB.
     */
    GptSovitsVoices(SessionConfig session, Loader loader, Path featureFolder) {
        this(session, loader, featureFolder, Long.getLong("understudy.modelBudgetMb", 4096) << 20);
    }

    GptSovitsVoices(SessionConfig session, Loader loader, Path featureFolder, long budgetBytes) {
        this.session = session;
        this.loader = loader;
        this.budgetBytes = budgetBytes;
        this.featureFolder = Optional.ofNullable(featureFolder);
    }

    /** The voice's models, loaded on first use. */
    Tts tts(VoicePreset voice) throws IOException {
        final VoicePreset.GptSovits g = voice.gptSovits().orElseThrow();
        final List<Path> key = List.of(g.gpt(), g.sovits(), g.install());
        Tts t = loaded.get(key);
        if (t == null) {
            t = loader.load(voice, session);
            loaded.put(key, t);
        }
        evictBeyondBudget(key);
        return t;
    }

    /** Closes the least recently used voices (not {@code keep}) while the loaded models exceed the budget. */
    private void evictBeyondBudget(List<Path> keep) {
        long total = 0;
        for (Tts t : loaded.values()) total += t.memoryBytes();
        for (var it = loaded.entrySet().iterator(); total > budgetBytes && it.hasNext();) {
            final Map.Entry<List<Path>, Tts> e = it.next();
            if (e.getKey().equals(keep)) continue;
            total -= e.getValue().memoryBytes();
            e.getValue().close();
            it.remove();
        }
    }

    /** How many voices have their models loaded. */
    int loadedVoices() {
        return loaded.size();
    }

    /** What identifies the voice's output besides its settings: the content of its models and recordings. */
    String identity(VoicePreset voice) throws IOException {
        final VoicePreset.GptSovits g = voice.gptSovits().orElseThrow();
        final String models = loader.identity(voice);
        if (g.references().isEmpty()) {
            throw new IllegalArgumentException("voice \"" + voice.id() + "\" has no reference recording: add one (3-10 s, with its transcript and language) to gptSovits.references");
        }
        for (VoicePreset.Reference r : g.references()) {
            if (!Files.isRegularFile(r.audio())) throw new IOException("voice \"" + voice.id() + "\": reference recording " + r.audio() + " does not exist");
        }
        final List<Object> parts = new ArrayList<>(List.of(models));
        for (VoicePreset.Reference r : g.references()) parts.addAll(List.of(FileHashes.of(r.audio()), r.text(), r.language()));
        return FileHashes.combine(parts);
    }

    /** How many reference analyses were read back from disk rather than computed. */
    int featuresFromDisk() {
        return featuresFromDisk;
    }

    /** The references' features; warnings about the recordings (clipping, noise) go to {@code warnings}. */
    Tts.ReferenceFeatures references(VoicePreset voice, Tts tts, List<String> warnings) throws IOException {
        final VoicePreset.GptSovits g = voice.gptSovits().orElseThrow();
        final List<Object> keyParts = new ArrayList<>(List.of("understudy-reference-features", FEATURE_REVISION, tts.version(),
                loader.identity(voice), Files.isDirectory(tts.install().hubert()) ? FileHashes.of(tts.install().hubert()) : "no HuBERT folder"));
        if (tts.version().startsWith("v2Pro") && Files.isRegularFile(tts.install().speakerModel())) keyParts.add(FileHashes.of(tts.install().speakerModel()));
        final List<Tts.Recording> recordings = new ArrayList<>();
        for (VoicePreset.Reference r : g.references()) {
            keyParts.add(FileHashes.of(r.audio()));
            recordings.add(read(voice, r, warnings));
        }
        final String key = FileHashes.combine(keyParts);
        Tts.ReferenceFeatures f = features.get(key);
        if (f == null) f = fromDisk(key, g.references().size());
        if (f == null) {
            try {
                f = tts.referenceFeatures(recordings);
            } catch (ReferenceAudioException e) {
                throw new IllegalArgumentException("voice \"" + voice.id() + "\": reference " + e.getMessage()
                        + "; `understudy prepare-reference` trims a recording to a usable 3-10 s");
            }
            toDisk(key, f);
        }
        features.put(key, f);
        return f;
    }

    private static Tts.Recording read(VoicePreset voice, VoicePreset.Reference r, List<String> warnings) throws IOException {
        final WavFile.Audio audio;
        try {
            audio = AudioFile.read(r.audio());
        } catch (IOException | RuntimeException e) {
            throw new IOException("voice \"" + voice.id() + "\": reference recording " + r.audio() + " cannot be read: " + e.getMessage(), e);
        }
        final float[] mono = new float[audio.frames()];
        for (float[] channel : audio.samples()) for (int i = 0; i < mono.length; i++) mono[i] += channel[i] / audio.samples().length;
        final ReferenceAnalysis.Report report = ReferenceAnalysis.analyse(mono, audio.sampleRate());
        for (String w : report.warnings()) {
            if (w.startsWith("no speech")) {
                throw new IllegalArgumentException("voice \"" + voice.id() + "\": reference recording " + r.audio() + " holds no speech ("
                        + String.format(Locale.ROOT, "peak %.1f dBFS", 20 * Math.log10(Math.max(report.peak(), 1e-9))) + "); record the speaker again");
            }
            warnings.add("voice \"" + voice.id() + "\": reference " + r.audio().getFileName() + ": " + w);
        }
        return new Tts.Recording(r.audio().toString(), mono, audio.sampleRate());
    }

    private Tts.ReferenceFeatures fromDisk(String key, int references) {
        if (featureFolder.isEmpty()) return null;
        final Path dir = featureFolder.get().resolve(key);
        if (!Files.isDirectory(dir)) return null;
        try {
            final long[] tokens = Npy.read(dir.resolve("prompt.npy")).toLongArray();
            final List<SynthesizerTrn.Reference> styles = new ArrayList<>();
            for (int i = 0; i < references; i++) {
                final Npy spec = Npy.read(dir.resolve("style-" + i + ".npy"));
                final Path sv = dir.resolve("speaker-" + i + ".npy");
                styles.add(new SynthesizerTrn.Reference(spec.toFloatArray(), (int) spec.shape()[0],
                        Files.isRegularFile(sv) ? Npy.read(sv).toFloatArray() : null));
            }
            featuresFromDisk++;
            return new Tts.ReferenceFeatures(tokens, List.copyOf(styles));
        } catch (IOException | RuntimeException e) {
            return null;                                        // damaged: computed again and rewritten
        }
    }

    private void toDisk(String key, Tts.ReferenceFeatures f) throws IOException {
        if (featureFolder.isEmpty()) return;
        Files.createDirectories(featureFolder.get());
        final Path dir = featureFolder.get().resolve(key), tmp = Files.createTempDirectory(featureFolder.get(), key + ".part");
        Npy.write(tmp.resolve("prompt.npy"), f.promptTokens(), f.promptTokens().length);
        for (int i = 0; i < f.styles().size(); i++) {
            final SynthesizerTrn.Reference s = f.styles().get(i);
            Npy.write(tmp.resolve("style-" + i + ".npy"), s.spectrogram(), s.bins(), s.spectrogram().length / s.bins());
            if (s.speakerEmbedding() != null) Npy.write(tmp.resolve("speaker-" + i + ".npy"), s.speakerEmbedding(), s.speakerEmbedding().length);
        }
        try {
            Files.move(tmp, dir, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException taken) {                               // another render got there first
            try (var files = Files.list(tmp)) {
                for (Path p : files.toList()) Files.delete(p);
            }
            Files.delete(tmp);
        }
    }

    @Override
    public void close() {
        loaded.values().forEach(Tts::close);
        loaded.clear();
    }
}
