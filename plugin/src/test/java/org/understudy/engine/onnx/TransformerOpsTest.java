package org.understudy.engine.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.understudy.engine.onnx.OnnxTesting.assertClose;
import static org.understudy.engine.onnx.OnnxTesting.normal;
import static org.understudy.engine.onnx.OnnxTesting.toDouble;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The pieces of a GPT-style decoder, built with GraphBuilder and checked against plain Java. */
class TransformerOpsTest {
    private static final int D = 16;

    @Test
    void layerNormMatchesTorch() {
        final Random rng = new Random(10);
        final int d = 32;
        final float[] gamma = normal(rng, d, 1), beta = normal(rng, d, 1), x = normal(rng, 2 * 7 * d, 3);
        final GraphBuilder g = new GraphBuilder("norm");
        final Value in = g.input("x", DType.FLOAT, "B", "T", d);
        final Value y = g.layerNorm(in, g.weight("norm.weight", DType.FLOAT, d), g.weight("norm.bias", DType.FLOAT, d), 1e-5f);
        g.output("y", y, "B", "T", d);
        try (OrtModel m = OnnxTesting.model(g.build(), Map.of("norm.weight", gamma, "norm.bias", beta))) {
            assertClose(Reference.layerNorm(toDouble(x), d, gamma, beta, 1e-5), OnnxTesting.run(m, Map.of("x", Tensors.floats(x, 2, 7, d))).get("y"), "layer norm");
        }
    }

