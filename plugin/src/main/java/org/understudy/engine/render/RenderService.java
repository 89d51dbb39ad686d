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
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.understudy.engine.audio.Resampler;
import org.understudy.engine.gptsovits.T2SSampler;
import org.understudy.engine.gptsovits.Text2SemanticDecoder;
import org.understudy.engine.gptsovits.Tts;
import org.understudy.engine.guide.GuideVoice;
import org.understudy.engine.onnx.SessionConfig;
import org.understudy.engine.preset.VoicePreset;
import org.understudy.engine.script.Cue;
import org.understudy.engine.text.Frontend;
import org.understudy.engine.text.LangSegmenter;
import org.understudy.engine.text.Lexicon;
import org.understudy.engine.text.Symbols;
import org.understudy.engine.text.TextData;
import org.understudy.engine.text.TextPreprocessor;
import org.understudy.engine.text.TextSegmentation;

/**
 * The one rendering service the CLI, the plugin and the standalone window call: a script and a voice
 * in, finished narration out. Per cue: cut the text (the preset's method), speak each sentence, join
 * with the preset's pause, bring to the preset's loudness and true-peak ceiling; then place the cues
 * (timed ones at their start, untimed ones one after another) and write the audio atomically with
 * metadata saying it is AI-generated, plus SRT, WebVTT and a JSON sidecar of the actual timings.
 * Nothing is written until every cue is rendered, so a cancelled or failed render leaves no file.
 */
public final class RenderService implements AutoCloseable {
    /** The symbol table the guide voice reads (it speaks phones, so any table with them will do). */
    private static final String GUIDE_SYMBOLS = "v2";

    /** What was rendered and written, with anything the user should know. */
    public record Result(List<RenderedCue> cues, List<Path> files, List<String> warnings, int cuesFromCache) {}

    /**
     * What a voice needs per render: its identity for the cache key at once; its frontend (with the
     * lexicon, checked against the symbol table its models read) and for GPT-SoVITS its models,
     * references and prompt when a cue first needs them.
     */
    private final class Voice {
        final VoicePreset preset;
        final String identity;
        Frontend frontend;
        String symbols;
        Tts tts;
        Tts.ReferenceFeatures references;
        Tts.TextFeatures prompt;

        Voice(VoicePreset preset, String identity) {
            this.preset = preset;
            this.identity = identity;
        }

        /** Loads everything a render of this voice needs, once. */
        void load(List<String> warnings) throws IOException {
            if (frontend != null) return;
            final Tts t = preset.engine() == VoicePreset.Engine.GPT_SOVITS ? gptSovits.tts(preset) : null;
            symbols = t == null ? GUIDE_SYMBOLS : t.symbolVersion();
            final Frontend base = t != null ? installFrontend(t.install(), warnings) : RenderService.this.frontend;
            final Frontend f = preset.lexicon().isPresent() ? base.withLexicon(Lexicon.load(preset.lexicon().get(), Symbols.forVersion(symbols))) : base;
            if (t != null) {
                references = gptSovits.references(preset, t, warnings);
                final VoicePreset.Reference first = preset.gptSovits().orElseThrow().references().get(0);
                final Frontend.Result text = f.phonemize(Tts.promptText(first.text(), first.language()), LangSegmenter.Mode.parse(first.language()), symbols);
                for (String w : text.warnings()) warnings.add("voice \"" + preset.id() + "\" prompt text: " + w);
                prompt = t.textFeatures(text);
                tts = t;
            }
            frontend = f;
        }
    }

    private final Frontend frontend;
    private final Optional<RenderCache> cache;
    private final GptSovitsVoices gptSovits;
    private ExecutorService workers;
    /** Per install text folder, for the life of the process (like the dictionaries, read once). */
    private static final Map<Path, Frontend> INSTALL_FRONTENDS = new java.util.concurrent.ConcurrentHashMap<>();
    private int maxSteps = Text2SemanticDecoder.MAX_STEPS;

    public RenderService(Frontend frontend) {
        this(frontend, null);
    }

    /** With a cache (may be null), cues rendered before with the same text, voice and settings are reused. */
    public RenderService(Frontend frontend, RenderCache cache) {
        this(frontend, cache, SessionConfig.defaults());
    }

    /** GPT-SoVITS models run with {@code session}'s settings (threads, CUDA). */
    public RenderService(Frontend frontend, RenderCache cache, SessionConfig session) {
        this(frontend, cache, session, GptSovitsVoices.FILES);
    }

