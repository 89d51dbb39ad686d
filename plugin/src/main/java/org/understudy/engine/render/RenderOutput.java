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
import org.understudy.engine.audio.TruePeak;
import org.understudy.engine.audio.WavFile;
import org.understudy.engine.preset.VoicePreset;
import org.understudy.engine.script.Cue;
import org.understudy.engine.script.SubtitleWriter;

/**
 * A render's files: the mixed WAV (or one per cue) marked as AI-generated in BWF {@code bext} and
 * LIST/INFO, and beside it SRT, WebVTT and a JSON sidecar of the actual timings, each written
 * atomically. [engine-worker]
 */
final class RenderOutput {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RenderOutput() {}

    static List<Path> write(RenderJob job, List<RenderedCue> placed, List<float[]> audio) throws IOException {
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
            TruePeak.limit(mix, rate, job.voice().loudness().truePeakDbtp(), Mastering.LIMITER_LOOKAHEAD_MS, Mastering.LIMITER_RELEASE_MS);
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
