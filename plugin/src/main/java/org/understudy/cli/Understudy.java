package org.understudy.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.understudy.engine.audio.WavFile;
import org.understudy.engine.preset.PresetReader;
import org.understudy.engine.preset.VoicePreset;
import org.understudy.engine.render.RenderCache;
import org.understudy.engine.render.RenderJob;
import org.understudy.engine.render.RenderListener;
import org.understudy.engine.render.RenderService;
import org.understudy.engine.render.RenderedCue;
import org.understudy.engine.script.Script;
import org.understudy.engine.script.ScriptReader;
import org.understudy.engine.text.CmuDict;
import org.understudy.engine.text.Frontend;
import org.understudy.engine.text.Lexicon;
import org.understudy.engine.text.TextData;
import org.understudy.engine.text.chinese.g2pw.G2pwPinyin;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The {@code understudy} command line. Exit codes: 0 done, 1 the render failed, 2 bad command line,
 * 3 bad input (script, preset, text), 130 cancelled (Ctrl-C).
 */
@Command(name = "understudy", mixinStandardHelpOptions = true, version = "Understudy 0.1.0",
        description = "Renders narration scripts in cloned or guide voices.",
        subcommands = {Understudy.Render.class, Understudy.Voices.class, PrepareReference.class, ImportGsv.class, Studio.class,
                DeveloperCommands.Phonemize.class, DeveloperCommands.Parity.class, DeveloperCommands.Bench.class})
