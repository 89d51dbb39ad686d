package org.understudy.engine.gptsovits;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.ObjIntConsumer;
import org.understudy.engine.audio.KaldiFbank;
import org.understudy.engine.audio.ReferenceAudio;
import org.understudy.engine.audio.ReferenceAudioException;
import org.understudy.engine.audio.Spectrogram;
import org.understudy.engine.checkpoint.Checkpoint;
import org.understudy.engine.checkpoint.CheckpointException;
import org.understudy.engine.onnx.SessionConfig;
import org.understudy.engine.text.Frontend;

/**
 * Upstream's {@code TTS_infer_pack/TTS.py: TTS} for v1, v2, v2Pro and v2ProPlus voices: one voice's
 * models and its inference path.
 * <ul>
 *   <li>References → {@link ReferenceFeatures}: the prompt's semantic tokens (16 kHz + 0.6 s silence →
 *       HuBERT → ssl_proj + codebook), each reference's style spectrogram, and for v2Pro/ProPlus its
 *       speaker embedding (Kaldi fbank → ERes2NetV2).</li>
 *   <li>Prompt text and each sentence → phone ids and BERT features [1024, L] (Chinese segments get
 *       BERT, every other language zeros).</li>
 *   <li>T2S (prompt phones ++ sentence phones, prompt tokens) → semantic tokens → SoVITS decode with
 *       all references' mean style → 32 kHz audio, divided by its peak when that exceeds 1.</li>
 * </ul>
 * HuBERT is loaded with the voice; BERT and the speaker model only when first needed.
 */
public final class Tts implements AutoCloseable {
    /** The SoVITS output rate of every v1/v2/Pro config. */
    public static final int SAMPLE_RATE = ReferenceAudio.RATE_32K;
    /**
     * Sentences T2S decodes together by default: 4 rows nearly halve the time of 8 sentences on 2 cores
     * (bench t2s); the batch graph costs one more copy of the decoder weights (about 310 MB).
     */
    public static final int BATCH_ROWS = 4;
    /** {@code SynthesizerTrn.decode}'s default noise_scale, which TTS.run keeps. */
    public static final float NOISE_SCALE = 0.5f;
    /** The marks that end a prompt text; another ends it with "。" ("." for English), as TTS.run does. */
    static final String SPLITS = "，。？！,.?!~:：—…";

    /** Where a GPT-SoVITS install keeps what a voice needs besides its own weights. */
    public record Install(Path root) {
        public Path pretrained() {
            return root.resolve("GPT_SoVITS").resolve("pretrained_models");
        }

        public Path hubert() {
            return pretrained().resolve("chinese-hubert-base");
        }

        public Path bert() {
            return pretrained().resolve("chinese-roberta-wwm-ext-large");
        }

        public Path speakerModel() {
            return pretrained().resolve("sv").resolve("pretrained_eres2netv2w24s4ep4.ckpt");
        }

        /** The frontend data: CMUdict, the Chinese tables, g2pW. */
        public Path text() {
            return root.resolve("GPT_SoVITS").resolve("text");
        }
    }

    /** One reference recording, mono at its own rate, named for messages. */
    public record Recording(String name, float[] mono, int sampleRate) {}

    /** What the references give the voice: the first one's semantic tokens, and every one's style input. */
    public record ReferenceFeatures(long[] promptTokens, List<SynthesizerTrn.Reference> styles) {}

    /** Phone ids [L] and BERT features [1024, L] row-major of one text. */
    public record TextFeatures(long[] phones, float[] bert) {
        public int length() {
            return phones.length;
        }
    }

    /**
     * The sampling settings and speed of a render, the T2S step cap per sentence (upstream's 1500 by
     * default; benchmarks of random weights, which never stop on their own, set a smaller one) and
     * SoVITS's noise scale (upstream's 0.5 by default; parity checks use 0).
     */
    public record Settings(T2SSampler.Settings sampling, float speed, int maxSteps, float noiseScale) {
        public Settings(T2SSampler.Settings sampling, float speed, int maxSteps) {
            this(sampling, speed, maxSteps, NOISE_SCALE);
        }

        public Settings(T2SSampler.Settings sampling, float speed) {
            this(sampling, speed, Text2SemanticDecoder.MAX_STEPS);
        }
    }

    private final Install install;
    private final SessionConfig session;
    private final Text2SemanticDecoder t2s;
    private final SynthesizerTrn sovits;
    private final CnHubert hubert;
    private ChineseBert bert;
    private ERes2NetV2 speaker;

