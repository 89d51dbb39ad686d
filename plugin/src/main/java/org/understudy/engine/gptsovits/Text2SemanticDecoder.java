package org.understudy.engine.gptsovits;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import java.nio.Buffer;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.ObjIntConsumer;
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
 *
 * <p>Batched decoding ({@link #generateBatch}): a second step graph for a fixed number of rows
 * ({@code batchRows}, chosen when the model is built, because every ORT session holds its own copy of
 * the weights) runs the projections, FFN and output layer on an [R, D] matrix, so each step reads the
 * weights once for R sequences. Attention stays per row, each row on its own cache of its own length:
 * no padding and no masks. Idle slots get a dummy (token 0, position 0, a one-row zero cache) and their
 * outputs are ignored. Rows that finish leave the batch and queued requests take their slots.
 */
public final class Text2SemanticDecoder implements AutoCloseable {
    /** Upstream's hard cap on decode steps (60 s of semantic tokens at 25 Hz). */
    public static final int MAX_STEPS = 1500;
    /** Upstream slices EOS off the logits for the first 11 steps. */
    public static final int EOS_BLOCKED_STEPS = 11;
    /** The largest batch step graph {@link #create} builds. */
    public static final int MAX_BATCH_ROWS = 64;
    private static final String P = "model.";

    private final T2SConfig config;
    private final OrtModel prefill;
    private final OrtModel step;
    /** The R-row step model; null when batchRows is 1 (then batches run one row at a time on {@link #step}). */
    private final OrtModel batchStep;
    private final int batchRows;

    private Text2SemanticDecoder(T2SConfig config, OrtModel prefill, OrtModel step, OrtModel batchStep, int batchRows) {
        this.config = config;
        this.prefill = prefill;
        this.step = step;
        this.batchStep = batchStep;
        this.batchRows = batchRows;
    }

    /** [engine-worker] Loads a GPT-SoVITS {@code .ckpt} and builds its graphs (no batch step graph). */
    public static Text2SemanticDecoder load(Checkpoint ckpt, SessionConfig session) throws CheckpointException {
        return load(ckpt, session, 1);
    }

    /**
     * [engine-worker] Loads a {@code .ckpt}; {@code batchRows} > 1 also builds a step graph for that
     * many rows, which {@link #generateBatch} uses (it costs one more copy of the decoder weights).
     */
    public static Text2SemanticDecoder load(Checkpoint ckpt, SessionConfig session, int batchRows) throws CheckpointException {
        ckpt.expectContent(Checkpoint.Content.GPT);
        final T2SConfig config = T2SConfig.from(ckpt);
        final Map<String, Buffer> weights = new HashMap<>();
        for (String key : ckpt.keys()) if (key.startsWith(P)) weights.put(key, ckpt.tensor(key).toFloatBuffer());
        return create(config, weights, session, batchRows);
    }

    /** [engine-worker] Builds the model from weights keyed like the checkpoint (benchmarks use random ones). */
    public static Text2SemanticDecoder create(T2SConfig config, Map<String, ? extends Buffer> weights, SessionConfig session) {
        return create(config, weights, session, 1);
    }

    /**
     * [engine-worker] As {@link #create(T2SConfig, Map, SessionConfig)}, plus, when {@code batchRows} > 1,
     * a step graph for {@code batchRows} rows: the slot count of {@link #generateBatch}.
     */
    public static Text2SemanticDecoder create(T2SConfig config, Map<String, ? extends Buffer> weights, SessionConfig session, int batchRows) {
        if (batchRows < 1 || batchRows > MAX_BATCH_ROWS) {
            throw new IllegalArgumentException("batchRows must be in 1.." + MAX_BATCH_ROWS + ", not " + batchRows);
        }
        final List<OrtModel> built = new ArrayList<>();
        try {
            final OnnxGraph prefillGraph = prefillGraph(config), stepGraph = stepGraph(config, 1);
            built.add(OrtModel.create(prefillGraph, prefillGraph.pickWeights(weights), session));
            built.add(OrtModel.create(stepGraph, stepGraph.pickWeights(weights), session));
            if (batchRows > 1) {
                final OnnxGraph batchGraph = stepGraph(config, batchRows);
                built.add(OrtModel.create(batchGraph, batchGraph.pickWeights(weights), session));
            }
            return new Text2SemanticDecoder(config, built.get(0), built.get(1), batchRows > 1 ? built.get(2) : null, batchRows);
        } catch (RuntimeException e) {
            built.forEach(OrtModel::close);
            throw e;
        }
    }

    /** Rows decoded together by {@link #generateBatch}: 1 unless the model was built with more. */
    public int batchRows() {
        return batchRows;
    }

    public T2SConfig config() {
        return config;
    }

    /** [any-thread] Every weight both graphs use, with its shape (for building a model from scratch). */
    public static Map<String, long[]> weightShapes(T2SConfig config) {
        final Map<String, long[]> shapes = new LinkedHashMap<>(prefillGraph(config).weightShapes());
        shapes.putAll(stepGraph(config, 1).weightShapes());
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
     * One decode step for a new token in each of {@code rows} sequences. Inputs: token [R], pe [R, D]
     * (each token's audio position), and per layer i and row r past_k{i}_{r}, past_v{i}_{r} [T_r, H, dh]
     * (each row's own cache, of its own length). Outputs: logits [R, V], and per layer and row the new
     * token's new_k{i}_{r}, new_v{i}_{r} [1, H, dh] (one cache row). Projections, FFN and the output
     * layer run on the [R, D] matrix (weights read once for all rows); attention runs per row.
     */
    static OnnxGraph stepGraph(T2SConfig c, int rows) {
        if (rows < 1) throw new IllegalArgumentException("rows must be positive, not " + rows);
        final GraphBuilder g = new GraphBuilder(rows == 1 ? "t2s_step" : "t2s_step_" + rows + "rows");
        final int d = c.width(), h = c.heads(), dh = d / h;
        final Value token = g.input("token", DType.INT64, rows);
        final Value pe = g.input("pe", DType.FLOAT, rows, d);
        final Value audioEmbedding = g.weight(P + "ar_audio_embedding.word_embeddings.weight", DType.FLOAT, c.vocab(), d);
        final Value audioAlpha = g.weight(P + "ar_audio_position.alpha", DType.FLOAT, 1);
        final Value predict = g.weight(P + "ar_predict_layer.weight", DType.FLOAT, c.vocab(), d);
        Value x = g.add(g.gather(audioEmbedding, token, 0), g.mul(audioAlpha, pe));       // [R, D]
        final Value scale = g.constant((float) (1.0 / Math.sqrt(dh)));
        final long[] ones = new long[rows];
        Arrays.fill(ones, 1);
        final Value[][] kNew = new Value[c.layers()][rows], vNew = new Value[c.layers()][rows];
        for (int i = 0; i < c.layers(); i++) {
            final Value[] kPast = new Value[rows], vPast = new Value[rows];
            for (int r = 0; r < rows; r++) {
                kPast[r] = g.input("past_k" + i + "_" + r, DType.FLOAT, "T" + r, h, dh);
                vPast[r] = g.input("past_v" + i + "_" + r, DType.FLOAT, "T" + r, h, dh);
            }
            try (var s = g.scope("layers." + i)) {
                final Layer l = Layer.declare(g, c, i);
                final Value qkvAll = g.gemm(x, l.inProjW, l.inProjB, 1f, 1f, false, true);    // [R, 3D]
                final Value[] qkvRows = rows == 1 ? new Value[] {qkvAll} : g.split(qkvAll, 0, ones);
                final Value[] attended = new Value[rows];
                for (int r = 0; r < rows; r++) {
                    final Value[] qkv = g.split(qkvRows[r], 1, d, d, d);
                    final Value q = g.reshape(qkv[0], h, 1, dh);
                    kNew[i][r] = g.reshape(qkv[1], h, 1, dh);
                    vNew[i][r] = g.reshape(qkv[2], h, 1, dh);
                    // softmax over [cached positions, this token], scored separately so the cache is only read
                    final Value cached = g.fusedMatMul(q, kPast[r], 1f / (float) Math.sqrt(dh), false, true, false, true); // [H, 1, T]
                    final Value self = g.mul(g.reduceSum(g.mul(q, kNew[i][r]), true, 2), scale);       // [H, 1, 1]
                    final Value w = g.softmax(g.concat(2, cached, self), -1);                             // [H, 1, T+1]
                    final Value wCached = g.slice(w, new long[] {0}, new long[] {-1}, new long[] {2});
                    final Value wSelf = g.slice(w, new long[] {-1}, new long[] {GraphBuilder.END}, new long[] {2});
                    attended[r] = g.reshape(g.add(g.fusedMatMul(wCached, vPast[r], 1f, false, false, false, true),
                            g.mul(wSelf, vNew[i][r])), 1, d);                                               // [1, D]
                }
                x = l.finish(g, x, rows == 1 ? attended[0] : g.concat(0, attended));
            }
        }
        g.output("logits", g.gemm(x, predict, null, 1f, 0f, false, true), rows, c.vocab());
        for (int i = 0; i < c.layers(); i++) {
            for (int r = 0; r < rows; r++) {
                g.output("new_k" + i + "_" + r, g.reshape(kNew[i][r], 1, h, dh), 1, h, dh);
                g.output("new_v" + i + "_" + r, g.reshape(vNew[i][r], 1, h, dh), 1, h, dh);
            }
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

    /** What a decode produced: the tokens (EOS dropped), whether EOS stopped it, and the steps sampled. */
    public record Result(long[] tokens, boolean stoppedByEos, int steps) {}

    /** Receives each step's raw logits (before the penalty) and the prefill's hidden state. */
    public interface Observer {
        default void prefill(float[] hidden) {}

        default void step(int index, float[] rawLogits) {}
    }

    /**
     * One sequence of a batch, as {@link #generate} takes it; {@code sampler} must be this request's own
     * (samplers keep state). {@code observer} may be null.
     */
    public record Request(long[] phones, float[] bert, long[] prompt, T2SSampler sampler, Observer observer) {
        public Request {
            Objects.requireNonNull(phones, "phones");
            Objects.requireNonNull(bert, "bert");
            Objects.requireNonNull(prompt, "prompt");
            Objects.requireNonNull(sampler, "sampler");
        }

        public Request(long[] phones, float[] bert, long[] prompt, T2SSampler sampler) {
            this(phones, bert, prompt, sampler, null);
        }
    }

    /**
     * [engine-worker] Generates semantic tokens. {@code phones}: prompt ++ target phoneme ids [L];
     * {@code bert}: [1024, L] row-major, prompt columns first; {@code prompt}: the reference's semantic
     * tokens (empty for reference-free mode). Stops when the drawn token is EOS or the penalised argmax
     * is EOS (the EOS itself is dropped), or after {@code maxSteps}.
     */
    public Result generate(long[] phones, float[] bert, long[] prompt, T2SSampler sampler, int maxSteps, Observer observer) {
        return generate(phones, bert, prompt, sampler, maxSteps, observer, () -> false);
    }

    /**
     * [engine-worker] As {@link #generate(long[], float[], long[], T2SSampler, int, Observer)};
     * {@code cancelled} is asked before the prefill and before every step, and a true answer throws
     * {@link CancellationException}.
     */
    public Result generate(long[] phones, float[] bert, long[] prompt, T2SSampler sampler, int maxSteps, Observer observer,
                           BooleanSupplier cancelled) {
        final Request request = new Request(phones, bert, prompt, sampler, observer);
        check(request, maxSteps);
        checkCancelled(cancelled);
        final Sequence s = start(request, maxSteps, null);
        final Sequence[] slots = {s};
        try (Stepper stepper = new Stepper(step, 1)) {
            while (!s.sample()) {
                checkCancelled(cancelled);
                stepper.run(slots);
            }
        }
        return s.result;
    }

    /** [engine-worker] {@link #generateBatch(List, int, BooleanSupplier, ObjIntConsumer)} without cancellation or progress. */
    public List<Result> generateBatch(List<Request> requests, int maxSteps) {
        return generateBatch(requests, maxSteps, () -> false, null);
    }

    /**
     * [engine-worker] Decodes several sequences together, {@link #batchRows()} at a time, each exactly as
     * {@link #generate} would (own sampler, own stop, own cache); the results are in request order. A
     * row that finishes leaves the batch and the next queued request takes its slot (after its own
     * prefill). {@code cancelled} is asked before every prefill and every step (true throws
     * {@link CancellationException}); {@code finished} (may be null) hears each row as it finishes,
     * with its request index.
     */
    public List<Result> generateBatch(List<Request> requests, int maxSteps, BooleanSupplier cancelled, ObjIntConsumer<Result> finished) {
        final Set<T2SSampler> samplers = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Request r : requests) {
            check(r, maxSteps);
            if (!samplers.add(r.sampler())) throw new IllegalArgumentException("each request needs its own sampler");
        }
        final int rows = batchRows;
        final Result[] results = new Result[requests.size()];
        final Sequence[] slots = new Sequence[rows];
        final KvCache[] caches = new KvCache[rows];                    // reused by the requests that follow in a slot
        int next = 0, active = 0;
        try (Stepper stepper = new Stepper(batchStep != null ? batchStep : step, rows)) {
            while (true) {
                for (int r = 0; r < rows; r++) {
                    while (slots[r] == null && next < requests.size()) {
                        checkCancelled(cancelled);
                        final Request request = requests.get(next);
                        final int need = request.phones().length + request.prompt().length + maxSteps;
                        if (caches[r] == null || caches[r].capacity() < need) caches[r] = new KvCache(config, need);
                        final Sequence s = start(request, maxSteps, caches[r]);
                        s.index = next++;
                        if (s.sample()) {
                            done(s, results, finished);                 // finished on its first draw (maxSteps 1)
                        } else {
                            slots[r] = s;
                            active++;
                        }
                    }
                }
                if (active == 0) break;
                checkCancelled(cancelled);
                stepper.run(slots);
                for (int r = 0; r < rows; r++) {
                    if (slots[r] != null && slots[r].sample()) {
                        done(slots[r], results, finished);
                        slots[r] = null;
                        active--;
                    }
                }
            }
        }
        return List.of(results);
    }

    private static void done(Sequence s, Result[] results, ObjIntConsumer<Result> finished) {
        results[s.index] = s.result;
        if (finished != null) finished.accept(s.result, s.index);
    }

    private static void checkCancelled(BooleanSupplier cancelled) {
        if (cancelled.getAsBoolean()) throw new CancellationException("T2S decoding cancelled");
    }

    private void check(Request r, int maxSteps) {
        final int l = r.phones().length;
        if (r.bert().length != (long) config.bertWidth() * l) {
            throw new IllegalArgumentException("BERT features must be [" + config.bertWidth() + ", " + l + "], got " + r.bert().length + " values");
        }
        if (maxSteps < 1 || maxSteps > MAX_STEPS) throw new IllegalArgumentException("maxSteps must be in 1.." + MAX_STEPS + ", not " + maxSteps);
    }

    /** Runs the prefill of one request into {@code cache} (a new one when null); its first logits are ready to sample. */
    private Sequence start(Request request, int maxSteps, KvCache cache) {
        final long[] phones = request.phones(), prompt = request.prompt();
        final int l = phones.length, t = prompt.length, s = l + t, d = config.width();
        final Sequence seq = new Sequence(request, maxSteps, cache != null ? cache : new KvCache(config, s + maxSteps));
        final Map<String, OnnxTensor> in = new LinkedHashMap<>();
        try {
            in.put("phones", Tensors.longs(phones, l));
            in.put("bert", Tensors.floats(request.bert(), config.bertWidth(), l));
            in.put("audio", Tensors.longs(prompt, t));
            in.put("text_pe", Tensors.floats(positionRows(0, l), l, d));
            in.put("audio_pe", Tensors.floats(positionRows(0, t), t, d));
            in.put("mask", Tensors.floats(prefillMask(l, t), s, s));
            try (OrtSession.Result r = prefill.run(in)) {
                ((OnnxTensor) r.get("logits").orElseThrow()).getFloatBuffer().get(seq.logits);
                if (request.observer() != null) request.observer().prefill(Tensors.toFloats((OnnxTensor) r.get("hidden").orElseThrow()));
                for (int i = 0; i < config.layers(); i++) {
                    seq.cache.load(i, ((OnnxTensor) r.get("k" + i).orElseThrow()).getFloatBuffer(),
                            ((OnnxTensor) r.get("v" + i).orElseThrow()).getFloatBuffer(), s);
                }
            }
        } finally {
            in.values().forEach(OnnxTensor::close);
        }
        return seq;
    }

    /** One sequence's decode state: its cache, history, sampler and the logits to sample next. */
    private final class Sequence {
        final KvCache cache;
        final T2SSampler sampler;
        final Observer observer;
        final int t, maxSteps;
        final long[] history;
        final int[] previous;
        final float[] logits = new float[config.vocab()];
        int count, generated, step, index;
        /** After a draw that did not stop: the token to feed and its audio position. */
        int token, position;
        Result result;

        Sequence(Request r, int maxSteps, KvCache cache) {
            this.cache = cache;
            this.sampler = r.sampler();
            this.observer = r.observer();
            this.t = r.prompt().length;
            this.maxSteps = maxSteps;
            history = new long[t + maxSteps + 1];
            System.arraycopy(r.prompt(), 0, history, 0, t);
            previous = new int[history.length];
            for (int i = 0; i < t; i++) previous[i] = (int) r.prompt()[i];
            count = t;
        }

        /** Samples from {@link #logits}; true when the sequence is done ({@link #result} set), else {@link #token} is next. */
        boolean sample() {
            if (observer != null) observer.step(step, logits.clone());
            final int eos = config.eos();
            final int n = step < EOS_BLOCKED_STEPS ? config.vocab() - 1 : config.vocab();   // logits[:, :-1] for early steps
            sampler.penalise(logits, n, previous, count);
            final int penalisedArgmax = T2SSampler.argmax(logits, n);   // upstream's stop test sees the penalised logits
            final int drawn = sampler.drawFromPenalised(logits, n);
            if (drawn == eos || penalisedArgmax == eos) {
                result = new Result(Arrays.copyOfRange(history, t, t + generated), true, step + 1);
                return true;
            }
            previous[count] = drawn;
            history[count++] = drawn;
            generated++;
            if (generated >= maxSteps) {
                result = new Result(Arrays.copyOfRange(history, t, t + generated), false, step + 1);
                return true;
            }
            token = drawn;
            position = t + step;
            step++;
            return false;
        }
    }

    /**
     * Runs step graphs of {@code rows} slots; the cache views change every step, the small tensors and the
     * idle slots' dummies are made once.
     */
    private final class Stepper implements AutoCloseable {
        private final OrtModel model;
        private final int rows, width = config.width(), vocab = config.vocab();
        private final LongBuffer token;
        private final FloatBuffer pe, logitsOut;
        private final OnnxTensor tokenTensor, peTensor, logitsTensor;
        /** An idle slot reads a one-row zero cache and writes its new rows into scratch rows nobody reads. */
        private final OnnxTensor dummyPast;
        private final OnnxTensor[] dummyNext;
        private final float[] origin = positionRows(0, 1);
        private final Map<String, OnnxTensor> inputs = new LinkedHashMap<>();
        private final Map<String, OnnxTensor> outputs = new LinkedHashMap<>();
        private final List<OnnxTensor> views = new ArrayList<>();

        Stepper(OrtModel model, int rows) {
            this.model = model;
            this.rows = rows;
            final int h = config.heads(), dh = width / h;
            token = Tensors.directLongs(rows);
            pe = Tensors.directFloats((long) rows * width);
            logitsOut = Tensors.directFloats((long) rows * vocab);
            tokenTensor = Tensors.view(token, rows);
            peTensor = Tensors.view(pe, rows, width);
            logitsTensor = Tensors.view(logitsOut, rows, vocab);
            dummyPast = Tensors.view(Tensors.directFloats(width), 1, h, dh);
            dummyNext = new OnnxTensor[rows * config.layers() * 2];
            final FloatBuffer scratch = Tensors.directFloats((long) dummyNext.length * width);
            for (int j = 0; j < dummyNext.length; j++) dummyNext[j] = Tensors.view(scratch.slice(j * width, width), 1, h, dh);
        }

        /**
         * Feeds each active slot's pending token at its position; leaves its next raw logits in its
         * {@code logits} and advances its cache. Null slots are idle.
         */
        void run(Sequence[] slots) {
            inputs.put("token", tokenTensor);
            inputs.put("pe", peTensor);
            outputs.put("logits", logitsTensor);
            try {
                for (int r = 0; r < rows; r++) {
                    final Sequence s = slots[r];
                    token.put(r, s == null ? 0 : s.token);
                    pe.put(r * width, s == null ? origin : positionRows(s.position, 1));
                    for (int i = 0; i < config.layers(); i++) {
                        final String suffix = i + "_" + r;
                        inputs.put("past_k" + suffix, s == null ? dummyPast : view(s.cache.past(i, true)));
                        inputs.put("past_v" + suffix, s == null ? dummyPast : view(s.cache.past(i, false)));
                        final int j = (r * config.layers() + i) * 2;
                        outputs.put("new_k" + suffix, s == null ? dummyNext[j] : view(s.cache.next(i, true)));
                        outputs.put("new_v" + suffix, s == null ? dummyNext[j + 1] : view(s.cache.next(i, false)));
                    }
                }
                model.run(inputs, outputs);
            } finally {
                views.forEach(OnnxTensor::close);
                views.clear();
            }
            for (int r = 0; r < rows; r++) {
                if (slots[r] == null) continue;
                logitsOut.get(r * vocab, slots[r].logits, 0, vocab);
                slots[r].cache.advance();
            }
        }

        private OnnxTensor view(OnnxTensor t) {
            views.add(t);
            return t;
        }

        @Override
        public void close() {
            tokenTensor.close();
            peTensor.close();
            logitsTensor.close();
            dummyPast.close();
            for (OnnxTensor t : dummyNext) t.close();
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
        if (batchStep != null) batchStep.close();
    }
}
