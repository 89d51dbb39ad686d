package org.understudy.engine.gptsovits;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import java.nio.Buffer;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.understudy.engine.checkpoint.Checkpoint;
import org.understudy.engine.checkpoint.CheckpointException;
import org.understudy.engine.onnx.DType;
import org.understudy.engine.onnx.GraphBuilder;
import org.understudy.engine.onnx.OnnxGraph;
import org.understudy.engine.onnx.OrtModel;
import org.understudy.engine.onnx.SessionConfig;
import org.understudy.engine.onnx.Tensors;
import org.understudy.engine.onnx.Value;

/**
 * GPT-SoVITS's text→semantic model ({@code AR/models/t2s_model.py: Text2SemanticDecoder}) as two
 * ONNX graphs: a prefill over the whole context and a one-token decode step. Weights are the
 * checkpoint's own tensors (keys verbatim as initializer names); every size comes from its config.
 *
 * <p>KV cache: per layer, K and V are rows [length, H, dh] in preallocated direct buffers. The step
 * graph reads the first {@code length} rows in place (FusedMatMul with a batch transpose, so no head
 * transposes), scores the cached positions and the new token separately, and writes only the new
 * token's K and V, straight into row {@code length} (pinned outputs). No step copies the cache.
 */
public final class Text2SemanticDecoder implements AutoCloseable {
    /** Upstream's hard cap on decode steps (60 s of semantic tokens at 25 Hz). */
    public static final int MAX_STEPS = 1500;
    /** Upstream slices EOS off the logits for the first 11 steps. */
    public static final int EOS_BLOCKED_STEPS = 11;
    private static final String P = "model.";

    private final T2SConfig config;
    private final OrtModel prefill;
    private final OrtModel step;

    private Text2SemanticDecoder(T2SConfig config, OrtModel prefill, OrtModel step) {
        this.config = config;
        this.prefill = prefill;
        this.step = step;
    }

    /** [engine-worker] Loads a GPT-SoVITS {@code .ckpt} and builds its graphs. */
    public static Text2SemanticDecoder load(Checkpoint ckpt, SessionConfig session) throws CheckpointException {
        ckpt.expectContent(Checkpoint.Content.GPT);
        final T2SConfig config = T2SConfig.from(ckpt);
        final Map<String, Buffer> weights = new HashMap<>();
        for (String key : ckpt.keys()) if (key.startsWith(P)) weights.put(key, ckpt.tensor(key).toFloatBuffer());
        return create(config, weights, session);
    }

    /** [engine-worker] Builds the model from weights keyed like the checkpoint (benchmarks use random ones). */
    public static Text2SemanticDecoder create(T2SConfig config, Map<String, ? extends Buffer> weights, SessionConfig session) {
        final OnnxGraph prefillGraph = prefillGraph(config), stepGraph = stepGraph(config);
        final OrtModel prefill = OrtModel.create(prefillGraph, prefillGraph.pickWeights(weights), session);
        try {
            return new Text2SemanticDecoder(config, prefill, OrtModel.create(stepGraph, stepGraph.pickWeights(weights), session));
        } catch (RuntimeException e) {
            prefill.close();
            throw e;
        }
    }

    public T2SConfig config() {
        return config;
    }

    /** [any-thread] Every weight both graphs use, with its shape (for building a model from scratch). */
    public static Map<String, long[]> weightShapes(T2SConfig config) {
        final Map<String, long[]> shapes = new LinkedHashMap<>(prefillGraph(config).weightShapes());
        shapes.putAll(stepGraph(config).weightShapes());
        return shapes;
    }

    // ---- graphs ---------------------------------------------------------------------------------

