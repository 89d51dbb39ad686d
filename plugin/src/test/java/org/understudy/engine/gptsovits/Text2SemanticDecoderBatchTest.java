package org.understudy.engine.gptsovits;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.understudy.engine.Fixtures;
import org.understudy.engine.Npy;
import org.understudy.engine.checkpoint.Checkpoint;
import org.understudy.engine.onnx.SessionConfig;

/**
 * Batched decoding on the t2s-small fixture: every row must decode exactly as {@code generate} does
 * alone (same tokens, same stop, step logits within 1e-4), with refill (more requests than rows).
 */
class Text2SemanticDecoderBatchTest {
    private static final String CASE = "t2s-small";
    private static final int ROWS = 3, MAX_STEPS = 150;
    /** The 3-row batch model; {@link #single} is built without a batch graph (its batches run one row at a time). */
    private static Text2SemanticDecoder batched, single;
    /** Phones, BERT and prompt tokens of each case: the fixture's golden prompted case first. */
    private static final List<long[]> phones = new ArrayList<>(), prompts = new ArrayList<>();
    private static final List<float[]> berts = new ArrayList<>();

    @BeforeAll
    static void load() throws IOException {
        batched = Text2SemanticDecoder.load(Checkpoint.open(Fixtures.path(CASE, "t2s_small.ckpt")), SessionConfig.cpu(2), ROWS);
        single = Text2SemanticDecoder.load(Checkpoint.open(Fixtures.path(CASE, "t2s_small.ckpt")), SessionConfig.cpu(2));
        final long[] promptPhones = npy("prompt_phone_ids").toLongArray(), target = npy("target_phone_ids").toLongArray();
        final float[] bert = npy("bert_features").toFloatArray();
        final long[] prompt = npy("prompt_semantic_ids").toLongArray();
        final int p = promptPhones.length, l = p + target.length;
        final int[] all = range(l), truncated = range(p + 17), permuted = range(l);
        for (int i = 0; i < target.length; i++) permuted[p + i] = p + (i * 7) % target.length;   // 7 is prime to 30
        final long[] phoneIds = new long[l];
        System.arraycopy(promptPhones, 0, phoneIds, 0, p);
        System.arraycopy(target, 0, phoneIds, p, target.length);
        for (int[] columns : new int[][] {all, truncated, permuted}) {
            phones.add(pick(phoneIds, columns));
            berts.add(pickColumns(bert, l, columns));
            prompts.add(prompt);
        }
        phones.add(npy("free_phone_ids").toLongArray());                  // reference-free: no prompt tokens
        berts.add(npy("free_bert_features").toFloatArray());
        prompts.add(new long[0]);
    }

    @AfterAll
    static void close() {
        batched.close();
        single.close();
    }

    private static Npy npy(String name) throws IOException {
        return Npy.read(Fixtures.path(CASE, name + ".npy"));
    }

    private static int[] range(int n) {
        final int[] out = new int[n];
        for (int i = 0; i < n; i++) out[i] = i;
        return out;
    }

    private static long[] pick(long[] x, int[] at) {
        final long[] out = new long[at.length];
        for (int i = 0; i < at.length; i++) out[i] = x[at[i]];
        return out;
    }

    /** Columns of a row-major [1024, l] matrix. */
    private static float[] pickColumns(float[] m, int l, int[] columns) {
        final int rows = m.length / l;
        final float[] out = new float[rows * columns.length];
        for (int r = 0; r < rows; r++) for (int c = 0; c < columns.length; c++) out[r * columns.length + c] = m[r * l + columns[c]];
        return out;
    }

    private static T2SSampler sampler(int topK, long seed) {
        return new T2SSampler(new T2SSampler.Settings(topK, 1f, 1f, 1.35f), batched.config().vocab(), seed);
    }

    private static class Recorder implements Text2SemanticDecoder.Observer {
        final List<float[]> steps = new ArrayList<>();

        @Override public void step(int index, float[] raw) {
            assertEquals(steps.size(), index, "step indices run in order");
            steps.add(raw);
        }
    }

