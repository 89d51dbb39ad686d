package org.understudy.tools;

import java.io.IOException;
import java.nio.Buffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.understudy.engine.audio.WavFile;
import org.understudy.engine.gptsovits.CnHubert;
import org.understudy.engine.gptsovits.SovitsConfig;
import org.understudy.engine.gptsovits.SynthesizerTrn;
import org.understudy.engine.gptsovits.T2SConfig;
import org.understudy.engine.gptsovits.Text2SemanticDecoder;
import org.understudy.engine.gptsovits.Tts;
import org.understudy.engine.guide.GuideVoice;
import org.understudy.engine.onnx.SessionConfig;
import org.understudy.engine.preset.PresetReader;
import org.understudy.engine.preset.VoicePreset;
import org.understudy.engine.render.GptSovitsVoices;
import org.understudy.engine.render.RenderJob;
import org.understudy.engine.render.RenderListener;
import org.understudy.engine.render.RenderService;
import org.understudy.engine.render.RenderedCue;
import org.understudy.engine.script.ScriptReader;
import org.understudy.engine.text.CmuDict;
import org.understudy.engine.text.Frontend;
import org.understudy.engine.text.Lexicon;

/**
 * {@code bench render}: a script of N cues (default 60) rendered through the render service with a
 * GPT-SoVITS voice whose models have upstream's sizes and random weights (T2S 24 × 512, SoVITS v2,
 * chinese-hubert-base), on the CPU, to a 48 kHz WAV. Random T2S weights never stop on their own, so
 * each sentence is capped at a fixed number of tokens. The same script is rendered twice in this run,
 * T2S batched and one sentence at a time, and the ratio printed. The reference is spoken by the guide voice.
 */
final class RenderBench {
    private RenderBench() {}

    private static final String[] SENTENCES = {
        "The harbour was quiet before the storm.", "She counted the boats twice, then a third time.",
        "Nobody had seen the lighthouse keeper since Tuesday.", "A gull landed on the railing and stared at her.",
        "Rain began as a whisper on the tin roof.", "He folded the map and put it back in his coat.",
        "By noon the fog had swallowed the whole bay.", "They waited for the ferry that never came.",
    };

