package org.understudy.engine.render;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import org.understudy.engine.audio.Loudness;
import org.understudy.engine.audio.TruePeak;
import org.understudy.engine.audio.WavFile;
import org.understudy.engine.guide.GuideVoice;
import org.understudy.engine.preset.VoicePreset;
import org.understudy.engine.script.Cue;
import org.understudy.engine.script.SubtitleWriter;
import org.understudy.engine.text.Frontend;
import org.understudy.engine.text.LangSegmenter;
import org.understudy.engine.text.Lexicon;
import org.understudy.engine.text.Symbols;
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
public final class RenderService {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final double LIMITER_LOOKAHEAD_MS = 1.5, LIMITER_RELEASE_MS = 50;
    /** The symbol table the guide voice reads (it speaks phones, so any table with them will do). */
    private static final String VERSION = "v2";

    /** What was rendered and written, with anything the user should know. */
    public record Result(List<RenderedCue> cues, List<Path> files, List<String> warnings, int cuesFromCache) {}

    private final Frontend frontend;
    private final Optional<RenderCache> cache;

    public RenderService(Frontend frontend) {
        this(frontend, null);
    }

    /** With a cache (may be null), cues rendered before with the same text, voice and settings are reused. */
    public RenderService(Frontend frontend, RenderCache cache) {
        this.frontend = frontend;
        this.cache = Optional.ofNullable(cache);
    }

    /** [engine-worker] Renders {@code job}; throws {@link CancellationException} when the listener cancels. */
    public Result render(RenderJob job, RenderListener listener) throws IOException {
        final List<Cue> cues = job.script().cues();
        final List<VoicePreset> voices = new ArrayList<>();
        final List<List<String>> sentences = new ArrayList<>();
        final Map<String, Frontend> frontends = new LinkedHashMap<>();
        final Map<String, String> lexicons = new LinkedHashMap<>();
        int total = 0;
        for (Cue cue : cues) {
            final VoicePreset voice = voiceOf(job, cue);
            voices.add(voice);
            if (!frontends.containsKey(voice.id())) {
                if (voice.lexicon().isPresent()) {
                    final Path file = voice.lexicon().get();
                    frontends.put(voice.id(), frontend.withLexicon(Lexicon.load(file, Symbols.forVersion(VERSION))));
                    lexicons.put(voice.id(), Files.readString(file));
                } else {
                    frontends.put(voice.id(), frontend);
                    lexicons.put(voice.id(), "");
                }
            }
            final List<String> pieces = TextPreprocessor.preSegText(cue.text(), voice.language(), TextSegmentation.Method.of(voice.inference().cutMethod()));
            if (pieces.isEmpty()) throw new IllegalArgumentException("cue " + cue.number() + " has nothing to speak: \"" + cue.text() + "\"");
            sentences.add(pieces);
            total += pieces.size();
        }

        final double rate = job.sampleRate();
        final List<String> warnings = new ArrayList<>();
        final List<float[]> audio = new ArrayList<>();
        final List<RenderedCue> placed = new ArrayList<>();
        int done = 0, fromCache = 0;
        double cursor = 0;
        for (int c = 0; c < cues.size(); c++) {
            final Cue cue = cues.get(c);
            final VoicePreset voice = voices.get(c);
            final Map<String, Object> settings = settings(voice, cue);
            final double pause = ((Number) settings.get("pauseSeconds")).doubleValue();
            final String key = RenderCache.key(cue.text(), voice, lexicons.get(voice.id()), settings, job.sampleRate());
            final Optional<float[]> cached = cache.flatMap(store -> store.get(key, job.sampleRate()));
            final float[] x;
            if (cached.isPresent()) {
                if (listener.cancelled()) throw new CancellationException("render cancelled at cue " + cue.number());
                x = cached.get();
                done += sentences.get(c).size();
                fromCache++;
            } else {
                final List<float[]> parts = new ArrayList<>();
                for (int s = 0; s < sentences.get(c).size(); s++) {
                    if (listener.cancelled()) throw new CancellationException("render cancelled at cue " + cue.number());
                    listener.progress(done, total, cue.number());
                    if (s > 0) parts.add(new float[(int) Math.round(pause * rate)]);
                    parts.add(speak(frontends.get(voice.id()), voice, settings, sentences.get(c).get(s), s, cue.number(), warnings, rate));
                    done++;
                }
                x = concat(parts);
                final double reached = master(x, rate, voice.loudness());
                if (Double.isFinite(reached) && Math.abs(reached - voice.loudness().targetLufs()) > 0.5) {
                    warnings.add(String.format(Locale.ROOT, "cue %d reaches %.1f LUFS, not %.1f: its peaks hold it under the %.1f dBTP ceiling",
                            cue.number(), reached, voice.loudness().targetLufs(), voice.loudness().truePeakDbtp()));
                }
                if (cache.isPresent()) cache.get().put(key, x, job.sampleRate());
            }
            final double start = cue.start().isPresent() ? cue.start().getAsDouble() : cursor;
            final double end = start + x.length / rate;
            if (!placed.isEmpty() && start < placed.get(placed.size() - 1).end() && !job.perCue()) {
                warnings.add(String.format(Locale.ROOT, "cue %d starts at %.3f s, before cue %d ends at %.3f s: they overlap",
                        cue.number(), start, placed.get(placed.size() - 1).number(), placed.get(placed.size() - 1).end()));
            }
            placed.add(new RenderedCue(cue.number(), start, end, cue.text(), voice.id(), settings));
            audio.add(x);
            cursor = end + pause;
        }
        listener.progress(total, total, cues.isEmpty() ? 0 : cues.get(cues.size() - 1).number());
        return new Result(placed, write(job, placed, audio), warnings, fromCache);
    }