    /** Declares the weights one layer uses (checkpoint keys verbatim). */
    private record Layer(Value inProjW, Value inProjB, Value outW, Value outB, Value w1, Value b1, Value w2, Value b2,
                         Value norm1W, Value norm1B, Value norm2W, Value norm2B) {
        static Layer declare(GraphBuilder g, T2SConfig c, int i) {
            final String k = P + "h.layers." + i + ".";
            final int d = c.width(), f = c.ffn();
            return new Layer(
                    g.weight(k + "self_attn.in_proj_weight", DType.FLOAT, 3L * d, d), g.weight(k + "self_attn.in_proj_bias", DType.FLOAT, 3L * d),
                    g.weight(k + "self_attn.out_proj.weight", DType.FLOAT, d, d), g.weight(k + "self_attn.out_proj.bias", DType.FLOAT, d),
                    g.weight(k + "linear1.weight", DType.FLOAT, f, d), g.weight(k + "linear1.bias", DType.FLOAT, f),
                    g.weight(k + "linear2.weight", DType.FLOAT, d, f), g.weight(k + "linear2.bias", DType.FLOAT, d),
                    g.weight(k + "norm1.weight", DType.FLOAT, d), g.weight(k + "norm1.bias", DType.FLOAT, d),
                    g.weight(k + "norm2.weight", DType.FLOAT, d), g.weight(k + "norm2.bias", DType.FLOAT, d));
        }

        /** Post-LN block: x = LN1(x + attention); x = LN2(x + W2·ReLU(W1·x)). */
        Value finish(GraphBuilder g, Value x, Value attention) {
            final Value h = g.layerNorm(g.add(x, g.gemm(attention, outW, outB, 1f, 1f, false, true)), norm1W, norm1B, 1e-5f);
            final Value ff = g.gemm(g.relu(g.gemm(h, w1, b1, 1f, 1f, false, true)), w2, b2, 1f, 1f, false, true);
            return g.layerNorm(g.add(h, ff), norm2W, norm2B, 1e-5f);
        }
    }

    /**
     * Prefill over S = L text + T audio positions. Inputs: phones [L], bert [1024, L], audio [T] (prompt
     * semantic tokens, T may be 0), text_pe [L, D], audio_pe [T, D], mask [S, S] (additive: 0 or -inf).
     * Outputs: logits [V] of the last position, hidden [S, D], and per layer k_i, v_i [S, D].
     */
    static OnnxGraph prefillGraph(T2SConfig c) {
        final GraphBuilder g = new GraphBuilder("t2s_prefill");
        final int d = c.width(), h = c.heads(), dh = d / h;
        final Value phones = g.input("phones", DType.INT64, "L");
        final Value bert = g.input("bert", DType.FLOAT, c.bertWidth(), "L");
        final Value audio = g.input("audio", DType.INT64, "T");
        final Value textPe = g.input("text_pe", DType.FLOAT, "L", d);
        final Value audioPe = g.input("audio_pe", DType.FLOAT, "T", d);
        final Value mask = g.input("mask", DType.FLOAT, "S", "S");
        final Embeddings e = Embeddings.declare(g, c);

        // x = TextEmb(phones) + bert_proj(bert^T) + alpha_t·PE;  y = AudioEmb(audio) + alpha_a·PE
        final Value text = g.add(g.add(g.gather(e.text, phones, 0), g.gemm(bert, e.bertW, e.bertB, 1f, 1f, true, true)),
                g.mul(e.textAlpha, textPe));
        final Value speech = g.add(g.gather(e.audio, audio, 0), g.mul(e.audioAlpha, audioPe));
        Value x = g.concat(0, text, speech);                                               // [S, D]
        final Value[] ks = new Value[c.layers()], vs = new Value[c.layers()];
        for (int i = 0; i < c.layers(); i++) {
            try (var s = g.scope("layers." + i)) {
                final Layer l = Layer.declare(g, c, i);
                final Value[] qkv = g.split(g.gemm(x, l.inProjW, l.inProjB, 1f, 1f, false, true), 1, d, d, d);
                ks[i] = qkv[1];
                vs[i] = qkv[2];
                // q·kᵀ/√dh per head, read as [S, H, dh] where they lie (batch-transposed FusedMatMul, no copies)
                final Value q = g.reshape(qkv[0], -1, h, dh), k = g.reshape(qkv[1], -1, h, dh), v = g.reshape(qkv[2], -1, h, dh);
                final Value scores = g.add(g.fusedMatMul(q, k, (float) (1.0 / Math.sqrt(dh)), false, true, true, true), mask); // [H, S, S]
                final Value attended = g.fusedMatMul(g.softmax(scores, -1), v, 1f, false, false, false, true);             // [H, S, dh]
                x = l.finish(g, x, g.reshape(g.transpose(attended, 1, 0, 2), -1, d));
            }
        }
        final Value last = g.slice(x, new long[] {-1}, new long[] {GraphBuilder.END}, new long[] {0});      // [1, D]
        g.output("logits", g.reshape(g.gemm(last, e.predict, null, 1f, 0f, false, true), -1), c.vocab());
        g.output("hidden", x, "S", d);
        for (int i = 0; i < c.layers(); i++) {
            g.output("k" + i, ks[i], "S", d);
            g.output("v" + i, vs[i], "S", d);
        }
        return g.build();
    }