    private Tts(Install install, SessionConfig session, Text2SemanticDecoder t2s, SynthesizerTrn sovits, CnHubert hubert) {
        this.install = install;
        this.session = session;
        this.t2s = t2s;
        this.sovits = sovits;
        this.hubert = hubert;
    }

    /** [engine-worker] A voice from models already built (benchmarks build them from random weights); it owns and closes them. */
    public static Tts of(Install install, SessionConfig session, Text2SemanticDecoder t2s, SynthesizerTrn sovits, CnHubert hubert) {
        return new Tts(install, session, t2s, sovits, hubert);
    }

    /**
     * [engine-worker] Loads a voice: its GPT {@code .ckpt}, its SoVITS {@code .pth}, and HuBERT from the
     * install. Refuses a pair whose symbol tables differ (a v1 model with a v2 one) and v3/v4 models.
     */
    public static Tts load(Path gpt, Path sovitsFile, Install install, SessionConfig session) throws CheckpointException {
        return load(gpt, sovitsFile, install, session, BATCH_ROWS);
    }

    /** [engine-worker] As {@link #load(Path, Path, Install, SessionConfig)}, T2S decoding {@code batchRows} sentences together. */
    public static Tts load(Path gpt, Path sovitsFile, Install install, SessionConfig session, int batchRows) throws CheckpointException {
        final Checkpoint gptCkpt = Checkpoint.open(gpt).expectContent(Checkpoint.Content.GPT);
        final Checkpoint sovitsCkpt = Checkpoint.open(sovitsFile).expectContent(Checkpoint.Content.SOVITS);
        final T2SConfig t2sConfig = T2SConfig.from(gptCkpt);
        final SovitsConfig sovitsConfig = SovitsConfig.from(sovitsCkpt);
        final boolean gptV1 = t2sConfig.phonemeVocab() < org.understudy.engine.text.Symbols.forVersion("v2").size();
        if (gptV1 != sovitsConfig.version().equals("v1")) {
            throw new CheckpointException(gpt, "this GPT model is " + (gptV1 ? "v1" : "v2 or later") + " (" + t2sConfig.phonemeVocab()
                    + " phoneme ids) but the SoVITS model " + sovitsFile.getFileName() + " is " + sovitsConfig.version()
                    + "; they read different symbol tables. Pair weights trained for the same GPT-SoVITS version.");
        }
        final Path hubertFolder = install.hubert();
        if (!Files.isDirectory(hubertFolder)) {
            throw new CheckpointException(hubertFolder, "the pretrained HuBERT model (chinese-hubert-base) is missing from the GPT-SoVITS install "
                    + install.root() + "; download GPT-SoVITS's pretrained models into GPT_SoVITS/pretrained_models");
        }
        Text2SemanticDecoder t = null;
        SynthesizerTrn s = null;
        try {
            t = Text2SemanticDecoder.load(gptCkpt, session, batchRows);
            s = SynthesizerTrn.load(sovitsCkpt, session);
            final CnHubert h = CnHubert.load(hubertFolder, session);
            if (h.config().hidden() != s.config().sslDim()) {
                h.close();
                throw new CheckpointException(hubertFolder, "HuBERT gives " + h.config().hidden() + "-wide features but " + sovitsFile.getFileName()
                        + " expects " + s.config().sslDim());
            }
            return new Tts(install, session, t, s, h);
        } catch (CheckpointException | RuntimeException e) {
            if (t != null) t.close();
            if (s != null) s.close();
            throw e;
        }
    }

    /**
     * [any-thread] About how much memory the loaded models hold: fp32 weights, once per ONNX Runtime
     * session that copies them (the T2S prefill, step and batch step; SoVITS; HuBERT; BERT and the
     * speaker model once loaded). For the model cache's budget, not an exact figure.
     */
    public synchronized long memoryBytes() {
        long params = count(Text2SemanticDecoder.weightShapes(t2s.config())) * (t2s.batchRows() > 1 ? 3 : 2)
                + count(SynthesizerTrn.weightShapes(sovits.config())) + count(CnHubert.weightShapes(hubert.config()));
        if (bert != null) {
            final ChineseBert.Config b = bert.config();
            params += (long) b.layers() * (4L * b.hidden() * b.hidden() + 2L * b.hidden() * b.intermediate()) + (long) (b.vocab() + b.maxPositions()) * b.hidden();
        }
        if (speaker != null) params += 20_000_000L;                          // ERes2NetV2 w24s4ep4: about 20 M used parameters
        return 4 * params;
    }

