package org.understudy.engine.gptsovits;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.understudy.engine.Fixtures;
import org.understudy.engine.Npy;
import org.understudy.engine.onnx.SessionConfig;

/**
 * The pipeline-small case's own HF models: HuBERT 768 wide and BERT 1024 wide, fp16 tensors in shared
 * storages inside their pytorch_model.bin. Reference audio → ssl, and the prompt and target BERT features.
 */
class PipelineFeaturesTest {
    private static final String CASE = "pipeline-small";
    /** TTS._set_prompt_semantic appends int(32000 · 0.3) zeros to the 16 kHz audio. */
    private static final int APPENDED_ZEROS = 9600;

    private static Npy npy(String name) throws IOException {
        return Npy.read(Fixtures.path(CASE, name + ".npy"));
    }

    private static int[] ints(String name) throws IOException {
        return Arrays.stream(npy(name).toLongArray()).mapToInt(n -> (int) n).toArray();
    }

    @Test
    void hubertGivesTheSslFeatures() throws IOException {
        final float[] ref = npy("ref_16k").toFloatArray();
        final float[] wav = Arrays.copyOf(ref, ref.length + APPENDED_ZEROS);
        try (CnHubert hubert = CnHubert.load(Fixtures.path(CASE, "chinese-hubert-base"), SessionConfig.cpu(2))) {
            final CnHubert.Features f = hubert.forward(wav);
            final int frames = f.frames(), h = hubert.config().hidden();
            assertEquals(Fixtures.manifest(CASE).path("params").path("hubert_frames").asInt(), frames);
            final float[] ssl = new float[h * frames];                           // last_hidden_state.transpose(1, 2): [1, 768, F]
            for (int t = 0; t < frames; t++) for (int d = 0; d < h; d++) ssl[d * frames + t] = f.lastHiddenState()[t * h + d];
            CnHubertTest.assertClose(npy("ssl"), ssl, "pipeline ssl");
        }
    }

    @Test
    void bertGivesThePromptAndTargetFeatures() throws IOException {
        final JsonNode params = Fixtures.manifest(CASE).path("params");
        final String prompt = params.path("prompt_text").asText();
        final String targetZh = params.path("target_text").asText().split(" ", 2)[0];       // the zh segment; "hello world" is en
        try (ChineseBert bert = ChineseBert.load(Fixtures.path(CASE, "chinese-roberta-wwm-ext-large"), SessionConfig.cpu(2))) {
            assertArrayEquals(npy("prompt_input_ids").toLongArray(), bert.tokenizer().encode(prompt));
            assertArrayEquals(npy("target_input_ids").toLongArray(), bert.tokenizer().encode(targetZh));
            CnHubertTest.assertClose(npy("prompt_bert"), bert.segmentFeatures("zh", prompt, ints("prompt_word2ph"), 30), "pipeline prompt_bert");

            // target: the zh segment's 27 phones, then zeros for the 6 English phones, concatenated along the phone axis
            final int h = bert.config().hidden(), zhPhones = Arrays.stream(ints("target_word2ph")).sum(), enPhones = 6;
            final float[] zh = bert.segmentFeatures("zh", targetZh, ints("target_word2ph"), zhPhones);
            final float[] en = bert.segmentFeatures("en", "hello world", new int[0], enPhones);
            final int phones = zhPhones + enPhones;
            final float[] target = new float[h * phones];
            for (int d = 0; d < h; d++) {
                System.arraycopy(zh, d * zhPhones, target, d * phones, zhPhones);
                System.arraycopy(en, d * enPhones, target, d * phones + zhPhones, enPhones);
            }
            CnHubertTest.assertClose(npy("target_bert"), target, "pipeline target_bert");
        }
    }
}