    /**
     * One decode step for a new token. Inputs: token [1], pe [1, D] (its audio position), and per layer
     * past_k_i, past_v_i [T, H, dh]. Outputs: logits [V], and per layer the new token's new_k_i, new_v_i
     * [1, H, dh] (one cache row).
     */
    static OnnxGraph stepGraph(T2SConfig c) {
        final GraphBuilder g = new GraphBuilder("t2s_step");
        final int d = c.width(), h = c.heads(), dh = d / h;
        final Value token = g.input("token", DType.INT64, 1);
        final Value pe = g.input("pe", DType.FLOAT, 1, d);
        final Value audioEmbedding = g.weight(P + "ar_audio_embedding.word_embeddings.weight", DType.FLOAT, c.vocab(), d);
        final Value audioAlpha = g.weight(P + "ar_audio_position.alpha", DType.FLOAT, 1);
        final Value predict = g.weight(P + "ar_predict_layer.weight", DType.FLOAT, c.vocab(), d);
        Value x = g.add(g.gather(audioEmbedding, token, 0), g.mul(audioAlpha, pe));       // [1, D]
        final Value scale = g.constant((float) (1.0 / Math.sqrt(dh)));
        final Value[] kNew = new Value[c.layers()], vNew = new Value[c.layers()];
        for (int i = 0; i < c.layers(); i++) {
            final Value kPast = g.input("past_k" + i, DType.FLOAT, "T", h, dh);
            final Value vPast = g.input("past_v" + i, DType.FLOAT, "T", h, dh);
            try (var s = g.scope("layers." + i)) {
                final Layer l = Layer.declare(g, c, i);
                final Value[] qkv = g.split(g.gemm(x, l.inProjW, l.inProjB, 1f, 1f, false, true), 1, d, d, d);
                final Value q = g.reshape(qkv[0], h, 1, dh);
                kNew[i] = g.reshape(qkv[1], h, 1, dh);
                vNew[i] = g.reshape(qkv[2], h, 1, dh);
                // softmax over [cached positions, this token], scored separately so the cache is only read
                final Value cached = g.fusedMatMul(q, kPast, 1f / (float) Math.sqrt(dh), false, true, false, true); // [H, 1, T]
                final Value self = g.mul(g.reduceSum(g.mul(q, kNew[i]), true, 2), scale);        // [H, 1, 1]
                final Value w = g.softmax(g.concat(2, cached, self), -1);                         // [H, 1, T+1]
                final Value wCached = g.slice(w, new long[] {0}, new long[] {-1}, new long[] {2});
                final Value wSelf = g.slice(w, new long[] {-1}, new long[] {GraphBuilder.END}, new long[] {2});
                final Value attended = g.add(g.fusedMatMul(wCached, vPast, 1f, false, false, false, true),
                        g.mul(wSelf, vNew[i]));                                                     // [H, 1, dh]
                x = l.finish(g, x, g.reshape(attended, 1, d));
            }
        }
        g.output("logits", g.reshape(g.gemm(x, predict, null, 1f, 0f, false, true), -1), c.vocab());
        for (int i = 0; i < c.layers(); i++) {
            g.output("new_k" + i, g.reshape(kNew[i], 1, h, dh), 1, h, dh);
            g.output("new_v" + i, g.reshape(vNew[i], 1, h, dh), 1, h, dh);
        }
        return g.build();
    }