    /** Case i of {@link #phones} with a top_k sampler of the given seed. */
    private static Text2SemanticDecoder.Request request(int i, int topK, long seed, Recorder recorder) {
        return new Text2SemanticDecoder.Request(phones.get(i), berts.get(i), prompts.get(i), sampler(topK, seed), recorder);
    }

    /** 7 requests: the 4 cases greedy, then 3 sampled with top_k 15; more than the 3 rows, so slots refill. */
    private static final int[][] REQUESTS = {{0, 1, 0}, {1, 1, 0}, {2, 1, 0}, {3, 1, 0}, {0, 15, 11}, {1, 15, 12}, {2, 15, 13}};

    private static void assertBatchMatchesSingle(Text2SemanticDecoder model) throws IOException {
        final List<Text2SemanticDecoder.Request> requests = new ArrayList<>();
        final List<Recorder> batchSeen = new ArrayList<>();
        for (int[] q : REQUESTS) {
            final Recorder r = new Recorder();
            batchSeen.add(r);
            requests.add(request(q[0], q[1], q[2], r));
        }
        final java.util.Map<Integer, Text2SemanticDecoder.Result> reported = new java.util.HashMap<>();
        final List<Text2SemanticDecoder.Result> batch = model.generateBatch(requests, MAX_STEPS, () -> false,
                (result, index) -> assertNull(reported.put(index, result), "row " + index + " reported twice"));
        assertEquals(REQUESTS.length, batch.size());
        assertEquals(REQUESTS.length, reported.size(), "every row reported");
        for (int i = 0; i < REQUESTS.length; i++) assertSame(batch.get(i), reported.get(i), "reported result of row " + i);

        boolean someStoppedByEos = false;
        for (int i = 0; i < REQUESTS.length; i++) {
            final int[] q = REQUESTS[i];
            final Recorder alone = new Recorder();
            final Text2SemanticDecoder.Result expected = single.generate(phones.get(q[0]), berts.get(q[0]), prompts.get(q[0]),
                    sampler(q[1], q[2]), MAX_STEPS, alone);
            final Text2SemanticDecoder.Result got = batch.get(i);
            final String what = "request " + i + " (case " + q[0] + ", top_k " + q[1] + ")";
            assertArrayEquals(expected.tokens(), got.tokens(), what + ": tokens");
            assertEquals(expected.stoppedByEos(), got.stoppedByEos(), what + ": stop");
            assertEquals(expected.steps(), got.steps(), what + ": steps");
            assertEquals(alone.steps.size(), batchSeen.get(i).steps.size(), what + ": steps observed");
            for (int s = 0; s < alone.steps.size(); s++) {
                assertArrayEquals(alone.steps.get(s), batchSeen.get(i).steps.get(s), 1e-4f, what + ": logits of step " + s);
            }
            someStoppedByEos |= got.stoppedByEos();
        }
        assertArrayEquals(npy("generated_ids").toLongArray(), batch.get(0).tokens(), "the golden request gives upstream's tokens");
        assertTrue(batch.get(0).stoppedByEos());
        final float[] golden = npy("step_logits").toFloatArray();
        final int v = model.config().vocab();
        assertEquals(golden.length / v, batchSeen.get(0).steps.size());
        for (int s = 0; s < golden.length / v; s++) {
            assertArrayEquals(java.util.Arrays.copyOfRange(golden, s * v, (s + 1) * v), batchSeen.get(0).steps.get(s), 1e-4f,
                    "golden logits of step " + s);
        }
        // rows of different lengths: some finish early, so the test exercises rows leaving and refilling
        assertTrue(batch.stream().mapToInt(Text2SemanticDecoder.Result::steps).distinct().count() > 1, "rows of different lengths");
        assertTrue(someStoppedByEos, "at least one row stops on EOS");
    }

    @Test
    void batchedRowsDecodeExactlyAsAlone() throws IOException {
        assertEquals(ROWS, batched.batchRows());
        assertBatchMatchesSingle(batched);
    }

    @Test
    void oneRowModelRunsBatchesOneAtATime() throws IOException {
        assertEquals(1, single.batchRows());
        assertBatchMatchesSingle(single);
    }