public final class Understudy {
    public static final int FAILED = 1, BAD_INPUT = 3, CANCELLED = 130;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        final CommandLine cli = new CommandLine(new Understudy());
        for (String passThrough : new String[] {"phonemize", "parity", "bench"}) {
            cli.getSubcommands().get(passThrough).setUnmatchedOptionsArePositionalParams(true);   // their options are Dev's
        }
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            command.getErr().println("understudy: " + e.getMessage());
            return e instanceof IOException || e instanceof IllegalArgumentException || e instanceof UnsupportedOperationException
                    || e instanceof Frontend.UnsupportedTextException || e instanceof org.understudy.project.TrackProject.InvalidProjectException ? BAD_INPUT : FAILED;
        });
        return cli;
    }

    /** Options shared by commands that read presets. */
    static class PresetFolder {
        @Option(names = "--presets", paramLabel = "DIR", defaultValue = "presets",
                description = "Folder of voice presets (default: ${DEFAULT-VALUE}).")
        Path folder;

        Map<String, VoicePreset> all() throws IOException {
            final Map<String, VoicePreset> voices = new LinkedHashMap<>();
            if (!Files.isDirectory(folder)) return voices;
            try (Stream<Path> files = Files.list(folder)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                    try {
                        final VoicePreset v = PresetReader.read(f);
                        voices.put(v.id(), v);
                    } catch (PresetReader.PresetException e) {
                        // unusable presets are reported by `voices`, and by `render` only when asked for
                    }
                }
            }
            return voices;
        }
    }

    @Command(name = "voices", mixinStandardHelpOptions = true, description = "Lists the voice presets in the presets folder and any that cannot be used.")
    static final class Voices implements java.util.concurrent.Callable<Integer> {
        @CommandLine.Mixin
        PresetFolder presets;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            final PrintWriter out = spec.commandLine().getOut();
            if (!Files.isDirectory(presets.folder)) throw new IOException(presets.folder + ": no such presets folder");
            try (Stream<Path> files = Files.list(presets.folder)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                    try {
                        final VoicePreset v = PresetReader.read(f);
                        out.printf(Locale.ROOT, "%-20s %-11s %s%n", v.id(), v.engine().name().toLowerCase(Locale.ROOT).replace('_', '-'), v.name());
                    } catch (PresetReader.PresetException e) {
                        out.println("unusable: " + e.getMessage());
                    }
                }
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "render", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Renders a script (.txt, .srt, .vtt or .cues) to a WAV file, with .srt, .vtt and .json of the actual timings beside it.",
                    "Ctrl-C cancels; nothing is written until the render is complete."})
    static final class Render implements java.util.concurrent.Callable<Integer> {
        @Parameters(paramLabel = "SCRIPT", description = "The script to render.")
        Path script;
        @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "The WAV file to write (a folder with --per-cue).")
        Path output;
        @Option(names = {"-v", "--voice"}, defaultValue = "guide-low", paramLabel = "ID|FILE",
                description = "Default voice: a preset id from the presets folder or a preset file (default: ${DEFAULT-VALUE}).")
        String voice;
        @CommandLine.Mixin
        PresetFolder presets;
        @Option(names = {"-r", "--rate"}, defaultValue = "48000", paramLabel = "HZ", description = "Output sample rate (default: ${DEFAULT-VALUE}).")
        int rate;
        @Option(names = "--format", defaultValue = "pcm24", paramLabel = "pcm16|pcm24|float32", description = "Sample format (default: ${DEFAULT-VALUE}).")
        String format;
        @Option(names = "--per-cue", description = "Write one file per cue into the output folder instead of one mixed file.")
        boolean perCue;
        @Option(names = "--gsv-text", paramLabel = "DIR", description = {"A GPT-SoVITS GPT_SoVITS/text folder (CMUdict and Chinese tables); default: the voice's",
                "GPT-SoVITS install, else ../shared/gsv-data, else none (English by letter-to-sound rules)."})
        Path gsvText;
        @Option(names = "--jieba", paramLabel = "DIR", defaultValue = "/usr/lib/python3/dist-packages/jieba",
                description = "A jieba folder for Chinese word segmentation (default: ${DEFAULT-VALUE}).")
        Path jieba;
        @Option(names = "--cache", paramLabel = "DIR", description = "Where finished cues are kept for instant re-renders (default: $XDG_CACHE_HOME/understudy/renders or ~/.cache/understudy/renders).")
        Path cache;
        @Option(names = "--no-cache", description = "Render every cue again and keep nothing.")
        boolean noCache;
        @Option(names = "--cuda", paramLabel = "DEVICE", description = {"Run GPT-SoVITS models on this NVIDIA GPU (0 is the first); without a usable",
                "CUDA runtime they run on the CPU and a warning says why. Default: CPU."})
        Integer cuda;
        @Option(names = {"-q", "--quiet"}, description = "No progress bar.")
        boolean quiet;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            final PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
            final WavFile.Format sampleFormat = switch (format) {
                case "pcm16" -> WavFile.Format.PCM16;
                case "pcm24" -> WavFile.Format.PCM24;
                case "float32" -> WavFile.Format.FLOAT32;
                default -> throw new CommandLine.ParameterException(spec.commandLine(), "--format must be pcm16, pcm24 or float32, not " + format);
            };
            final Script s = ScriptReader.read(script);
            final Map<String, VoicePreset> voices = presets.all();
            final VoicePreset main = voice.endsWith(".json") ? PresetReader.read(Path.of(voice)) : voices.get(voice);
            if (main == null) throw new IOException("no voice \"" + voice + "\" in " + presets.folder.toAbsolutePath() + " (see `understudy voices`)");
            final Path install = main.gptSovits().map(VoicePreset.GptSovits::install).orElse(null);
            final AtomicBoolean cancel = new AtomicBoolean();
            final Thread hook = new Thread(() -> cancel.set(true));
            Runtime.getRuntime().addShutdownHook(hook);
            final boolean bar = !quiet && System.console() != null;
            final RenderListener listener = new RenderListener() {
                @Override
                public void progress(int done, int total, int cue) {
                    if (!bar) return;
                    final int width = 30, filled = total == 0 ? width : done * width / total;
                    err.printf(Locale.ROOT, "\r[%s%s] %d/%d sentences, cue %d ", "#".repeat(filled), " ".repeat(width - filled), done, total, cue);
                    err.flush();
                }

                @Override
                public boolean cancelled() {
                    return cancel.get();
                }
            };
            final RenderService.Result result;
            final org.understudy.engine.onnx.SessionConfig session = cuda == null ? org.understudy.engine.onnx.SessionConfig.defaults()
                    : org.understudy.engine.onnx.SessionConfig.defaults().withCuda(cuda);
            try (RenderService service = new RenderService(frontend(install, err), noCache ? null : new RenderCache(cacheFolder()), session)) {
                result = service.render(new RenderJob(s, main, voices, rate, sampleFormat, output, perCue), listener);
            } catch (CancellationException e) {
                err.println("\nunderstudy: cancelled; nothing was written");
                return CANCELLED;
            } finally {
                if (bar) err.println();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // Ctrl-C arrived: the hook already ran
                }
            }
            for (String w : result.warnings()) err.println("warning: " + w);
            double length = 0;
            for (RenderedCue c : result.cues()) length = Math.max(length, c.end());
            out.printf(Locale.ROOT, "rendered %d cues (%d from the cache), %.2f s at %d Hz%n", result.cues().size(), result.cuesFromCache(), length, rate);
            for (Path f : result.files()) out.println("wrote " + f);
            out.flush();
            return 0;
        }

        private Path cacheFolder() {
            if (cache != null) return cache;
            final String xdg = System.getenv("XDG_CACHE_HOME");
            final Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
            return base.resolve("understudy").resolve("renders");
        }

        /**
         * The text data: --gsv-text, else the default voice's GPT-SoVITS install, else ../shared/gsv-data;
         * with none, English words are read by the letter-to-sound rules alone.
         */
        private Frontend frontend(Path install, PrintWriter err) throws IOException {
            Path text = gsvText;
            if (text == null && install != null && Files.isRegularFile(install.resolve("GPT_SoVITS/text/cmudict.rep"))) text = install.resolve("GPT_SoVITS/text");
            if (text == null && Files.isRegularFile(Path.of("..", "shared", "gsv-data", "cmudict.rep"))) text = Path.of("..", "shared", "gsv-data");
            if (text == null) {
                err.println("note: no GPT-SoVITS text data (--gsv-text), so English is read by letter-to-sound rules alone and Chinese is unavailable");
                return new Frontend(CmuDict.empty(), Lexicon.EMPTY, null);
            }
            // g2pW's tokenizer: <text>/../pretrained_models/chinese-roberta-wwm-ext-large, or else the install's
            Path bert = install != null ? install.resolve("GPT_SoVITS/pretrained_models/chinese-roberta-wwm-ext-large") : null;
            if (bert != null && (!Files.isDirectory(bert) || Files.isDirectory(text.resolve(G2pwPinyin.TOKENIZER_FOLDER)))) bert = null;
            return TextData.frontend(text, jieba, bert, Lexicon.EMPTY, err::println);
        }
    }
}