    private record Embeddings(Value text, Value textAlpha, Value audio, Value audioAlpha, Value bertW, Value bertB, Value predict) {
        static Embeddings declare(GraphBuilder g, T2SConfig c) {
            final int d = c.width();
            return new Embeddings(
                    g.weight(P + "ar_text_embedding.word_embeddings.weight", DType.FLOAT, c.phonemeVocab(), d),
                    g.weight(P + "ar_text_position.alpha", DType.FLOAT, 1),
                    g.weight(P + "ar_audio_embedding.word_embeddings.weight", DType.FLOAT, c.vocab(), d),
                    g.weight(P + "ar_audio_position.alpha", DType.FLOAT, 1),
                    g.weight(P + "bert_proj.weight", DType.FLOAT, d, c.bertWidth()),
                    g.weight(P + "bert_proj.bias", DType.FLOAT, d),
                    g.weight(P + "ar_predict_layer.weight", DType.FLOAT, c.vocab(), d));
        }
    }

    // ---- decoding -------------------------------------------------------------------------------

    /** What a decode produced, with the raw logits of every step when asked for (parity checks). */
    public record Result(long[] tokens, boolean stoppedByEos, int steps) {}

    /** Receives each step's raw logits (before the penalty) and the prefill's hidden state. */
    public interface Observer {
        default void prefill(float[] hidden) {}

        default void step(int index, float[] rawLogits) {}
    }

    /**
     * [engine-worker] Generates semantic tokens. {@code phones}: prompt ++ target phoneme ids [L];
     * {@code bert}: [1024, L] row-major, prompt columns first; {@code prompt}: the reference's semantic
     * tokens (empty for reference-free mode). Stops when the drawn token is EOS or the penalised argmax
     * is EOS (the EOS itself is dropped), or after {@code maxSteps}.
     */
    public Result generate(long[] phones, float[] bert, long[] prompt, T2SSampler sampler, int maxSteps, Observer observer) {
        final int l = phones.length, t = prompt.length, s = l + t, d = config.width();
        if (bert.length != (long) config.bertWidth() * l) {
            throw new IllegalArgumentException("BERT features must be [" + config.bertWidth() + ", " + l + "], got " + bert.length + " values");
        }
        if (maxSteps < 1 || maxSteps > MAX_STEPS) throw new IllegalArgumentException("maxSteps must be in 1.." + MAX_STEPS + ", not " + maxSteps);
        final KvCache cache = new KvCache(config, s + maxSteps);
        final float[] logits = new float[config.vocab()];
        final Map<String, OnnxTensor> in = new LinkedHashMap<>();
        try {
            in.put("phones", Tensors.longs(phones, l));
            in.put("bert", Tensors.floats(bert, config.bertWidth(), l));
            in.put("audio", Tensors.longs(prompt, t));
            in.put("text_pe", Tensors.floats(positionRows(0, l), l, d));
            in.put("audio_pe", Tensors.floats(positionRows(0, t), t, d));
            in.put("mask", Tensors.floats(prefillMask(l, t), s, s));
            try (OrtSession.Result r = prefill.run(in)) {
                ((OnnxTensor) r.get("logits").orElseThrow()).getFloatBuffer().get(logits);
                if (observer != null) observer.prefill(Tensors.toFloats((OnnxTensor) r.get("hidden").orElseThrow()));
                for (int i = 0; i < config.layers(); i++) {
                    cache.load(i, ((OnnxTensor) r.get("k" + i).orElseThrow()).getFloatBuffer(),
                            ((OnnxTensor) r.get("v" + i).orElseThrow()).getFloatBuffer(), s);
                }
            }
        } finally {
            in.values().forEach(OnnxTensor::close);
        }

        final long[] history = new long[t + maxSteps + 1];
        System.arraycopy(prompt, 0, history, 0, t);
        final int[] previous = new int[history.length];
        for (int i = 0; i < t; i++) previous[i] = (int) prompt[i];
        int count = t, generated = 0;
        final int eos = config.eos();
        try (StepRunner runner = new StepRunner(cache)) {
            for (int step = 0; ; step++) {
                if (observer != null) observer.step(step, logits.clone());
                final int n = step < EOS_BLOCKED_STEPS ? config.vocab() - 1 : config.vocab();   // logits[:, :-1] for early steps
                sampler.penalise(logits, n, previous, count);
                final int penalisedArgmax = T2SSampler.argmax(logits, n);   // upstream's stop test sees the penalised logits
                final int token = sampler.drawFromPenalised(logits, n);
                if (token == eos || penalisedArgmax == eos) return new Result(Arrays.copyOfRange(history, t, t + generated), true, step + 1);
                previous[count] = token;
                history[count++] = token;
                generated++;
                if (generated >= maxSteps) return new Result(Arrays.copyOfRange(history, t, t + generated), false, step + 1);
                runner.run(token, t + step, logits);
            }
        }
    }

