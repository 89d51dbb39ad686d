package org.understudy.engine.gptsovits;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.understudy.engine.Fixtures;
import org.understudy.engine.Npy;
import org.understudy.engine.checkpoint.Checkpoint;
import org.understudy.engine.onnx.SessionConfig;

/**
 * End to end on pipeline-small, every model ours: reference audio → HuBERT → prompt tokens; prompt and
 * target text → BERT; T2S greedy decode → semantic tokens; SoVITS → audio. Phone ids and word2ph come
 * from the fixture (the text frontend is its own issue); the reference spectrogram too.
 */
class PipelineTest {
    private static final String CASE = "pipeline-small";

    private static Npy npy(String name) throws IOException {
        return Npy.read(Fixtures.path(CASE, name + ".npy"));
    }

    private static int[] ints(String name) throws IOException {
        return Arrays.stream(npy(name).toLongArray()).mapToInt(n -> (int) n).toArray();
    }

    @Test
    void fromTheRecordingItselfThePromptTokensAndTheStyleAreUpstreams() throws Exception {
        // ref.wav → our 16 kHz resampling + 0.6 s of silence → HuBERT → prompt tokens; → our spectrogram → style
        final org.understudy.engine.audio.ReferenceAudio ref = org.understudy.engine.audio.ReferenceAudio.of(
                Fixtures.wavMono16(CASE, "ref.wav", 32000f), 1, 32000);
        final SessionConfig cpu = SessionConfig.cpu(2);
        try (CnHubert hubert = CnHubert.load(Fixtures.path(CASE, "chinese-hubert-base"), cpu);
             SynthesizerTrn sovits = SynthesizerTrn.load(Checkpoint.open(Fixtures.path("sovits-v2-small", "sovits_v2_small.pth")), cpu)) {
            final CnHubert.Features f = hubert.forward(ref.hubertInput());
            final int frames = f.frames(), h = hubert.config().hidden();
            final float[] ssl = new float[h * frames];
            for (int t = 0; t < frames; t++) for (int d = 0; d < h; d++) ssl[d * frames + t] = f.lastHiddenState()[t * h + d];
            assertArrayEquals(npy("prompt_semantic").toLongArray(), sovits.extractLatent(ssl, frames), "prompt tokens from the WAV");

            final float[][] spec = org.understudy.engine.audio.Spectrogram.forSovitsVersion(sovits.config().version()).compute(ref.wav32k());
            final float[] rows = new float[spec.length * spec[0].length];
            for (int b = 0; b < spec.length; b++) System.arraycopy(spec[b], 0, rows, b * spec[0].length, spec[0].length);
            final long[] tokens = npy("pred_semantic").toLongArray();
            final SynthesizerTrn.Decoded out = sovits.decode(tokens, npy("target_phone_ids").toLongArray(),
                    List.of(new SynthesizerTrn.Reference(rows, spec.length)), 1f,
                    new float[sovits.config().inter() * SynthesizerTrn.frames(tokens.length, 1f)], 0f);
            final float[] golden = npy("audio").toFloatArray();
            double signal = 0, error = 0;
            for (int i = 0; i < golden.length; i++) {
                signal += (double) golden[i] * golden[i];
                error += (double) (golden[i] - out.audio()[i]) * (golden[i] - out.audio()[i]);
            }
            final double snr = 10 * Math.log10(signal / error);
            System.out.printf("pipeline-small from ref.wav: audio SNR %.1f dB%n", snr);
            assertTrue(snr >= 60, "audio SNR " + snr + " dB");
        }
    }

