package org.understudy.engine.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import java.nio.Buffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Measures one T2S decode step at the upstream size (24 layers × 512, 16 heads, FFN 2048, 1025 logits,
 * random weights) with two ways of carrying the KV cache between steps, since ORT's Java API has no IO
 * binding. A measurement to run by hand, not a test:
 *
 * <pre>
 *   ./mvnw -B -q -pl plugin test-compile exec:java -Dexec.classpathScope=test \
 *       -Dexec.mainClass=org.understudy.engine.onnx.KvCacheProbe -Dexec.args="--threads 2"
 * </pre>
 *
 * <ul>
 *   <li>{@code concat}: the whole cache goes in as past_k/past_v [1, T, 512] per layer and comes back as
 *       present_k/present_v [1, T+1, 512] = Concat(past, new), as upstream's {@code torch.cat}. The next
 *       step is fed ORT's own output tensors, so Java copies nothing; the Concat copies the cache.
 *   <li>{@code in-place}: each layer's cache is one preallocated direct buffer [T_max, 512]. The step takes
 *       zero-copy views of its first T rows and returns only the new rows k_new/v_new [1, 1, 512], which ORT
 *       writes straight into row T of those buffers (pinned outputs). Attention scores the past rows and the
 *       new row separately, so no Concat copies the cache.
 *   <li>{@code in-place-fused}: as in-place, but the past rows are read where they lie, as [T, H, hd],
 *       by ORT's FusedMatMul (transBatchB), so the per-head Transpose copies of K and V go too.
 * </ul>
 */
public final class KvCacheProbe {
    enum Design { CONCAT, IN_PLACE, IN_PLACE_FUSED }

    private static final int ROUNDS = 3;

    private final int layers, width, heads, ffn, vocab;

    private KvCacheProbe(int layers, int width, int heads, int ffn, int vocab) {
        this.layers = layers;
        this.width = width;
        this.heads = heads;
        this.ffn = ffn;
        this.vocab = vocab;
    }

