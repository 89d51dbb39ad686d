package org.understudy.engine.gptsovits;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.understudy.engine.Fixtures;
import org.understudy.engine.Npy;
import org.understudy.engine.checkpoint.Checkpoint;
import org.understudy.engine.onnx.SessionConfig;

/** Parity with upstream infer_panel on the t2s-small fixture (3 layers × 96, real .ckpt, fp16 on disk). */
class Text2SemanticDecoderTest {
    private static final String CASE = "t2s-small";
    private static Text2SemanticDecoder model;

    @BeforeAll
    static void load() throws IOException {
        model = Text2SemanticDecoder.load(Checkpoint.open(Fixtures.path(CASE, "t2s_small.ckpt")), SessionConfig.cpu(2));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static Npy npy(String name) throws IOException {
        return Npy.read(Fixtures.path(CASE, name + ".npy"));
    }

    /** Records what the decoder saw at every step. */
    private static final class Recorder implements Text2SemanticDecoder.Observer {
        float[] hidden;
        final List<float[]> steps = new ArrayList<>();

        @Override public void prefill(float[] h) { hidden = h; }
        @Override public void step(int index, float[] raw) { steps.add(raw); }
    }

    private static T2SSampler greedy() {
        return new T2SSampler(new T2SSampler.Settings(1, 1f, 1f, 1.35f), model.config().vocab(), 0);
    }

    @Test
    void configComesFromTheCheckpoint() {
        assertEquals(new T2SConfig(3, 96, 3, 384, 1025, 732, 1024, 1024), model.config());
    }

    @Test
    void promptedGreedyDecodeMatchesUpstream() throws IOException {
        final long[] prompt = npy("prompt_phone_ids").toLongArray(), target = npy("target_phone_ids").toLongArray();
        final long[] phones = new long[prompt.length + target.length];
        System.arraycopy(prompt, 0, phones, 0, prompt.length);
        System.arraycopy(target, 0, phones, prompt.length, target.length);
        final Recorder seen = new Recorder();
        final Text2SemanticDecoder.Result r = model.generate(phones, npy("bert_features").toFloatArray(),
                npy("prompt_semantic_ids").toLongArray(), greedy(), Text2SemanticDecoder.MAX_STEPS, seen);

        assertArrayEquals(npy("prefill_hidden").toFloatArray(), seen.hidden, 1e-4f, "prefill hidden state");
        assertArrayEquals(npy("prefill_logits").toFloatArray(), seen.steps.get(0), 1e-4f, "prefill logits");
        final float[] steps = npy("step_logits").toFloatArray();
        final int v = model.config().vocab();
        assertEquals(steps.length / v, seen.steps.size(), "number of steps");
        for (int i = 0; i < seen.steps.size(); i++) {
            assertArrayEquals(Arrays.copyOfRange(steps, i * v, (i + 1) * v), seen.steps.get(i), 1e-4f, "logits of step " + i);
        }
        assertArrayEquals(npy("generated_ids").toLongArray(), r.tokens(), "generated tokens");
        assertTrue(r.stoppedByEos());
    }

    @Test
    void referenceFreeGreedyDecodeMatchesUpstream() throws IOException {
        final Recorder seen = new Recorder();
        final long[] expected = npy("free_generated_ids").toLongArray();
        final Text2SemanticDecoder.Result r = model.generate(npy("free_phone_ids").toLongArray(), npy("free_bert_features").toFloatArray(),
                new long[0], greedy(), expected.length, seen);
        final float[] steps = npy("free_step_logits").toFloatArray();
        final int v = model.config().vocab();
        for (int i = 0; i < steps.length / v; i++) {
            assertArrayEquals(Arrays.copyOfRange(steps, i * v, (i + 1) * v), seen.steps.get(i), 1e-4f, "logits of step " + i);
        }
        assertArrayEquals(expected, r.tokens());
    }
}