    @Test
    void referenceAudioAndTextBecomeUpstreamsAudio() throws IOException {
        final SessionConfig cpu = SessionConfig.cpu(2);
        final JsonNode params = Fixtures.manifest(CASE).path("params");
        try (CnHubert hubert = CnHubert.load(Fixtures.path(CASE, "chinese-hubert-base"), cpu);
             ChineseBert bert = ChineseBert.load(Fixtures.path(CASE, "chinese-roberta-wwm-ext-large"), cpu);
             Text2SemanticDecoder t2s = Text2SemanticDecoder.load(Checkpoint.open(Fixtures.path("t2s-small", "t2s_small.ckpt")), cpu);
             SynthesizerTrn sovits = SynthesizerTrn.load(Checkpoint.open(Fixtures.path("sovits-v2-small", "sovits_v2_small.pth")), cpu)) {
            // prompt tokens: 16 kHz reference + 0.6 s of silence → HuBERT → ssl_proj + codebook
            final float[] ref = npy("ref_16k").toFloatArray();
            final CnHubert.Features f = hubert.forward(Arrays.copyOf(ref, ref.length + 9600));
            final int frames = f.frames(), h = hubert.config().hidden();
            final float[] ssl = new float[h * frames];
            for (int t = 0; t < frames; t++) for (int d = 0; d < h; d++) ssl[d * frames + t] = f.lastHiddenState()[t * h + d];
            final long[] promptTokens = sovits.extractLatent(ssl, frames);
            assertArrayEquals(npy("prompt_semantic").toLongArray(), promptTokens, "prompt semantic tokens");

            // BERT features [1024, Lp + Lt]: prompt, then the target's zh segment and zeros for its 6 English phones
            final String prompt = params.path("prompt_text").asText(), targetZh = params.path("target_text").asText().split(" ", 2)[0];
            final long[] promptPhones = npy("prompt_phone_ids").toLongArray(), targetPhones = npy("target_phone_ids").toLongArray();
            final int lp = promptPhones.length, lt = targetPhones.length, zhPhones = Arrays.stream(ints("target_word2ph")).sum();
            final float[] p = bert.segmentFeatures("zh", prompt, ints("prompt_word2ph"), lp);
            final float[] zh = bert.segmentFeatures("zh", targetZh, ints("target_word2ph"), zhPhones);
            final int width = bert.config().hidden(), l = lp + lt;
            final float[] features = new float[width * l];
            for (int d = 0; d < width; d++) {
                System.arraycopy(p, d * lp, features, d * l, lp);
                System.arraycopy(zh, d * zhPhones, features, d * l + lp, zhPhones);         // English columns stay zero
            }
            final long[] phones = new long[l];
            System.arraycopy(promptPhones, 0, phones, 0, lp);
            System.arraycopy(targetPhones, 0, phones, lp, lt);

            // T2S, greedy as the fixture ran it
            final Text2SemanticDecoder.Result semantic = t2s.generate(phones, features, promptTokens,
                    new T2SSampler(new T2SSampler.Settings(1, 1f, 1f, 1.35f), t2s.config().vocab(), 0), Text2SemanticDecoder.MAX_STEPS, null);
            assertArrayEquals(npy("pred_semantic").toLongArray(), semantic.tokens(), "semantic tokens");

            // SoVITS, noise 0
            final Npy spec = npy("ref_spec");
            final SynthesizerTrn.Decoded out = sovits.decode(semantic.tokens(), targetPhones,
                    List.of(new SynthesizerTrn.Reference(spec.toFloatArray(), (int) spec.shape()[1])), 1f,
                    new float[sovits.config().inter() * SynthesizerTrn.frames(semantic.tokens().length, 1f)], 0f);
            final float[] golden = npy("audio").toFloatArray();
            assertEquals(golden.length, out.audio().length, "audio length");
            double signal = 0, error = 0;
            for (int i = 0; i < golden.length; i++) {
                signal += (double) golden[i] * golden[i];
                error += (double) (golden[i] - out.audio()[i]) * (golden[i] - out.audio()[i]);
            }
            final double snr = 10 * Math.log10(signal / error);
            System.out.printf("pipeline-small end to end: %d prompt tokens, %d semantic tokens, audio SNR %.1f dB%n",
                    promptTokens.length, semantic.tokens().length, snr);
            assertTrue(snr >= 60, "audio SNR " + snr + " dB");
        }
    }
}