    public static void main(String[] args) {
        int layers = 24, width = 512, threads = 2, steps = 30;
        boolean memoryPattern = false;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--layers" -> layers = Integer.parseInt(args[i + 1]);
                case "--width" -> width = Integer.parseInt(args[i + 1]);
                case "--threads" -> threads = Integer.parseInt(args[i + 1]);
                case "--steps" -> steps = Integer.parseInt(args[i + 1]);
                case "--memory-pattern" -> memoryPattern = Boolean.parseBoolean(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; use --layers --width --threads --steps --memory-pattern");
            }
        }
        final KvCacheProbe probe = new KvCacheProbe(layers, width, 16, 4 * width, 1025);
        final Map<String, Buffer> weights = probe.randomWeights(new SplittableRandom(7));
        System.out.printf("T2S decode step: %d layers x %d, %d heads, FFN %d, vocab %d; %d intra-op threads;"
                + " ORT memory pattern %s; %d rounds of %d steps per row, designs interleaved%n", layers, width, probe.heads, probe.ffn, probe.vocab, threads,
                memoryPattern ? "on" : "off", ROUNDS, steps);
        final Map<Design, OrtModel> models = new EnumMap<>(Design.class);
        final Map<String, List<Double>> times = new LinkedHashMap<>();
        try {
            for (Design d : Design.values()) models.put(d, OrtModel.create(probe.stepGraph(d), weights, SessionConfig.cpu(threads).withMemoryPattern(memoryPattern)));
            System.out.printf("the designs agree: max |logit difference| %.2e, max |new k row difference| %.2e%n", probe.agreement(models, 0), probe.agreement(models, 1));
            for (int round = 0; round < ROUNDS; round++) {
                for (int t : new int[] {200, 1000}) {
                    for (Design d : Design.values()) {
                        final double[] ms = d == Design.CONCAT ? probe.runConcat(models.get(d), t, steps) : probe.runInPlace(models.get(d), t, steps);
                        final List<Double> row = times.computeIfAbsent(d.name().toLowerCase().replace('_', '-') + " " + t, k -> new ArrayList<>());
                        for (double m : ms) row.add(m);
                    }
                }
            }
        } finally {
            models.values().forEach(OrtModel::close);
        }
        System.out.printf("%-20s %9s %9s %9s %9s %9s%n", "design, T", "median ms", "p10", "p90", "mean", "tokens/s");
        times.forEach((row, list) -> {
            final double[] ms = list.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            final double median = ms[ms.length / 2];
            System.out.printf("%-20s %9.2f %9.2f %9.2f %9.2f %9.1f%n", row, median, ms[ms.length / 10], ms[ms.length * 9 / 10],
                    Arrays.stream(ms).average().orElseThrow(), 1000 / median);
        });
    }

    /** One decode step, named by upstream's state-dict keys (AR/models/t2s_model.py, AR/modules/transformer.py). */
    OnnxGraph stepGraph(Design design) {
        final GraphBuilder g = new GraphBuilder("t2s-step-" + design.name().toLowerCase());
        final int hd = width / heads;
        Value x = g.input("xy_pos", DType.FLOAT, 1, 1, width); // the new token's embedding + position [1, 1, D]
        for (int i = 0; i < layers; i++) {
            final String p = "model.h.layers." + i + ".";
            try (GraphBuilder.Scope s = g.scope("layers." + i)) {
                final Value pastK = g.input("past_k." + i, DType.FLOAT, 1, "T", width); // [1, T, D]
                final Value pastV = g.input("past_v." + i, DType.FLOAT, 1, "T", width); // [1, T, D]
                final Value qkv = linear(g, x, p + "self_attn.in_proj_weight", p + "self_attn.in_proj_bias", 3 * width, width); // [1, 1, 3D]
                final Value[] split = g.split(qkv, -1, width, width, width); // q, k, v: [1, 1, D]
                final Value attn; // [1, 1, D]
                if (design == Design.CONCAT) {
                    final Value q = g.transpose(g.reshape(split[0], 1, 1, heads, hd), 0, 2, 1, 3); // [1, H, 1, hd]
                    final Value k = g.concat(1, pastK, split[1]); // [1, T+1, D]
                    final Value v = g.concat(1, pastV, split[2]); // [1, T+1, D]
                    g.output("present_k." + i, k, 1, "T+1", width);
                    g.output("present_v." + i, v, 1, "T+1", width);
                    final Value o = attention(g, q, heads(g, k, hd), heads(g, v, hd)); // [1, H, 1, hd]
                    attn = g.reshape(g.transpose(o, 0, 2, 1, 3), 1, 1, width);
                } else if (design == Design.IN_PLACE) {
                    g.output("k_new." + i, split[1], 1, 1, width);
                    g.output("v_new." + i, split[2], 1, 1, width);
                    final Value q = g.transpose(g.reshape(split[0], 1, 1, heads, hd), 0, 2, 1, 3); // [1, H, 1, hd]
                    final Value o = attentionPastAndNew(g, q, heads(g, pastK, hd), heads(g, pastV, hd),
                            g.reshape(split[1], 1, heads, 1, hd), g.reshape(split[2], 1, heads, 1, hd)); // [1, H, 1, hd]
                    attn = g.reshape(g.transpose(o, 0, 2, 1, 3), 1, 1, width);
                } else {
                    g.output("k_new." + i, split[1], 1, 1, width);
                    g.output("v_new." + i, split[2], 1, 1, width);
                    final Value o = attentionFused(g, g.reshape(split[0], heads, 1, hd), g.reshape(pastK, -1, heads, hd),
                            g.reshape(pastV, -1, heads, hd), g.reshape(split[1], heads, 1, hd), g.reshape(split[2], heads, 1, hd)); // [H, 1, hd]
                    attn = g.reshape(o, 1, 1, width);
                }
                x = g.add(x, linear(g, attn, p + "self_attn.out_proj.weight", p + "self_attn.out_proj.bias", width, width));
                x = g.layerNorm(x, g.weight(p + "norm1.weight", DType.FLOAT, width), g.weight(p + "norm1.bias", DType.FLOAT, width), 1e-5f);
                final Value h = g.relu(linear(g, x, p + "linear1.weight", p + "linear1.bias", ffn, width)); // [1, 1, FFN]
                x = g.add(x, linear(g, h, p + "linear2.weight", p + "linear2.bias", width, ffn));
                x = g.layerNorm(x, g.weight(p + "norm2.weight", DType.FLOAT, width), g.weight(p + "norm2.bias", DType.FLOAT, width), 1e-5f);
            }
        }
        final Value logits = g.matMul(x, g.transpose(g.weight("model.ar_predict_layer.weight", DType.FLOAT, vocab, width), 1, 0));
        g.output("logits", logits, 1, 1, vocab);
        return g.build();
    }

    /** F.linear(x, w, b): [.., in] → [.., out], w [out, in]. */
    private static Value linear(GraphBuilder g, Value x, String w, String b, int out, int in) {
        return g.add(g.matMul(x, g.transpose(g.weight(w, DType.FLOAT, out, in), 1, 0)), g.weight(b, DType.FLOAT, out));
    }

    /** [1, T, D] → [1, H, T, hd]. */
    private Value heads(GraphBuilder g, Value x, int hd) {
        return g.transpose(g.reshape(x, 1, -1, heads, hd), 0, 2, 1, 3);
    }

    /** softmax(q kᵀ / √hd) v over all T+1 rows: q [1, H, 1, hd], k and v [1, H, T+1, hd] → [1, H, 1, hd]. */
    private static Value attention(GraphBuilder g, Value q, Value k, Value v) {
        final float scale = (float) (1 / Math.sqrt(q.shape().size(3)));
        final Value scores = g.mul(g.matMul(q, g.transpose(k, 0, 1, 3, 2)), g.constant(scale)); // [1, H, 1, T+1]
        return g.matMul(g.softmax(scores, -1), v);
    }

    /** The same attention with the past rows [1, H, T, hd] and the new row [1, H, 1, hd] kept apart. */
    private static Value attentionPastAndNew(GraphBuilder g, Value q, Value kPast, Value vPast, Value kNew, Value vNew) {
        final float scale = (float) (1 / Math.sqrt(q.shape().size(3)));
        final Value sPast = g.matMul(q, g.transpose(kPast, 0, 1, 3, 2)); // [1, H, 1, T]
        final Value sNew = g.reduceSum(g.mul(q, kNew), true, -1); // [1, H, 1, 1]
        final Value p = g.softmax(g.mul(g.concat(-1, sPast, sNew), g.constant(scale)), -1); // [1, H, 1, T+1]
        final Value pPast = g.slice(p, new long[] {0}, new long[] {-1}, new long[] {3}); // [1, H, 1, T]
        final Value pNew = g.slice(p, new long[] {-1}, new long[] {GraphBuilder.END}, new long[] {3}); // [1, H, 1, 1]
        return g.add(g.matMul(pPast, vPast), g.mul(pNew, vNew));
    }

    /**
     * As {@link #attentionPastAndNew} but reading the past rows where they lie, [T, H, hd], through ORT's
     * FusedMatMul (transBatchB) instead of transposing them to [H, T, hd] every step.
     */
    private static Value attentionFused(GraphBuilder g, Value q, Value kPast, Value vPast, Value kNew, Value vNew) {
        final float scale = (float) (1 / Math.sqrt(q.shape().size(2)));
        final Value sPast = g.fusedMatMul(q, kPast, scale, false, true, false, true); // [H, 1, T]
        final Value sNew = g.mul(g.reduceSum(g.mul(q, kNew), true, -1), g.constant(scale)); // [H, 1, 1]
        final Value p = g.softmax(g.concat(-1, sPast, sNew), -1); // [H, 1, T+1]
        final Value pPast = g.slice(p, new long[] {0}, new long[] {-1}, new long[] {2}); // [H, 1, T]
        final Value pNew = g.slice(p, new long[] {-1}, new long[] {GraphBuilder.END}, new long[] {2}); // [H, 1, 1]
        return g.add(g.fusedMatMul(pPast, vPast, 1f, false, false, false, true), g.mul(pNew, vNew)); // [H, 1, hd]
    }

    private Map<String, Buffer> randomWeights(SplittableRandom rng) {
        final Map<String, Buffer> w = new LinkedHashMap<>();
        for (int i = 0; i < layers; i++) {
            final String p = "model.h.layers." + i + ".";
            w.put(p + "self_attn.in_proj_weight", random(rng, 3 * width * width, 0.05f));
            w.put(p + "self_attn.in_proj_bias", random(rng, 3 * width, 0.05f));
            w.put(p + "self_attn.out_proj.weight", random(rng, width * width, 0.05f));
            w.put(p + "self_attn.out_proj.bias", random(rng, width, 0.05f));
            w.put(p + "linear1.weight", random(rng, ffn * width, 0.05f));
            w.put(p + "linear1.bias", random(rng, ffn, 0.05f));
            w.put(p + "linear2.weight", random(rng, width * ffn, 0.05f));
            w.put(p + "linear2.bias", random(rng, width, 0.05f));
            for (String n : new String[] {"norm1", "norm2"}) {
                final FloatBuffer one = Tensors.directFloats(width);
                for (int j = 0; j < width; j++) one.put(j, 1f);
                w.put(p + n + ".weight", one);
                w.put(p + n + ".bias", Tensors.directFloats(width));
            }
        }
        w.put("model.ar_predict_layer.weight", random(rng, vocab * width, 0.05f));
        return w;
    }

    private static FloatBuffer random(SplittableRandom rng, int n, float scale) {
        final FloatBuffer b = Tensors.directFloats(n);
        for (int i = 0; i < n; i++) b.put(i, (float) (rng.nextDouble() - 0.5) * 2 * scale);
        return b;
    }

    /** One step of every design on the same cache (T = 7): the largest difference from CONCAT in the logits (0) or layer 0's new k row (1). */
    private double agreement(Map<Design, OrtModel> models, int what) {
        final int t = 7;
        final SplittableRandom rng = new SplittableRandom(1);
        final FloatBuffer[] k = new FloatBuffer[layers], v = new FloatBuffer[layers];
        for (int i = 0; i < layers; i++) {
            k[i] = random(rng, (t + 1) * width, 1f);
            v[i] = random(rng, (t + 1) * width, 1f);
        }
        final List<OnnxTensor> tensors = new ArrayList<>();
        final Map<String, OnnxTensor> in = new HashMap<>();
        in.put("xy_pos", track(tensors, Tensors.view(random(rng, width, 1f), 1, 1, width)));
        for (int i = 0; i < layers; i++) {
            in.put("past_k." + i, track(tensors, Tensors.view(rows(k[i], 0, t), 1, t, width)));
            in.put("past_v." + i, track(tensors, Tensors.view(rows(v[i], 0, t), 1, t, width)));
        }
        final float[] wantLogits, wantRow;
        try (OrtSession.Result r = models.get(Design.CONCAT).run(in)) {
            wantLogits = Tensors.toFloats((OnnxTensor) r.get("logits").orElseThrow());
            wantRow = Arrays.copyOfRange(Tensors.toFloats((OnnxTensor) r.get("present_k.0").orElseThrow()), t * width, (t + 1) * width);
        }
        double worst = 0;
        for (Design d : List.of(Design.IN_PLACE, Design.IN_PLACE_FUSED)) {
            final FloatBuffer logits = Tensors.directFloats(vocab);
            final Map<String, OnnxTensor> out = new HashMap<>();
            out.put("logits", track(tensors, Tensors.view(logits, 1, 1, vocab)));
            for (int i = 0; i < layers; i++) {
                out.put("k_new." + i, track(tensors, Tensors.view(rows(k[i], t, t + 1), 1, 1, width)));
                out.put("v_new." + i, track(tensors, Tensors.view(rows(v[i], t, t + 1), 1, 1, width)));
            }
            models.get(d).run(in, out);
            final FloatBuffer got = what == 0 ? logits : rows(k[0], t, t + 1);
            final float[] want = what == 0 ? wantLogits : wantRow;
            for (int j = 0; j < want.length; j++) worst = Math.max(worst, Math.abs(got.get(got.position() + j) - want[j]));
        }
        tensors.forEach(OnnxTensor::close);
        return worst;
    }

    /** Design CONCAT: ms per step for {@code steps} steps from context t, after 5 warm-up steps. */
    private double[] runConcat(OrtModel model, int t, int steps) {
        final SplittableRandom rng = new SplittableRandom(t);
        final Map<String, OnnxTensor> in = new HashMap<>();
        final List<OnnxTensor> initial = new ArrayList<>();
        in.put("xy_pos", track(initial, Tensors.view(random(rng, width, 1f), 1, 1, width)));
        for (int i = 0; i < layers; i++) {
            in.put("past_k." + i, track(initial, Tensors.view(random(rng, t * width, 1f), 1, t, width)));
            in.put("past_v." + i, track(initial, Tensors.view(random(rng, t * width, 1f), 1, t, width)));
        }
        final double[] ms = new double[steps];
        OrtSession.Result previous = null;
        for (int s = -5; s < steps; s++) {
            final long t0 = System.nanoTime();
            final OrtSession.Result r = model.run(in);
            for (int i = 0; i < layers; i++) { // the next step's past is this step's present: ORT's tensors, no copy
                in.put("past_k." + i, (OnnxTensor) r.get("present_k." + i).orElseThrow());
                in.put("past_v." + i, (OnnxTensor) r.get("present_v." + i).orElseThrow());
            }
            if (previous != null) previous.close();
            previous = r;
            if (s >= 0) ms[s] = (System.nanoTime() - t0) / 1e6;
        }
        previous.close();
        initial.forEach(OnnxTensor::close);
        return ms;
    }

    /** Designs IN_PLACE and IN_PLACE_FUSED: ms per step for {@code steps} steps from context t, after 5 warm-up steps. */
    private double[] runInPlace(OrtModel model, int t, int steps) {
        final SplittableRandom rng = new SplittableRandom(t);
        final int max = t + steps + 5;
        final FloatBuffer[] k = new FloatBuffer[layers], v = new FloatBuffer[layers];
        for (int i = 0; i < layers; i++) { // caches preallocated for max rows, the first t filled
            k[i] = Tensors.directFloats((long) max * width);
            v[i] = Tensors.directFloats((long) max * width);
            for (int j = 0; j < t * width; j++) {
                k[i].put(j, (float) rng.nextDouble() - 0.5f);
                v[i].put(j, (float) rng.nextDouble() - 0.5f);
            }
        }
        final FloatBuffer logits = Tensors.directFloats(vocab);
        final double[] ms = new double[steps];
        try (OnnxTensor x = Tensors.view(random(rng, width, 1f), 1, 1, width); OnnxTensor logitsOut = Tensors.view(logits, 1, 1, vocab)) {
            int len = t;
            for (int s = -5; s < steps; s++, len++) {
                final long t0 = System.nanoTime();
                final Map<String, OnnxTensor> in = new HashMap<>();
                final Map<String, OnnxTensor> out = new HashMap<>();
                in.put("xy_pos", x);
                out.put("logits", logitsOut);
                final List<OnnxTensor> views = new ArrayList<>(4 * layers);
                for (int i = 0; i < layers; i++) { // rows [0, len) in, row len out: views, no copies
                    in.put("past_k." + i, track(views, Tensors.view(rows(k[i], 0, len), 1, len, width)));
                    in.put("past_v." + i, track(views, Tensors.view(rows(v[i], 0, len), 1, len, width)));
                    out.put("k_new." + i, track(views, Tensors.view(rows(k[i], len, len + 1), 1, 1, width)));
                    out.put("v_new." + i, track(views, Tensors.view(rows(v[i], len, len + 1), 1, 1, width)));
                }
                model.run(in, out);
                views.forEach(OnnxTensor::close);
                if (s >= 0) ms[s] = (System.nanoTime() - t0) / 1e6;
            }
        }
        return ms;
    }

    private FloatBuffer rows(FloatBuffer cache, int from, int to) {
        return cache.duplicate().position(from * width).limit(to * width);
    }

    private static OnnxTensor track(List<OnnxTensor> list, OnnxTensor t) {
        list.add(t);
        return t;
    }
}
