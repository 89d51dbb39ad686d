package org.understudy.ui;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.understudy.engine.audio.TruePeak;
import org.understudy.engine.audio.WavFile;
import org.understudy.engine.preset.PresetReader;
import org.understudy.engine.preset.VoicePreset;
import org.understudy.engine.script.Cue;
import org.understudy.engine.script.Script;
import org.understudy.engine.script.ScriptException;
import org.understudy.engine.script.ScriptReader;
import org.understudy.engine.script.SubtitleWriter;
import org.understudy.project.TrackProject;
import org.understudy.project.TrackProject.ProjectCue;
import org.understudy.project.TrackSession;

/**
 * The editor's file conversions, free of Swing: scripts in (TXT, SRT, WebVTT, cue sheet) as project
 * cues, the cues out in the same formats, and a rendered track out as WAV with its actual timings.
 *
 * <p>Placing untimed cues (plain text): the first starts at 0 s, and each next one starts where the
 * previous one is expected to end plus {@link #GAP_SECONDS}. The expected length is the text read at
 * {@link #WORDS_PER_SECOND} words a second (150 a minute, a calm narration pace; a CJK character counts
 * as a word), at least {@link #MIN_SECONDS}. Positions are rounded to the millisecond. [any-thread]
 */
public final class TrackFiles {
    public static final double WORDS_PER_SECOND = 2.5, GAP_SECONDS = 0.5, MIN_SECONDS = 1.0;
    private static final double LIMITER_LOOKAHEAD_MS = 1.5, LIMITER_RELEASE_MS = 50;

    private TrackFiles() {}

    // ---- scripts in ----------------------------------------------------------------------------

    /** [any-thread] Reads a script as project cues; a WebVTT voice span or a cue sheet's voice= becomes the cue's voice. */
    public static List<ProjectCue> importScript(Path file) throws ScriptException {
        return toProjectCues(ScriptReader.read(file).cues());
    }

    /** [any-thread] Script cues as project cues: timed ones at their start, untimed ones placed one after another. */
    public static List<ProjectCue> toProjectCues(List<Cue> cues) {
        final List<ProjectCue> out = new ArrayList<>();
        double next = 0;
        for (Cue c : cues) {
            final double start = c.start().isPresent() ? c.start().getAsDouble() : next;
            final double rounded = Math.round(start * 1000) / 1000.0;
            out.add(new ProjectCue(java.util.OptionalDouble.of(rounded), java.util.OptionalDouble.empty(), c.text(), c.voice(), c.settings()));
            final double end = c.end().isPresent() ? c.end().getAsDouble() : start + expectedSeconds(c.text());
            next = end + GAP_SECONDS;
        }
        return out;
    }