    @Test
    void sampledRowsDiffer() {
        // guards the parity test against a degenerate sampler: two seeds give different sampled tokens
        final Text2SemanticDecoder.Result a = single.generate(phones.get(0), berts.get(0), prompts.get(0), sampler(15, 1), 40, null);
        final Text2SemanticDecoder.Result b = single.generate(phones.get(0), berts.get(0), prompts.get(0), sampler(15, 2), 40, null);
        assertNotEquals(java.util.Arrays.toString(a.tokens()), java.util.Arrays.toString(b.tokens()));
    }

    @Test
    void batchCancellationStopsWithinOneStep() {
        final AtomicBoolean cancel = new AtomicBoolean();
        final AtomicInteger afterCancel = new AtomicInteger(), maxIndexAfter = new AtomicInteger(-1);
        final int cancelAt = 5;
        final List<Text2SemanticDecoder.Request> requests = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            final boolean trigger = i == 0;
            requests.add(new Text2SemanticDecoder.Request(phones.get(i % 3), berts.get(i % 3), prompts.get(i % 3), sampler(15, i),
                    new Text2SemanticDecoder.Observer() {
                        @Override public void step(int index, float[] raw) {
                            if (cancel.get()) {
                                afterCancel.incrementAndGet();
                                maxIndexAfter.accumulateAndGet(index, Math::max);
                            }
                            if (trigger && index == cancelAt) cancel.set(true);
                        }
                    }));
        }
        assertThrows(CancellationException.class, () -> batched.generateBatch(requests, MAX_STEPS, cancel::get, null));
        // only the other rows of the same step may still be sampled; no further step runs
        assertTrue(afterCancel.get() <= ROWS - 1, "samples after the cancel: " + afterCancel.get());
        assertTrue(maxIndexAfter.get() <= cancelAt, "step index after the cancel: " + maxIndexAfter.get());
    }

    @Test
    void singleCancellationStopsWithinOneStep() {
        final AtomicBoolean cancel = new AtomicBoolean();
        final Recorder seen = new Recorder() {
            @Override public void step(int index, float[] raw) {
                super.step(index, raw);
                if (index == 3) cancel.set(true);
            }
        };
        assertThrows(CancellationException.class,
                () -> single.generate(phones.get(0), berts.get(0), prompts.get(0), sampler(1, 0), MAX_STEPS, seen, cancel::get));
        assertEquals(4, seen.steps.size(), "steps 0..3 sampled, no step after the cancel");
        final AtomicInteger prefills = new AtomicInteger();
        assertThrows(CancellationException.class, () -> batched.generateBatch(List.of(request(0, 1, 0, new Recorder() {
            @Override public void prefill(float[] hidden) { prefills.incrementAndGet(); }
        })), MAX_STEPS, () -> true, null));
        assertEquals(0, prefills.get(), "cancelled before any prefill");
    }

    @Test
    void requestsMustNotShareASampler() {
        final T2SSampler shared = sampler(15, 0);
        final List<Text2SemanticDecoder.Request> requests = List.of(
                new Text2SemanticDecoder.Request(phones.get(0), berts.get(0), prompts.get(0), shared),
                new Text2SemanticDecoder.Request(phones.get(1), berts.get(1), prompts.get(1), shared));
        assertThrows(IllegalArgumentException.class, () -> batched.generateBatch(requests, MAX_STEPS));
    }

    @Test
    void emptyBatchAndOneStepRows() {
        assertEquals(List.of(), batched.generateBatch(List.of(), MAX_STEPS));
        final List<Text2SemanticDecoder.Result> r = batched.generateBatch(
                List.of(request(0, 1, 0, null), request(1, 1, 0, null), request(2, 1, 0, null), request(3, 1, 0, null)), 1);
        for (Text2SemanticDecoder.Result x : r) {
            assertEquals(1, x.tokens().length);
            assertFalse(x.stoppedByEos());
        }
        assertSame(r.get(0).getClass(), Text2SemanticDecoder.Result.class);
    }
}