    /** Runs decode steps; the cache views change every step, the small tensors are made once. */
    private final class StepRunner implements AutoCloseable {
        private final KvCache cache;
        private final LongBuffer token = Tensors.directLongs(1);
        private final FloatBuffer pe = Tensors.directFloats(config.width());
        private final FloatBuffer logitsOut = Tensors.directFloats(config.vocab());
        private final OnnxTensor tokenTensor = Tensors.view(token, 1), peTensor = Tensors.view(pe, 1, config.width());
        private final OnnxTensor logitsTensor = Tensors.view(logitsOut, config.vocab());
        private final Map<String, OnnxTensor> inputs = new LinkedHashMap<>();
        private final Map<String, OnnxTensor> outputs = new LinkedHashMap<>();

        StepRunner(KvCache cache) {
            this.cache = cache;
        }

        /** Feeds {@code token} at audio position {@code position}; leaves the next raw logits in {@code logits}. */
        void run(int tokenId, int position, float[] logits) {
            inputs.put("token", tokenTensor);
            inputs.put("pe", peTensor);
            outputs.put("logits", logitsTensor);
            for (int i = 0; i < config.layers(); i++) {
                inputs.put("past_k" + i, cache.past(i, true));
                inputs.put("past_v" + i, cache.past(i, false));
                outputs.put("new_k" + i, cache.next(i, true));
                outputs.put("new_v" + i, cache.next(i, false));
            }
            try {
                token.put(0, tokenId);
                pe.put(0, positionRows(position, 1));
                step.run(inputs, outputs);
            } finally {
                closeViews();
            }
            logitsOut.get(0, logits);
            cache.advance();
        }

        private void closeViews() {
            inputs.entrySet().removeIf(e -> e.getKey().startsWith("past_") && close(e.getValue()));
            outputs.entrySet().removeIf(e -> e.getKey().startsWith("new_") && close(e.getValue()));
        }

        private static boolean close(OnnxTensor t) {
            t.close();
            return true;
        }

        @Override
        public void close() {
            closeViews();
            tokenTensor.close();
            peTensor.close();
            logitsTensor.close();
        }
    }

    /** Rows [from, from + n) of the sinusoidal table, flattened: pe[p, 2i] = sin(p·w_i), pe[p, 2i+1] = cos(p·w_i). */
    float[] positionRows(int from, int n) {
        final int d = config.width();
        final float[] out = new float[n * d];
        final float step = (float) -(Math.log(10000.0) / d);
        for (int p = 0; p < n; p++) {
            final float position = from + p;
            for (int i = 0; i < d / 2; i++) {
                final float w = (float) Math.exp((float) (2 * i) * step);          // torch: exp(arange(0, d, 2) · -(ln 1e4 / d))
                final float angle = position * w;
                out[p * d + 2 * i] = (float) Math.sin(angle);
                out[p * d + 2 * i + 1] = (float) Math.cos(angle);
            }
        }
        return out;
    }

    /** Text rows see all text and no audio; audio rows see all text and a causal view of the audio. */
    static float[] prefillMask(int l, int t) {
        final int s = l + t;
        final float[] m = new float[s * s];
        for (int r = 0; r < s; r++) {
            for (int c = 0; c < s; c++) {
                final boolean blocked = r < l ? c >= l : c >= l && c > r;
                m[r * s + c] = blocked ? Float.NEGATIVE_INFINITY : 0f;
            }
        }
        return m;
    }

    @Override
    public void close() {
        prefill.close();
        step.close();
    }
}