    /** [any-thread] How long {@code text} is expected to take to speak, by the rule in the class comment. */
    public static double expectedSeconds(String text) {
        int words = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); ) {
            final int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isIdeographic(cp)) {
                words++;
                inWord = false;
            } else if (Character.isLetterOrDigit(cp)) {
                if (!inWord) words++;
                inWord = true;
            } else if (cp != '\'' && cp != '’' && cp != '-') {
                inWord = false;
            }
        }
        return Math.max(MIN_SECONDS, words / WORDS_PER_SECOND);
    }

    // ---- scripts out ---------------------------------------------------------------------------

    /** What a script export writes, by the file's extension. */
    public enum ScriptFormat {
        TEXT("txt"), SRT("srt"), WEBVTT("vtt"), CUE_SHEET("cues");

        public final String extension;

        ScriptFormat(String extension) {
            this.extension = extension;
        }

        public static ScriptFormat of(Path file) {
            final String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            for (ScriptFormat f : values()) if (name.endsWith("." + f.extension)) return f;
            throw new IllegalArgumentException(file.getFileName() + ": export as .txt, .srt, .vtt or .cues");
        }
    }

    /** [any-thread] Plain text: one paragraph per cue (line breaks inside a cue become spaces). */
    public static String plainText(List<ProjectCue> cues) {
        final StringBuilder out = new StringBuilder();
        for (ProjectCue c : cues) {
            if (out.length() > 0) out.append('\n');
            out.append(oneLine(c.text())).append('\n');
        }
        return out.toString();
    }

    /**
     * [any-thread] A cue sheet (README "Scripts"): a cue in seconds as {@code 12.5s}, a cue on a beat as
     * {@code bar|beat} in 4/4 under a {@code tempo} line at {@code tempo}, the cue's voice and settings as
     * {@code key=value}.
     */
    public static String cueSheet(List<ProjectCue> cues, double tempo) {
        final StringBuilder out = new StringBuilder("# understudy-cues 1\n");
        if (cues.stream().anyMatch(c -> c.beat().isPresent())) out.append("tempo ").append(number(tempo)).append(" 4/4\n");
        for (ProjectCue c : cues) {
            out.append("\n@ ");
            if (c.start().isPresent()) {
                out.append(number(c.start().getAsDouble())).append('s');
            } else {
                final double b = c.beat().getAsDouble();
                final long bar = (long) Math.floor(b / 4);
                out.append(bar + 1).append('|').append(number(b - bar * 4 + 1));
            }
            c.voice().ifPresent(v -> out.append(" voice=").append(v));
            c.settings().forEach((k, v) -> out.append(' ').append(k).append('=').append(number(v)));
            out.append('\n');
            // the reader joins wrapped lines with a space, so one line says the same; a line that began
            // with # (a note) or @ (a cue) would be read as such, so a text may not start with either
            final String text = oneLine(c.text());
            if (text.startsWith("#") || text.startsWith("@")) {
                throw new IllegalArgumentException("cue " + (cues.indexOf(c) + 1) + " starts with \"" + text.charAt(0) + "\", which a cue sheet reads as a "
                        + (text.startsWith("#") ? "note" : "cue line") + ": reword it or export another format");
            }
            out.append(text).append('\n');
        }
        return out.toString();
    }

    /**
     * [any-thread] The cues as script cues with the actual timings of the render in {@code s}: each from
     * its start to start + audio length / rate. Refused unless every cue is ready.
     */
    public static List<Cue> actualTimings(TrackSession.Snapshot s) {
        final List<Cue> out = new ArrayList<>();
        final List<ProjectCue> cues = s.project().cues();
        for (int i = 0; i < cues.size(); i++) {
            final TrackSession.CueState st = s.cues().get(i);
            if (st.status() != TrackSession.Status.READY || st.audio() == null) {
                throw new IllegalStateException("cue " + (i + 1) + " is not rendered yet (" + st.status().name().toLowerCase(Locale.ROOT) + "): render the track first");
            }
            final double start = cues.get(i).seconds(s.tempo());
            final double end = start + Math.max(st.audio().length, 1) / (double) s.rate();
            out.add(new Cue(i + 1, java.util.OptionalDouble.of(start), java.util.OptionalDouble.of(end), cues.get(i).text(),
                    cues.get(i).voice(), Map.of()));
        }
        return out;
    }

    /** [any-thread] Writes the cues as {@code file}'s format: SRT and WebVTT with the render's actual timings. */
    public static void exportScript(TrackSession.Snapshot s, Path file) throws IOException {
        final String text = switch (ScriptFormat.of(file)) {
            case TEXT -> plainText(s.project().cues());
            case CUE_SHEET -> cueSheet(s.project().cues(), s.tempo());
            case SRT -> SubtitleWriter.srt(actualTimings(s));
            case WEBVTT -> SubtitleWriter.webVtt(actualTimings(s));
        };
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    // ---- audio out -----------------------------------------------------------------------------

    /**
     * [any-thread] The whole track as one mono signal at the snapshot's rate: each cue added at its
     * start, then held under the track voice's true-peak ceiling (cues may overlap).
     */
    public static float[] mix(TrackSession.Snapshot s) {
        final List<Cue> timed = actualTimings(s);
        double length = 0;
        for (Cue c : timed) length = Math.max(length, c.end().getAsDouble());
        final float[] mix = new float[(int) Math.ceil(length * s.rate())];
        for (int i = 0; i < timed.size(); i++) {
            final float[] x = s.cues().get(i).audio();
            final int at = (int) Math.round(timed.get(i).start().getAsDouble() * s.rate());
            for (int k = 0; k < x.length && at + k < mix.length; k++) mix[at + k] += x[k];
        }
        TruePeak.limit(mix, s.rate(), ceiling(s.project()), LIMITER_LOOKAHEAD_MS, LIMITER_RELEASE_MS);
        return mix;
    }

    /** [any-thread] Writes the mixed track, marked as AI-generated speech. */
    public static void exportWav(TrackSession.Snapshot s, Path file, WavFile.Format format) throws IOException {
        WavFile.write(file, new float[][] {mix(s)}, s.rate(), format, description(s.project()), info(s.project(), file.getFileName().toString()));
    }

    /** [any-thread] Writes each cue as {@code cue-NNN.wav} into {@code folder}; returns the files. */
    public static List<Path> exportCueWavs(TrackSession.Snapshot s, Path folder, WavFile.Format format) throws IOException {
        actualTimings(s);                                                   // refuses an unrendered track
        Files.createDirectories(folder);
        final List<Path> files = new ArrayList<>();
        for (int i = 0; i < s.cues().size(); i++) {
            final Path f = folder.resolve(String.format(Locale.ROOT, "cue-%03d.wav", i + 1));
            WavFile.write(f, new float[][] {s.cues().get(i).audio()}, s.rate(), format, description(s.project()), info(s.project(), f.getFileName().toString()));
            files.add(f);
        }
        return files;
    }

    private static double ceiling(TrackProject p) {
        try {
            return p.voice().resolve().loudness().truePeakDbtp();
        } catch (PresetReader.PresetException e) {
            return VoicePreset.Loudness.DEFAULT.truePeakDbtp();
        }
    }

    private static String description(TrackProject p) {
        return "AI-generated speech rendered by Understudy with voice preset " + p.voice().id();
    }

    private static Map<String, String> info(TrackProject p, String name) {
        final Map<String, String> info = new LinkedHashMap<>();
        info.put("INAM", name);
        info.put("ISFT", "Understudy");
        final String provenance = Optional.ofNullable(p.voice().preset().get("provenance"))
                .map(n -> "; speaker: " + n.path("speaker").asText() + "; consent: " + n.path("consent").asText() + "; source: " + n.path("source").asText())
                .orElse("");
        info.put("ICMT", "AI-generated speech. Voice preset " + p.voice().id() + provenance);
        return info;
    }

    private static String oneLine(String s) {
        return s.strip().replaceAll("\\s*(\r\n|\r|\n)\\s*", " ");
    }

    /** Up to three decimals (six for beats would be noise), no trailing zeros. */
    static String number(double v) {
        String s = String.format(Locale.ROOT, "%.3f", v);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    /** The extension-less file beside {@code file}, with {@code extension}. */
    static Path sibling(Path file, String extension) {
        final String name = file.getFileName().toString();
        final int dot = name.lastIndexOf('.');
        return file.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + "." + extension);
    }
}