    /** GPT-SoVITS models come from {@code loader} (benchmarks build random ones). */
    public RenderService(Frontend frontend, RenderCache cache, SessionConfig session, GptSovitsVoices.Loader loader) {
        this(frontend, cache, new GptSovitsVoices(session, loader, cache == null ? null : cache.referenceFolder()));
    }

    RenderService(Frontend frontend, RenderCache cache, GptSovitsVoices voices) {
        this.frontend = frontend;
        this.cache = Optional.ofNullable(cache);
        this.gptSovits = voices;
    }

    /** [engine-worker] How many GPT-SoVITS voices have their models loaded (the model cache). */
    int loadedVoices() {
        return gptSovits.loadedVoices();
    }

    /** Each cue's finished audio at the asked rate (in script order), the settings it used, what the user should know. */
    public record Cues(List<float[]> audio, List<Map<String, Object>> settings, List<String> voices, List<String> warnings, int fromCache) {}

    /**
     * [engine-worker] Renders {@code job}: every cue ({@link #renderCues}), placed (timed cues at their
     * start, untimed ones one after another with the pause) and written with subtitles and a sidecar.
     * Throws {@link CancellationException} when the listener cancels; nothing is written then.
     */
    public Result render(RenderJob job, RenderListener listener) throws IOException {
        final List<Cue> cues = job.script().cues();
        final Cues rendered = renderCues(cues, job.voice(), job.otherVoices(), job.sampleRate(), listener);
        final List<String> warnings = new ArrayList<>(rendered.warnings());
        if (listener.cancelled()) throw new CancellationException("render cancelled before writing");
        final double rate = job.sampleRate();
        final List<RenderedCue> placed = new ArrayList<>();
        double cursor = 0;
        for (int c = 0; c < cues.size(); c++) {
            final Cue cue = cues.get(c);
            final double start = cue.start().isPresent() ? cue.start().getAsDouble() : cursor;
            final double end = start + rendered.audio().get(c).length / rate;
            if (!placed.isEmpty() && start < placed.get(placed.size() - 1).end() && !job.perCue()) {
                warnings.add(String.format(Locale.ROOT, "cue %d starts at %.3f s, before cue %d ends at %.3f s: they overlap",
                        cue.number(), start, placed.get(placed.size() - 1).number(), placed.get(placed.size() - 1).end()));
            }
            placed.add(new RenderedCue(cue.number(), start, end, cue.text(), rendered.voices().get(c), rendered.settings().get(c)));
            cursor = end + ((Number) rendered.settings().get(c).get("pauseSeconds")).doubleValue();
        }
        return new Result(placed, RenderOutput.write(job, placed, rendered.audio()), warnings, rendered.fromCache());
    }

    /**
     * [engine-worker] Each cue's audio at {@code rate}, mastered: cached cues are reused; guide-voice cues
     * render in parallel on the service's workers; a GPT-SoVITS voice's cues render together, their
     * sentences batched through T2S in cue order. {@code voice} speaks cues that name no voice;
     * {@code others} are the voices cues may name. The listener hears each cue as it is ready.
     */
    public Cues renderCues(List<Cue> cues, VoicePreset voice, Map<String, VoicePreset> others, int rate, RenderListener listener) throws IOException {
        final int n = cues.size();
        final List<String> warnings = new ArrayList<>();
        final Voice[] voices = new Voice[n];
        final List<List<String>> pieces = new ArrayList<>();
        final List<Map<String, Object>> settings = new ArrayList<>();
        final String[] keys = new String[n];
        final Map<String, Voice> prepared = new LinkedHashMap<>();
        int total = 0;
        for (int c = 0; c < n; c++) {
            final Cue cue = cues.get(c);
            final VoicePreset preset = voiceOf(voice, others, cue);
            if (!prepared.containsKey(preset.id())) prepared.put(preset.id(), prepare(preset));
            voices[c] = prepared.get(preset.id());
            final List<String> p = TextPreprocessor.preSegText(cue.text(), preset.language(), TextSegmentation.Method.of(preset.inference().cutMethod()));
            if (p.isEmpty()) throw new IllegalArgumentException("cue " + cue.number() + " has nothing to speak: \"" + cue.text() + "\"");
            pieces.add(p);
            settings.add(settings(preset, cue));
            keys[c] = RenderCache.key(cue.text(), preset, voices[c].identity, settings.get(c), rate);
            total += p.size();
        }

        final Progress progress = new Progress(listener, total);
        final float[][] audio = new float[n][];
        int fromCache = 0;
        for (int c = 0; c < n; c++) {
            if (listener.cancelled()) throw new CancellationException("render cancelled at cue " + cues.get(c).number());
            final String key = keys[c];
            final Optional<float[]> hit = cache.flatMap(store -> store.get(key, rate));
            if (hit.isPresent()) {
                audio[c] = hit.get();
                progress.done += pieces.get(c).size();
                fromCache++;
                listener.cueReady(c, audio[c], true);
            }
        }
        final Batch batch = new Batch(cues, voices, pieces, settings, keys, audio, rate, progress, warnings);
        renderGuideCues(batch);
        for (Voice v : prepared.values()) if (v.preset.engine() == VoicePreset.Engine.GPT_SOVITS) renderGptSovitsCues(batch, v);
        listener.progress(total, total, cues.isEmpty() ? 0 : cues.get(n - 1).number());
        final List<String> ids = new ArrayList<>();
        for (Voice v : voices) ids.add(v.preset.id());
        return new Cues(List.of(audio), List.copyOf(settings), List.copyOf(ids), warnings, fromCache);
    }