    private static long count(java.util.Map<String, long[]> shapes) {
        long n = 0;
        for (long[] shape : shapes.values()) {
            long k = 1;
            for (long d : shape) k *= d;
            n += k;
        }
        return n;
    }

    /** [any-thread] The symbol table this voice's models read: "v1" or "v2". */
    public String symbolVersion() {
        return sovits.config().version().equals("v1") ? "v1" : "v2";
    }

    /** [any-thread] The SoVITS model version: v1, v2, v2Pro or v2ProPlus. */
    public String version() {
        return sovits.config().version();
    }

    /** [any-thread] */
    public Install install() {
        return install;
    }

    /**
     * [engine-worker] The features of the references: the first is the prompt (its semantic tokens);
     * all of them give the style. Each must be 3–10 s long, as upstream requires.
     */
    public ReferenceFeatures referenceFeatures(List<Recording> recordings) throws ReferenceAudioException, CheckpointException {
        if (recordings.isEmpty()) throw new IllegalArgumentException("a GPT-SoVITS voice needs at least one reference recording");
        long[] tokens = null;
        final List<SynthesizerTrn.Reference> styles = new ArrayList<>();
        final Spectrogram stft = Spectrogram.forSovitsVersion(sovits.config().version());
        for (Recording r : recordings) {
            final ReferenceAudio audio;
            try {
                audio = ReferenceAudio.of(r.mono(), 1, r.sampleRate());
            } catch (ReferenceAudioException e) {
                throw new ReferenceAudioException(r.name() + ": " + e.getMessage(), e.seconds());
            }
            if (tokens == null) tokens = promptTokens(audio);
            final float[][] spec = stft.compute(audio.wav32k());
            final float[] rows = new float[spec.length * spec[0].length];
            for (int b = 0; b < spec.length; b++) System.arraycopy(spec[b], 0, rows, b * spec[0].length, spec[0].length);
            styles.add(new SynthesizerTrn.Reference(rows, spec.length, sovits.config().proVariant() ? speakerEmbedding(audio) : null));
        }
        return new ReferenceFeatures(tokens, List.copyOf(styles));
    }

    private long[] promptTokens(ReferenceAudio audio) {
        final CnHubert.Features f = hubert.forward(audio.hubertInput());
        final int frames = f.frames(), h = hubert.config().hidden();
        final float[] hidden = f.lastHiddenState(), ssl = new float[h * frames];      // [F, H] → [H, F]
        for (int t = 0; t < frames; t++) for (int d = 0; d < h; d++) ssl[d * frames + t] = hidden[t * h + d];
        return sovits.extractLatent(ssl, frames);
    }

    private float[] speakerEmbedding(ReferenceAudio audio) throws CheckpointException {
        if (speaker == null) {
            final Path file = install.speakerModel();
            if (!Files.isRegularFile(file)) {
                throw new CheckpointException(file, sovits.config().version() + " voices need the speaker-verification model "
                        + "(GPT_SoVITS/pretrained_models/sv/pretrained_eres2netv2w24s4ep4.ckpt), which this install lacks");
            }
            final ERes2NetV2 model = ERes2NetV2.load(Checkpoint.open(file), session);
            if (model.config().embedding() != sovits.config().speakerEmbedding()) {
                model.close();
                throw new CheckpointException(file, "the speaker model gives " + model.config().embedding() + "-wide embeddings but the "
                        + sovits.config().version() + " SoVITS model expects " + sovits.config().speakerEmbedding());
            }
            speaker = model;
        }
        final float[][] fbank = new KaldiFbank().compute(audio.speakerInput16k());
        final float[] flat = new float[fbank.length * KaldiFbank.MEL_BINS];
        for (int t = 0; t < fbank.length; t++) System.arraycopy(fbank[t], 0, flat, t * KaldiFbank.MEL_BINS, KaldiFbank.MEL_BINS);
        return speaker.embed(flat, fbank.length);
    }

    /**
     * [any-thread] The prompt text as TTS.run reads it: without surrounding newlines, and ending in one of
     * upstream's marks ("。" is added, "." for English).
     */
    public static String promptText(String text, String language) {
        final String t = text.strip();
        if (t.isEmpty()) return t;
        return SPLITS.indexOf(t.charAt(t.length() - 1)) >= 0 ? t : t + (language.equals("en") ? "." : "。");
    }