    static void run(String[] args) throws Exception {
        int cues = 60, threads = Runtime.getRuntime().availableProcessors(), tokens = 60, rows = Tts.BATCH_ROWS;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--cues" -> cues = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--tokens" -> tokens = Integer.parseInt(args[++i]);
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (--cues --threads --tokens --rows)");
            }
        }
        final Path dir = Files.createTempDirectory("understudy-bench-render");
        final Path script = dir.resolve("chapter.txt");
        final StringBuilder text = new StringBuilder();
        for (int c = 0; c < cues; c++) {
            text.append(SENTENCES[c % SENTENCES.length]);
            if (c % 3 == 1) text.append(' ').append(SENTENCES[(c + 3) % SENTENCES.length]);         // every third cue has two sentences
            text.append("\n\n");
        }
        Files.writeString(script, text);
        final VoicePreset voice = preset(dir);
        final Path gsvText = Path.of("..", "shared", "gsv-data");
        final Frontend frontend = new Frontend(Files.isRegularFile(gsvText.resolve("cmudict.rep")) ? CmuDict.load(gsvText) : CmuDict.empty(), Lexicon.EMPTY, null);
        System.out.printf(Locale.ROOT, "bench render: %d cues, GPT-SoVITS v2 at upstream size with random weights, %d tokens per sentence, %d threads, 48 kHz%n",
                cues, tokens, threads);
        final double batched = render(frontend, voice, script, dir.resolve("batched.wav"), threads, tokens, rows, "T2S batched, " + rows + " rows");
        final double single = render(frontend, voice, script, dir.resolve("single.wav"), threads, tokens, 1, "one sentence at a time");
        System.out.printf(Locale.ROOT, "speed-up from batching: %.2fx%n", single / batched);
        System.out.printf("peak memory (VmHWM): %s%n", T2SBench.peakMemory());
    }

    /** Renders the script once with models built for {@code rows}; prints and returns the render time (models built beforehand). */
    private static double render(Frontend frontend, VoicePreset voice, Path script, Path out, int threads, int tokens, int rows, String label) throws IOException {
        final SessionConfig session = SessionConfig.cpu(threads);
        final long b0 = System.nanoTime();
        final Tts tts = randomModels(voice, session, rows);
        final double build = (System.nanoTime() - b0) / 1e9;
        final GptSovitsVoices.Loader loader = new GptSovitsVoices.Loader() {
            @Override
            public Tts load(VoicePreset v, SessionConfig s) {
                return tts;
            }

            @Override
            public String identity(VoicePreset v) {
                return "random weights, seed 20261125";
            }
        };
        final long[] first = {0};
        final long t0 = System.nanoTime();
        final RenderService.Result r;
        try (RenderService service = new RenderService(frontend, null, session, loader)) {
            service.capSteps(tokens);
            r = service.render(new RenderJob(ScriptReader.read(script), voice, Map.of(), 48000, WavFile.Format.PCM24, out, false),
                    (done, total, cue) -> {
                        if (first[0] == 0) first[0] = System.nanoTime();
                    });
        }
        final double seconds = (System.nanoTime() - t0) / 1e9;
        double audio = 0;
        for (RenderedCue c : r.cues()) audio += c.end() - c.start();
        System.out.printf(Locale.ROOT, "%-24s build %.1f s; render %.1f s for %.1f s of speech = RTF %.3f (%.1fx real time); first cue finished after %.2f s%n",
                label + ":", build, seconds, audio, seconds / audio, audio / seconds, (first[0] - t0) / 1e9);
        return seconds;
    }

    private static Tts randomModels(VoicePreset voice, SessionConfig session, int rows) {
        final T2SConfig t2s = T2SConfig.upstream();
        final SovitsConfig sovits = SovitsConfig.upstreamV2();
        final CnHubert.Config hubert = CnHubert.Config.upstream();
        final Map<String, Buffer> hubertWeights = RandomWeights.of(CnHubert.weightShapes(hubert), 3);
        return Tts.of(new Tts.Install(voice.gptSovits().orElseThrow().install()), session,
                Text2SemanticDecoder.create(t2s, T2SBench.randomWeights(t2s), session, rows),
                SynthesizerTrn.create(sovits, RandomWeights.of(SynthesizerTrn.weightShapes(sovits), 7), session),
                CnHubert.create(hubert, hubertWeights, session));
    }

    /** A preset for the random voice; its reference is 5 s of the guide voice at 32 kHz. */
    private static VoicePreset preset(Path dir) throws IOException {
        final GuideVoice guide = new GuideVoice(GuideVoice.Settings.LOW);
        final List<String> phones = List.of("DH", "AH0", "W", "EH1", "DH", "ER0", "IH0", "Z", "L", "AH1", "V", "L", "IY0", "T", "AH0", "D", "EY1", ",",
                "L", "EH1", "T", "AH1", "S", "W", "AO1", "K", "IH0", "N", "DH", "AH0", "P", "AA1", "R", "K", ".");
        float[] x = guide.speak(phones, GuideVoice.Language.ENGLISH, 32000, 1);
        final float[] reference = new float[Math.max(x.length, 5 * 32000)];
        System.arraycopy(x, 0, reference, 0, Math.min(x.length, reference.length));
        WavFile.write(dir.resolve("reference.wav"), new float[][] {reference}, 32000, WavFile.Format.PCM16, "", Map.of());
        Files.writeString(dir.resolve("random.json"), """
                {
                  "schema": "understudy-voice", "version": 1, "id": "random", "name": "Random weights", "engine": "gpt-sovits", "language": "en",
                  "gptSovits": { "gpt": "random.ckpt", "sovits": "random.pth", "install": ".",
                    "references": [ { "audio": "reference.wav", "text": "The weather is lovely today, let us walk in the park.", "language": "en" } ] },
                  "inference": { "cutMethod": "cut5" },
                  "provenance": { "speaker": "nobody: random weights", "consent": "not a person", "source": "bench render" }
                }
                """);
        return PresetReader.read(dir.resolve("random.json"));
    }
}