    /** What one renderCues call works on. */
    private record Batch(List<Cue> cues, Voice[] voices, List<List<String>> pieces, List<Map<String, Object>> settings, String[] keys,
                         float[][] audio, int rate, Progress progress, List<String> warnings) {
        /** A cue is ready: cached, counted, announced. */
        void ready(RenderService service, int c) throws IOException {
            if (service.cache.isPresent()) service.cache.get().put(keys[c], audio[c], rate);
            progress.sentences(pieces.get(c).size(), cues.get(c).number());
            progress.listener.cueReady(c, audio[c], false);
        }
    }

    /** Counts finished sentences for the listener, on the rendering thread. */
    private static final class Progress {
        final RenderListener listener;
        final int total;
        int done;

        Progress(RenderListener listener, int total) {
            this.listener = listener;
            this.total = total;
        }

        void sentences(int count, int cue) {
            done += count;
            listener.progress(done, total, cue);
        }
    }

    /** A cue's finished audio and what its rendering had to say. */
    private record Spoken(float[] audio, List<String> warnings) {}

    /** Each uncached guide-voice cue on a worker (phonemised here, synthesised and mastered there), collected in cue order. */
    private void renderGuideCues(Batch b) throws IOException {
        final Map<Integer, Future<Spoken>> running = new LinkedHashMap<>();
        try {
            for (int c = 0; c < b.cues().size(); c++) {
                if (b.audio()[c] != null || b.voices()[c].preset.engine() != VoicePreset.Engine.GUIDE) continue;
                final Voice voice = b.voices()[c];
                voice.load(b.warnings());
                final List<Frontend.Result> phones = phonemize(voice, b.pieces().get(c), b.cues().get(c).number(), b.warnings());
                final Map<String, Object> settings = b.settings().get(c);
                final int cue = b.cues().get(c).number();
                running.put(c, workers().submit(() -> guideCue(voice, settings, phones, cue, b.rate(), b.progress().listener)));
            }
            for (Map.Entry<Integer, Future<Spoken>> e : running.entrySet()) {
                final int c = e.getKey();
                if (b.progress().listener.cancelled()) throw new CancellationException("render cancelled at cue " + b.cues().get(c).number());
                final Spoken spoken = await(e.getValue());
                b.warnings().addAll(spoken.warnings());
                b.audio()[c] = spoken.audio();
                b.ready(this, c);
            }
        } finally {
            running.values().forEach(f -> f.cancel(true));
        }
    }