    private static VoicePreset voiceOf(RenderJob job, Cue cue) {
        final String id = cue.voice().orElse(job.voice().id());
        final VoicePreset v = id.equals(job.voice().id()) ? job.voice() : job.otherVoices().get(id);
        if (v == null) {
            throw new IllegalArgumentException("cue " + cue.number() + " asks for voice \"" + id + "\", which is not loaded (loaded: "
                    + String.join(", ", new java.util.TreeSet<>(java.util.stream.Stream.concat(java.util.stream.Stream.of(job.voice().id()),
                            job.otherVoices().keySet().stream()).toList())) + ")");
        }
        if (v.engine() != VoicePreset.Engine.GUIDE) {
            throw new UnsupportedOperationException("voice \"" + v.id() + "\" is a GPT-SoVITS voice; rendering GPT-SoVITS voices is not wired in yet, use a guide voice");
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
        return s;
    }

    private static float[] speak(Frontend frontend, VoicePreset voice, Map<String, Object> settings, String sentence, int index, int cue,
                                 List<String> warnings, double rate) {
        final Frontend.Result phones = frontend.phonemize(sentence, LangSegmenter.Mode.parse(voice.language()), VERSION);
        for (String w : phones.warnings()) warnings.add("cue " + cue + ": " + w);
        final GuideVoice.Settings g = voice.guide().orElseThrow();
        final double speed = ((Number) settings.get("speed")).doubleValue();
        final GuideVoice guide = new GuideVoice(new GuideVoice.Settings(g.rate() * speed, g.basePitch(), g.pitchRange(), g.breathiness()));
        final long seed = ((Number) settings.get("seed")).longValue() + index;
        final List<float[]> parts = new ArrayList<>();
        for (Frontend.Segment segment : phones.segments()) {
            final GuideVoice.Language language = segment.language().equals("zh") ? GuideVoice.Language.MANDARIN : GuideVoice.Language.ENGLISH;
            parts.add(guide.speak(segment.phones(), language, rate, seed));
        }
        return concat(parts);
    }

    /**
     * Loudness to the target, then the true-peak ceiling. The limiter takes some loudness away from peaky
     * speech, so the gain is corrected from the limited result and the limiting redone, a few times.
     */
    private static double master(float[] x, double rate, VoicePreset.Loudness target) {
        final double lufs = Loudness.integrated(x, rate);
        if (!Double.isFinite(lufs)) {           // too short or too quiet to measure: only the ceiling applies
            TruePeak.limit(x, rate, target.truePeakDbtp(), LIMITER_LOOKAHEAD_MS, LIMITER_RELEASE_MS);
            return lufs;
        }
        final float[] dry = x.clone();
        double gainDb = target.targetLufs() - lufs, reached = lufs;
        for (int pass = 0; pass < 8; pass++) {
            final float gain = (float) Math.pow(10, gainDb / 20);
            for (int i = 0; i < x.length; i++) x[i] = dry[i] * gain;
            TruePeak.limit(x, rate, target.truePeakDbtp(), LIMITER_LOOKAHEAD_MS, LIMITER_RELEASE_MS);
            reached = Loudness.integrated(x, rate);
            final double error = target.targetLufs() - reached;
            if (Math.abs(error) < 0.05) break;
            gainDb += error;
        }
        return reached;
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

    private static List<Path> write(RenderJob job, List<RenderedCue> placed, List<float[]> audio) throws IOException {
        final double rate = job.sampleRate();
        final List<Path> files = new ArrayList<>();
        final Path base;
        if (job.perCue()) {
            Files.createDirectories(job.output());
            for (int c = 0; c < placed.size(); c++) {
                final Path f = job.output().resolve(String.format(Locale.ROOT, "cue-%03d.wav", placed.get(c).number()));
                WavFile.write(f, new float[][] {audio.get(c)}, job.sampleRate(), job.format(), description(job, placed.get(c).voice()), info(job, placed.get(c).voice()));
                files.add(f);
            }
            base = job.output().resolve("cues");
        } else {
            double length = 0;
            for (RenderedCue r : placed) length = Math.max(length, r.end());
            final float[] mix = new float[(int) Math.ceil(length * rate)];
            for (int c = 0; c < placed.size(); c++) {
                final int at = (int) Math.round(placed.get(c).start() * rate);
                final float[] x = audio.get(c);
                for (int i = 0; i < x.length && at + i < mix.length; i++) mix[at + i] += x[i];
            }
            TruePeak.limit(mix, rate, job.voice().loudness().truePeakDbtp(), LIMITER_LOOKAHEAD_MS, LIMITER_RELEASE_MS);
            WavFile.write(job.output(), new float[][] {mix}, job.sampleRate(), job.format(), description(job, job.voice().id()), info(job, job.voice().id()));
            files.add(job.output());
            final String name = job.output().getFileName().toString();
            base = job.output().resolveSibling(name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name);
        }
        final List<Cue> timed = new ArrayList<>();
        for (RenderedCue r : placed) timed.add(Cue.timed(r.number(), r.start(), r.end(), r.text(), java.util.Optional.of(r.voice())));
        files.add(writeText(Path.of(base + ".srt"), SubtitleWriter.srt(timed)));
        files.add(writeText(Path.of(base + ".vtt"), SubtitleWriter.webVtt(timed)));
        final Map<String, Object> sidecar = new LinkedHashMap<>();
        sidecar.put("format", "understudy-render");
        sidecar.put("version", 1);
        sidecar.put("script", job.script().source().toString());
        sidecar.put("sampleRate", job.sampleRate());
        sidecar.put("voice", job.voice().id());
        sidecar.put("aiGenerated", true);
        sidecar.put("cues", placed);
        files.add(writeText(Path.of(base + ".json"), JSON.writeValueAsString(sidecar) + "\n"));
        return files;
    }

    private static String description(RenderJob job, String voiceId) {
        return "AI-generated speech rendered by Understudy with voice preset " + voiceId + " from " + job.script().source().getFileName();
    }

    private static Map<String, String> info(RenderJob job, String voiceId) {
        final VoicePreset v = voiceId.equals(job.voice().id()) ? job.voice() : job.otherVoices().get(voiceId);
        final Map<String, String> info = new LinkedHashMap<>();
        info.put("INAM", job.script().source().getFileName().toString());
        info.put("ISFT", "Understudy");
        info.put("ICMT", "AI-generated speech. Voice preset " + v.id() + " (" + v.name() + "); speaker: " + v.provenance().speaker()
                + "; consent: " + v.provenance().consent() + "; source: " + v.provenance().source());
        return info;
    }

    private static Path writeText(Path file, String text) throws IOException {
        final Path tmp = file.resolveSibling(file.getFileName() + ".part");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }
}