    /** [engine-worker] Phone ids and BERT features of phonemised text (BERT for Chinese segments, zeros otherwise). */
    public TextFeatures textFeatures(Frontend.Result text) throws CheckpointException {
        final int l = text.phones().size(), width = t2s.config().bertWidth();
        final float[] features = new float[width * l];
        int at = 0;
        for (Frontend.Segment s : text.segments()) {
            final int n = s.phones().size();
            if (s.language().equals("zh") && s.word2ph() != null) {
                final float[] f = bert().segmentFeatures("zh", s.normText(), s.word2ph(), n);
                for (int d = 0; d < width; d++) System.arraycopy(f, d * n, features, d * l + at, n);
            }
            at += n;
        }
        final long[] ids = new long[l];
        final int[] raw = text.ids();
        for (int i = 0; i < l; i++) ids[i] = raw[i];
        return new TextFeatures(ids, features);
    }

    private ChineseBert bert() throws CheckpointException {
        if (bert == null) {
            final Path folder = install.bert();
            if (!Files.isDirectory(folder)) {
                throw new CheckpointException(folder, "Chinese text needs the pretrained BERT model (chinese-roberta-wwm-ext-large), "
                        + "which the GPT-SoVITS install " + install.root() + " lacks");
            }
            final ChineseBert b = ChineseBert.load(folder, session);
            if (b.config().hidden() != t2s.config().bertWidth()) {
                b.close();
                throw new CheckpointException(folder, "BERT is " + b.config().hidden() + " wide but the GPT model reads " + t2s.config().bertWidth());
            }
            bert = b;
        }
        return bert;
    }

    /** One sentence to speak: its phones and BERT features, its settings, and the seed of its T2S draws and SoVITS noise. */
    public record Sentence(TextFeatures text, Settings settings, long seed) {}

    /**
     * [engine-worker] Speaks sentences after the prompt. T2S runs them together, the model's batch rows at
     * a time (a finished row's slot takes the next sentence); each is decoded by SoVITS as soon as its
     * tokens are done, and {@code done} hears its 32 kHz audio with its index, in the order they finish.
     * {@code cancelled} is asked before every T2S step. The step cap is the largest the sentences ask for.
     */
    public void speak(TextFeatures prompt, ReferenceFeatures refs, List<Sentence> sentences, BooleanSupplier cancelled, ObjIntConsumer<float[]> done) {
        final List<Text2SemanticDecoder.Request> requests = new ArrayList<>();
        int maxSteps = 1;
        for (Sentence s : sentences) {
            final long[] phones = concat(prompt.phones(), s.text().phones());
            final float[] bert = concatColumns(prompt.bert(), prompt.length(), s.text().bert(), s.text().length(), t2s.config().bertWidth());
            requests.add(new Text2SemanticDecoder.Request(phones, bert, refs.promptTokens(), new T2SSampler(s.settings().sampling(), t2s.config().vocab(), s.seed())));
            maxSteps = Math.max(maxSteps, s.settings().maxSteps());
        }
        t2s.generateBatch(requests, maxSteps, cancelled, (result, i) -> {
            final Sentence s = sentences.get(i);
            done.accept(decode(result.tokens(), s.text().phones(), refs, s.settings(), s.seed()), i);
        });
    }

    /** [any-thread] How many sentences T2S decodes together. */
    public int batchRows() {
        return t2s.batchRows();
    }

    private float[] decode(long[] tokens, long[] phones, ReferenceFeatures refs, Settings settings, long seed) {
        final float speed = settings.speed();
        final float[] audio = sovits.decode(tokens, phones, refs.styles(), speed, sovits.noise(SynthesizerTrn.frames(tokens.length, speed), seed),
                settings.noiseScale()).audio();
        float peak = 0;
        for (float v : audio) peak = Math.max(peak, Math.abs(v));
        if (peak > 1) for (int i = 0; i < audio.length; i++) audio[i] /= peak;
        return audio;
    }

    private static long[] concat(long[] a, long[] b) {
        final long[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** [width, la] ++ [width, lb] along the columns. */
    static float[] concatColumns(float[] a, int la, float[] b, int lb, int width) {
        final int l = la + lb;
        final float[] out = new float[width * l];
        for (int d = 0; d < width; d++) {
            System.arraycopy(a, d * la, out, d * l, la);
            System.arraycopy(b, d * lb, out, d * l + la, lb);
        }
        return out;
    }

    @Override
    public void close() {
        t2s.close();
        sovits.close();
        hubert.close();
        if (bert != null) bert.close();
        if (speaker != null) speaker.close();
    }
}