    private static Spoken await(Future<Spoken> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        }
    }

    /** [render-worker] One guide-voice cue: its sentences spoken, joined with the pause, mastered. */
    private static Spoken guideCue(Voice voice, Map<String, Object> settings, List<Frontend.Result> phones, int cue, int rate, RenderListener listener) {
        final double speed = ((Number) settings.get("speed")).doubleValue();
        final long seed = ((Number) settings.get("seed")).longValue();
        final GuideVoice.Settings g = voice.preset.guide().orElseThrow();
        final GuideVoice guide = new GuideVoice(new GuideVoice.Settings(g.rate() * speed, g.basePitch(), g.pitchRange(), g.breathiness()));
        final List<float[]> spoken = new ArrayList<>();
        for (int s = 0; s < phones.size(); s++) {
            if (listener.cancelled()) throw new CancellationException("render cancelled at cue " + cue);
            final List<float[]> parts = new ArrayList<>();
            for (Frontend.Segment segment : phones.get(s).segments()) {
                final GuideVoice.Language language = switch (segment.language()) {
                    case "zh" -> GuideVoice.Language.MANDARIN;
                    case "ja" -> GuideVoice.Language.JAPANESE;
                    default -> GuideVoice.Language.ENGLISH;
                };
                parts.add(guide.speak(segment.phones(), language, rate, seed + s));
            }
            spoken.add(concat(parts));
        }
        final List<String> warnings = new ArrayList<>();
        return new Spoken(finish(voice, settings, spoken, rate, rate, cue, warnings), warnings);
    }

    /** A GPT-SoVITS voice's uncached cues: every sentence through T2S in batches, each cue finished when its last sentence is decoded. */
    private void renderGptSovitsCues(Batch b, Voice voice) throws IOException {
        final List<Integer> todo = new ArrayList<>();
        for (int c = 0; c < b.cues().size(); c++) if (b.audio()[c] == null && b.voices()[c] == voice) todo.add(c);
        if (todo.isEmpty()) return;
        voice.load(b.warnings());
        final List<Tts.Sentence> sentences = new ArrayList<>();
        final List<int[]> where = new ArrayList<>();                           // {cue index, sentence index}
        final float[][][] spoken = new float[b.cues().size()][][];
        final int[] remaining = new int[b.cues().size()];
        for (int c : todo) {
            final Map<String, Object> s = b.settings().get(c);
            final Tts.Settings ts = new Tts.Settings(new T2SSampler.Settings(((Number) s.get("topK")).intValue(), ((Number) s.get("topP")).floatValue(),
                    ((Number) s.get("temperature")).floatValue(), ((Number) s.get("repetitionPenalty")).floatValue()),
                    ((Number) s.get("speed")).floatValue(), maxSteps);
            final long seed = ((Number) s.get("seed")).longValue();
            final List<Frontend.Result> phones = phonemize(voice, b.pieces().get(c), b.cues().get(c).number(), b.warnings());
            for (int i = 0; i < phones.size(); i++) {
                sentences.add(new Tts.Sentence(voice.tts.textFeatures(phones.get(i)), ts, seed + i));
                where.add(new int[] {c, i});
            }
            spoken[c] = new float[phones.size()][];
            remaining[c] = phones.size();
        }
        try {
            voice.tts.speak(voice.prompt, voice.references, sentences, b.progress().listener::cancelled, (wave, i) -> {
                final int c = where.get(i)[0];
                spoken[c][where.get(i)[1]] = wave;
                if (--remaining[c] > 0) return;
                b.audio()[c] = finish(voice, b.settings().get(c), List.of(spoken[c]), Tts.SAMPLE_RATE, b.rate(), b.cues().get(c).number(), b.warnings());
                try {
                    b.ready(this, c);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static List<Frontend.Result> phonemize(Voice voice, List<String> sentences, int cue, List<String> warnings) {
        final List<Frontend.Result> out = new ArrayList<>();
        for (String sentence : sentences) {
            final Frontend.Result r = voice.frontend.phonemize(sentence, LangSegmenter.Mode.parse(voice.preset.language()), voice.symbols);
            for (String w : r.warnings()) warnings.add("cue " + cue + ": " + w);
            out.add(r);
        }
        return out;
    }

    /** Sentences at {@code spokenRate} joined with the pause, brought to {@code rate}, mastered. */
    private static float[] finish(Voice voice, Map<String, Object> settings, List<float[]> spoken, int spokenRate, int rate, int cue, List<String> warnings) {
        final double pause = ((Number) settings.get("pauseSeconds")).doubleValue();
        final List<float[]> parts = new ArrayList<>();
        for (int s = 0; s < spoken.size(); s++) {
            if (s > 0) parts.add(new float[(int) Math.round(pause * spokenRate)]);
            parts.add(spoken.get(s));
        }
        final float[] joined = concat(parts);
        final float[] x = Mastering.trimLeadingSilence(spokenRate == rate ? joined : new Resampler(spokenRate, rate).process(joined), rate);
        final VoicePreset.Loudness target = voice.preset.loudness();
        final double reached = Mastering.master(x, rate, target);
        if (Double.isFinite(reached) && Math.abs(reached - target.targetLufs()) > 0.5) {
            warnings.add(String.format(Locale.ROOT, "cue %d reaches %.1f LUFS, not %.1f: its peaks hold it under the %.1f dBTP ceiling",
                    cue, reached, target.targetLufs(), target.truePeakDbtp()));
        }
        return x;
    }

    /**
     * A GPT-SoVITS voice reads text with its own install's data ({@code GPT_SoVITS/text}: CMUdict, the
     * Chinese tables, g2pW), the data its models were trained with; an install without it uses the
     * service's frontend. Loaded once per install folder for the life of the process.
     */
    private Frontend installFrontend(Tts.Install install, List<String> warnings) throws IOException {
        if (!TextData.present(install.text())) return frontend;
        final Path key = install.text().toAbsolutePath().normalize();
        Frontend f = INSTALL_FRONTENDS.get(key);
        if (f == null) {
            f = TextData.frontend(key, TextData.DEBIAN_JIEBA, Files.isDirectory(install.bert()) ? install.bert() : null, Lexicon.EMPTY, warnings::add);
            INSTALL_FRONTENDS.put(key, f);
        }
        return f;
    }

    /** What identifies a voice's output: its lexicon's content, and a GPT-SoVITS voice's models and recordings. Loads nothing. */
    private Voice prepare(VoicePreset preset) throws IOException {
        String identity = preset.lexicon().isPresent() ? Files.readString(preset.lexicon().get()) : "";
        if (preset.engine() == VoicePreset.Engine.GPT_SOVITS) identity = FileHashes.combine(List.of(identity, gptSovits.identity(preset)));
        return new Voice(preset, identity);
    }

    private static VoicePreset voiceOf(VoicePreset main, Map<String, VoicePreset> others, Cue cue) {
        final String id = cue.voice().orElse(main.id());
        final VoicePreset v = id.equals(main.id()) ? main : others.get(id);
        if (v == null) {
            throw new IllegalArgumentException("cue " + cue.number() + " asks for voice \"" + id + "\", which is not loaded (loaded: "
                    + String.join(", ", new java.util.TreeSet<>(java.util.stream.Stream.concat(java.util.stream.Stream.of(main.id()),
                            others.keySet().stream()).toList())) + ")");
        }
        return v;
    }

    /** The preset's inference settings with the cue's overrides. */
    private static Map<String, Object> settings(VoicePreset voice, Cue cue) {
        final VoicePreset.Inference in = voice.inference();
        final Map<String, Object> s = new LinkedHashMap<>();
        s.put("speed", cue.settings().getOrDefault("speed", in.speed()));
        s.put("pauseSeconds", cue.settings().getOrDefault("pauseSeconds", in.pauseSeconds()));
        s.put("seed", cue.settings().containsKey("seed") ? (long) (double) cue.settings().get("seed") : in.seed());
        s.put("cutMethod", in.cutMethod());
        if (voice.engine() == VoicePreset.Engine.GPT_SOVITS) {
            s.put("topK", (int) (double) cue.settings().getOrDefault("topK", (double) in.topK()));
            s.put("topP", cue.settings().getOrDefault("topP", in.topP()));
            s.put("temperature", cue.settings().getOrDefault("temperature", in.temperature()));
            s.put("repetitionPenalty", cue.settings().getOrDefault("repetitionPenalty", in.repetitionPenalty()));
        }
        return s;
    }

    private static float[] concat(List<float[]> parts) {
        int n = 0;
        for (float[] p : parts) n += p.length;
        final float[] out = new float[n];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /**
     * [engine-worker] Caps T2S at {@code steps} tokens per sentence instead of upstream's 1500: for
     * benchmarks of random weights, which never stop on their own.
     */
    public void capSteps(int steps) {
        if (steps < 1 || steps > Text2SemanticDecoder.MAX_STEPS) throw new IllegalArgumentException("steps must be in 1.." + Text2SemanticDecoder.MAX_STEPS);
        maxSteps = steps;
    }

    /** The guide voice's workers: one per core, started on first use. */
    private ExecutorService workers() {
        if (workers == null) {
            final java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
            workers = Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()), r -> {
                final Thread t = new Thread(r, "understudy-render-" + count.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
        return workers;
    }

    /** [engine-worker] Stops the workers and releases the loaded GPT-SoVITS models. */
    @Override
    public void close() {
        if (workers != null) workers.shutdownNow();
        gptSovits.close();
    }

}