    /**
     * One head of causal self-attention: x [1, T, D] → q, k, v → softmax(q kᵀ / √D + mask) v. The mask
     * is built in the graph from T, once with Trilu and once with Range + Less.
     */
    private static OnnxGraph attention(boolean trilu) {
        final GraphBuilder g = new GraphBuilder("attention");
        final Value x = g.input("x", DType.FLOAT, 1, "T", D);
        final Value q = g.matMul(x, g.transpose(g.weight("attn.q.weight", DType.FLOAT, D, D), 1, 0)); // [1, T, D]
        final Value k = g.matMul(x, g.transpose(g.weight("attn.k.weight", DType.FLOAT, D, D), 1, 0)); // [1, T, D]
        final Value v = g.matMul(x, g.transpose(g.weight("attn.v.weight", DType.FLOAT, D, D), 1, 0)); // [1, T, D]
        final Value scores = g.mul(g.matMul(q, g.transpose(k, 0, 2, 1)), g.constant((float) (1 / Math.sqrt(D)))); // [1, T, T]
        final Value future; // BOOL [T, T], true where j > i
        if (trilu) {
            final Value t = g.shape(x, 1, 2); // [1]
            final Value ones = g.constantOfShape(g.concat(0, t, t), DType.FLOAT, 1); // [T, T]
            future = g.equal(g.trilu(ones, 1, true), g.constant(1f));
        } else {
            final Value t = g.squeeze(g.shape(x, 1, 2), 0); // []
            final Value pos = g.range(g.constant(0L), t, g.constant(1L)); // [T]
            future = g.less(g.unsqueeze(pos, 1), g.unsqueeze(pos, 0)); // [T, 1] < [1, T]
        }
        final Value masked = g.where(future, g.constant(Float.NEGATIVE_INFINITY), scores); // [1, T, T]
        final Value y = g.matMul(g.softmax(masked, -1), v); // [1, T, D]
        g.output("y", y, 1, "T", D);
        return g.build();
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void causalAttentionMatchesJava(boolean trilu) {
        final Random rng = new Random(11);
        final float[] wq = normal(rng, D * D, 0.3), wk = normal(rng, D * D, 0.3), wv = normal(rng, D * D, 0.3);
        try (OrtModel m = OnnxTesting.model(attention(trilu), Map.of("attn.q.weight", wq, "attn.k.weight", wk, "attn.v.weight", wv))) {
            for (int t : new int[] {6, 11}) {
                final float[] x = normal(rng, t * D, 1);
                final double[] ref = Reference.causalAttention(Reference.linear(x, t, D, wq, null, D),
                        Reference.linear(x, t, D, wk, null, D), Reference.linear(x, t, D, wv, null, D), t, D);
                assertClose(ref, OnnxTesting.run(m, Map.of("x", Tensors.floats(x, 1, t, D))).get("y"), "attention T=" + t);
            }
        }
    }

    @Test
    void gatherLooksUpEmbeddingRows() {
        final Random rng = new Random(12);
        final int vocab = 20, d = 8;
        final float[] table = normal(rng, vocab * d, 1);
        final GraphBuilder g = new GraphBuilder("embedding");
        final Value ids = g.input("ids", DType.INT64, "B", "T");
        final Value e = g.gather(g.weight("ar_text_embedding.word_embeddings.weight", DType.FLOAT, vocab, d), ids, 0); // [B, T, d]
        assertEquals(Shape.of("B", "T", d), e.shape());
        g.output("emb", e, "B", "T", d);
        final long[] idx = {3, 0, 19, 7, 7, 12};
        try (OrtModel m = OnnxTesting.model(g.build(), Map.of("ar_text_embedding.word_embeddings.weight", table))) {
            final float[] got = OnnxTesting.run(m, Map.of("ids", Tensors.longs(idx, 2, 3))).get("emb");
            for (int i = 0; i < idx.length; i++) {
                assertArrayEquals(Arrays.copyOfRange(table, (int) idx[i] * d, (int) idx[i] * d + d), Arrays.copyOfRange(got, i * d, i * d + d), "row " + i);
            }
        }
    }

    @Test
    void geluIsTheExactErfForm() {
        final Random rng = new Random(13);
        final float[] x = normal(rng, 300, 2);
        final GraphBuilder g = new GraphBuilder("gelu");
        g.output("y", g.gelu(g.input("x", DType.FLOAT, "N")), "N");
        final double[] ref = new double[x.length];
        for (int i = 0; i < x.length; i++) ref[i] = 0.5 * x[i] * (1 + Reference.erf(x[i] / Math.sqrt(2)));
        try (OrtModel m = OnnxTesting.model(g.build(), Map.of())) {
            assertClose(ref, OnnxTesting.run(m, Map.of("x", Tensors.floats(x, x.length))).get("y"), "gelu");
        }
    }

    /** ORT's FusedMatMul reads a cache stored [T, H, hd] as [H, T, hd]: scores and the weighted sum of values. */
    @Test
    void fusedMatMulReadsAHeadInterleavedCache() {
        final Random rng = new Random(15);
        final int h = 4, hd = 8, t = 9;
        final float[] q = normal(rng, h * hd, 1), kv = normal(rng, t * h * hd, 1), p = normal(rng, h * t, 1);
        final GraphBuilder g = new GraphBuilder("fused");
        final Value vq = g.input("q", DType.FLOAT, h, 1, hd);
        final Value cache = g.input("cache", DType.FLOAT, "T", h, hd);
        final Value vp = g.input("p", DType.FLOAT, h, 1, "T");
        final Value scores = g.fusedMatMul(vq, cache, 0.5f, false, true, false, true); // [H, 1, T]
        final Value mixed = g.fusedMatMul(vp, cache, 1f, false, false, false, true); // [H, 1, hd]
        assertEquals(Shape.of(h, 1, "T"), scores.shape());
        assertEquals(Shape.of(h, 1, hd), mixed.shape());
        g.output("scores", scores, h, 1, "T");
        g.output("mixed", mixed, h, 1, hd);
        final double[] wantScores = new double[h * t], wantMixed = new double[h * hd];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < t; j++) {
                for (int c = 0; c < hd; c++) {
                    wantScores[i * t + j] += 0.5 * q[i * hd + c] * kv[(j * h + i) * hd + c];
                    wantMixed[i * hd + c] += (double) p[i * t + j] * kv[(j * h + i) * hd + c];
                }
            }
        }
        try (OrtModel m = OnnxTesting.model(g.build(), Map.of())) {
            final Map<String, float[]> out = OnnxTesting.run(m,
                    Map.of("q", Tensors.floats(q, h, 1, hd), "cache", Tensors.floats(kv, t, h, hd), "p", Tensors.floats(p, h, 1, t)));
            assertClose(wantScores, out.get("scores"), "scores");
            assertClose(wantMixed, out.get("mixed"), "mixed");
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void topKPicksTheLargestOrSmallest(boolean largest) {
        final Random rng = new Random(14);
        final int rows = 3, vocab = 50, k = 5;
        final float[] logits = normal(rng, rows * vocab, 4);
        final GraphBuilder g = new GraphBuilder("topk");
        final Value[] top = g.topK(g.input("logits", DType.FLOAT, "B", vocab), k, -1, largest);
        g.output("values", top[0], "B", k);
        g.output("indices", top[1], "B", k);
        try (OrtModel m = OnnxTesting.model(g.build(), Map.of())) {
            final Map<String, float[]> out = OnnxTesting.run(m, Map.of("logits", Tensors.floats(logits, rows, vocab)));
            for (int r = 0; r < rows; r++) {
                final int row = r;
                final Comparator<Integer> order = Comparator.comparingDouble(i -> logits[row * vocab + i]);
                final int[] want = IntStream.range(0, vocab).boxed().sorted(largest ? order.reversed() : order).limit(k).mapToInt(Integer::intValue).toArray();
                for (int j = 0; j < k; j++) {
                    assertEquals(want[j], (int) out.get("indices")[r * k + j], "row " + r + " rank " + j);
                    assertEquals(logits[r * vocab + want[j]], out.get("values")[r * k + j], "row " + r + " rank " + j);
                }
            }
        }
    }
}
