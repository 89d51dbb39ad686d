package org.understudy.engine.gptsovits;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.understudy.engine.checkpoint.CheckpointException;
import org.understudy.engine.checkpoint.Tensor;
import org.understudy.engine.onnx.DType;
import org.understudy.engine.onnx.GraphBuilder;
import org.understudy.engine.onnx.OnnxGraph;
import org.understudy.engine.onnx.OrtModel;
import org.understudy.engine.onnx.SessionConfig;
import org.understudy.engine.onnx.Tensors;
import org.understudy.engine.onnx.Value;

/**
 * The reference encoder of {@code feature_extractor/cnhubert.py: CNHubert}: a Hugging Face
 * {@code HubertModel} (chinese-hubert-base) as one ONNX graph, called as upstream calls it,
 * {@code model(wav)["last_hidden_state"]} on 16 kHz audio with no feature-extractor normalisation.
 * Every size comes from {@code config.json}; initializer names are the state-dict keys, except the
 * positional conv's weight, whose weight norm is folded at load.
 */
public final class CnHubert implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger("understudy.gptsovits");
    private static final String WHAT = "chinese-hubert-base (HuBERT)";
    private static final String POS_CONV = "encoder.pos_conv_embed.conv.";
    /** The folded positional-conv weight: {@code g · v / ‖v‖}, the norm over dims 0 and 1 (weight_norm dim=2). */
    private static final String POS_CONV_WEIGHT = POS_CONV + "weight";
    /** Block length of the GroupNorm sums ({@link #sumOverTime}). */
    private static final long SUM_BLOCK = 256;

    /** The HubertConfig fields this graph uses. */
    public record Config(int[] convDim, int[] convKernel, int[] convStride, boolean convBias, String featExtractNorm,
                         boolean featProjLayerNorm, int hidden, int layers, int heads, int intermediate,
                         int posConvKernel, int posConvGroups, float layerNormEps) {
        /** chinese-hubert-base's sizes (its config.json). */
        public static Config upstream() {
            return new Config(new int[] {512, 512, 512, 512, 512, 512, 512}, new int[] {10, 3, 3, 3, 3, 2, 2}, new int[] {5, 2, 2, 2, 2, 2, 2},
                    false, "group", true, 768, 12, 12, 3072, 128, 16, 1e-5f);
        }

        public Config {
            if (convDim.length == 0 || convDim.length != convKernel.length || convDim.length != convStride.length) {
                throw new IllegalArgumentException("conv_dim, conv_kernel and conv_stride differ in length");
            }
            if (hidden < 1 || layers < 1 || heads < 1 || hidden % heads != 0 || hidden % posConvGroups != 0) {
                throw new IllegalArgumentException("inconsistent HuBERT sizes: hidden " + hidden + ", heads " + heads + ", pos conv groups " + posConvGroups);
            }
        }

        /** [any-thread] The audio samples per output frame (320 in chinese-hubert-base). */
        public int hop() {
            return Arrays.stream(convStride).reduce(1, (a, b) -> a * b);
        }

        /** [any-thread] The fewest samples that give one frame (400 in chinese-hubert-base). */
        public int receptiveField() {
            int field = 1, hop = 1;
            for (int i = 0; i < convKernel.length; i++) {
                field += (convKernel[i] - 1) * hop;
                hop *= convStride[i];
            }
            return field;
        }

        @Override
        public String toString() {
            return "HuBERT: " + layers + " layers × " + hidden + ", " + heads + " heads, FFN " + intermediate + ", conv " + Arrays.toString(convDim)
                    + " kernels " + Arrays.toString(convKernel) + " strides " + Arrays.toString(convStride) + " (" + featExtractNorm
                    + " norm), pos conv k=" + posConvKernel + " groups " + posConvGroups;
        }
    }

    /** What one call computes, each row-major. */
    public record Features(int frames, float[] extractFeatures, List<float[]> hiddenStates) {
        /** [any-thread] {@code last_hidden_state} [1, F, H]; GPT-SoVITS uses its transpose [1, H, F]. */
        public float[] lastHiddenState() {
            return hiddenStates.get(hiddenStates.size() - 1);
        }
    }

    private final Config config;
    private final OrtModel model;

    private CnHubert(Config config, OrtModel model) {
        this.config = config;
        this.model = model;
    }

    /** [engine-worker] Loads a chinese-hubert-base folder ({@code config.json} + weights) and builds its graph. */
    public static CnHubert load(Path folder, SessionConfig session) throws CheckpointException {
        final HfFolder hf = HfFolder.open(folder, "hubert", WHAT);
        final Config config = config(hf);
        LOG.info(folder + ": " + config);
        final OnnxGraph graph = graph(config);
        final Map<String, FloatBuffer> folded = Map.of(POS_CONV_WEIGHT, foldedPosConvWeight(hf, config));
        return new CnHubert(config, OrtModel.create(graph, hf.weightsFor(graph, folded), session));
    }

    /** [engine-worker] Builds the model from weights keyed like the checkpoint, the positional conv already folded (benchmarks use random ones). */
    public static CnHubert create(Config config, Map<String, ? extends java.nio.Buffer> weights, SessionConfig session) {
        return new CnHubert(config, OrtModel.create(graph(config), weights, session));
    }

    /** [any-thread] Every weight the graph uses, with its shape. */
    public static Map<String, long[]> weightShapes(Config config) {
        return graph(config).weightShapes();
    }

    /** [any-thread] */
    public Config config() {
        return config;
    }

    /**
     * [engine-worker] Runs the model on mono 16 kHz samples in [-1, 1] (upstream appends its 0.6 s of
     * silence before this call). Gives {@code (N - receptiveField) / hop + 1} frames.
     */
    public Features forward(float[] wav16k) {
        if (wav16k.length < config.receptiveField()) {
            throw new IllegalArgumentException(wav16k.length + " samples are too few for HuBERT, which needs at least " + config.receptiveField());
        }
        final Map<String, OnnxTensor> in = Map.of("wav", Tensors.floats(wav16k, 1, wav16k.length));
        try (OrtSession.Result r = model.run(in)) {
            final OnnxTensor last = (OnnxTensor) r.get("last_hidden_state").orElseThrow();
            final int frames = (int) last.getInfo().getShape()[1];
            final List<float[]> hidden = new ArrayList<>();
            for (int i = 0; i <= config.layers(); i++) hidden.add(Tensors.toFloats((OnnxTensor) r.get("hidden_state_" + i).orElseThrow()));
            return new Features(frames, Tensors.toFloats((OnnxTensor) r.get("extract_features").orElseThrow()), List.copyOf(hidden));
        } finally {
            in.values().forEach(OnnxTensor::close);
        }
    }

    /** [engine-worker] Releases the ORT session. */
    @Override
    public void close() {
        model.close();
    }

    // ---- loading --------------------------------------------------------------------------------

    private static Config config(HfFolder hf) throws CheckpointException {
        for (String key : new String[] {"hidden_act", "feat_extract_activation"}) {
            final String act = hf.string(key, "gelu");
            if (!act.equals("gelu")) throw hf.unsupported(key, act);
        }
        final String norm = hf.string("feat_extract_norm", "group");
        if (!norm.equals("group") && !norm.equals("layer")) throw hf.unsupported("feat_extract_norm", norm);
        if (hf.bool("do_stable_layer_norm", false)) throw hf.unsupported("do_stable_layer_norm", true);
        if (hf.bool("conv_pos_batch_norm", false)) throw hf.unsupported("conv_pos_batch_norm", true);
        try {
            return new Config(hf.ints("conv_dim"), hf.ints("conv_kernel"), hf.ints("conv_stride"), hf.bool("conv_bias", false), norm,
                    hf.bool("feat_proj_layer_norm", true), hf.intValue("hidden_size"), hf.intValue("num_hidden_layers"),
                    hf.intValue("num_attention_heads"), hf.intValue("intermediate_size"), hf.intValue("num_conv_pos_embeddings"),
                    hf.intValue("num_conv_pos_embedding_groups"), hf.floatValue("layer_norm_eps", 1e-5f));
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(hf.configFile, e.getMessage());
        }
    }

    /**
     * {@code weight_norm(conv, dim=2)}: w[o, i, k] = g[k] · v[o, i, k] / ‖v[:, :, k]‖. The published
     * .bin names g and v {@code weight_g}/{@code weight_v}; newer saves use torch's parametrizations.
     */
    private static FloatBuffer foldedPosConvWeight(HfFolder hf, Config c) throws CheckpointException {
        final boolean legacy = hf.weights.contains(POS_CONV + "weight_g");
        final String gKey = legacy ? POS_CONV + "weight_g" : POS_CONV + "parametrizations.weight.original0";
        final String vKey = legacy ? POS_CONV + "weight_v" : POS_CONV + "parametrizations.weight.original1";
        final int k = c.posConvKernel(), rows = c.hidden() * (c.hidden() / c.posConvGroups());
        final Tensor gTensor = hf.weights.tensor(gKey, 1, 1, k);
        final Tensor vTensor = hf.weights.tensor(vKey, c.hidden(), c.hidden() / c.posConvGroups(), k);
        final float[] g = gTensor.toFloatArray(), v = vTensor.toFloatArray();            // v: [H, H/groups, k]
        final double[] squares = new double[k];
        for (int r = 0; r < rows; r++) for (int t = 0; t < k; t++) squares[t] += (double) v[r * k + t] * v[r * k + t];
        final FloatBuffer w = Tensors.directFloats(v.length);
        for (int r = 0; r < rows; r++) {
            for (int t = 0; t < k; t++) w.put(r * k + t, (float) (g[t] * (v[r * k + t] / Math.sqrt(squares[t]))));
        }
        return w;
    }

    // ---- graph ----------------------------------------------------------------------------------

    /**
     * wav [1, N] → extract_features [1, F, C] (conv front end), hidden_state_0..L [1, F, H]
     * (0: after positional conv + LayerNorm; i: after layer i) and last_hidden_state [1, F, H].
     * Batch 1: the encoder works on [F, H] rows.
     */
    static OnnxGraph graph(Config c) {
        final GraphBuilder g = new GraphBuilder("cnhubert");
        final int h = c.hidden(), heads = c.heads(), dh = h / heads, convOut = c.convDim()[c.convDim().length - 1];
        final float eps = c.layerNormEps();
        final Value wav = g.input("wav", DType.FLOAT, 1, "N");

        // HubertFeatureEncoder: conv → (GroupNorm on layer 0 | LayerNorm on every layer) → GELU
        Value x = g.unsqueeze(wav, 1);                                                     // [1, 1, N]
        int channels = 1;
        for (int i = 0; i < c.convDim().length; i++) {
            final String k = "feature_extractor.conv_layers." + i + ".";
            try (var s = g.scope("conv_layers." + i)) {
                final Value w = g.weight(k + "conv.weight", DType.FLOAT, c.convDim()[i], channels, c.convKernel()[i]);
                final Value b = c.convBias() ? g.weight(k + "conv.bias", DType.FLOAT, c.convDim()[i]) : null;
                x = g.conv1d(x, w, b, c.convStride()[i], 0, 1, 1);                         // [1, C_i, L_i]
                if (c.featExtractNorm().equals("group") && i == 0) {
                    x = groupNormPerChannel(g, x, g.weight(k + "layer_norm.weight", DType.FLOAT, c.convDim()[i]),
                            g.weight(k + "layer_norm.bias", DType.FLOAT, c.convDim()[i]));
                } else if (c.featExtractNorm().equals("layer")) {
                    x = g.transpose(g.layerNorm(g.transpose(x, 0, 2, 1), g.weight(k + "layer_norm.weight", DType.FLOAT, c.convDim()[i]),
                            g.weight(k + "layer_norm.bias", DType.FLOAT, c.convDim()[i]), 1e-5f), 0, 2, 1);
                }
                x = g.gelu(x);
                channels = c.convDim()[i];
            }
        }
        final Value features = g.transpose(g.squeeze(x, 0), 1, 0);                       // [F, C]
        g.output("extract_features", g.unsqueeze(features, 0), 1, "F", convOut);

        // HubertFeatureProjection: (LayerNorm) → Linear
        Value f = features;
        if (c.featProjLayerNorm()) {
            f = g.layerNorm(f, g.weight("feature_projection.layer_norm.weight", DType.FLOAT, convOut),
                    g.weight("feature_projection.layer_norm.bias", DType.FLOAT, convOut), eps);
        }
        Value hs = g.gemm(f, g.weight("feature_projection.projection.weight", DType.FLOAT, h, convOut),
                g.weight("feature_projection.projection.bias", DType.FLOAT, h), 1f, 1f, false, true);       // [F, H]

        // HubertPositionalConvEmbedding: grouped conv, padding k/2, an even kernel drops the last frame; GELU
        try (var s = g.scope("pos_conv_embed")) {
            final int k = c.posConvKernel();
            final Value w = g.weight(POS_CONV_WEIGHT, DType.FLOAT, h, h / c.posConvGroups(), k);
            Value pos = g.conv1d(g.unsqueeze(g.transpose(hs, 1, 0), 0), w, g.weight(POS_CONV + "bias", DType.FLOAT, h), 1, k / 2, 1,
                    c.posConvGroups());                                                    // [1, H, F (+1)]
            if (k % 2 == 0) pos = g.slice(pos, new long[] {0}, new long[] {-1}, new long[] {2});
            hs = g.add(hs, g.transpose(g.squeeze(g.gelu(pos), 0), 1, 0));
        }
        hs = g.layerNorm(hs, g.weight("encoder.layer_norm.weight", DType.FLOAT, h), g.weight("encoder.layer_norm.bias", DType.FLOAT, h), eps);
        g.output("hidden_state_0", g.unsqueeze(hs, 0), 1, "F", h);

        // HubertEncoderLayer (post-LN): h = LN(h + attention(h)); h = LN'(h + FFN(h))
        final Value scale = g.constant((float) Math.pow(dh, -0.5));
        for (int i = 0; i < c.layers(); i++) {
            final String k = "encoder.layers." + i + ".";
            try (var s = g.scope("layers." + i)) {
                final Value q = g.mul(linear(g, hs, k + "attention.q_proj", h, h), scale);           // HF scales q after the projection
                final Value key = linear(g, hs, k + "attention.k_proj", h, h), v = linear(g, hs, k + "attention.v_proj", h, h);
                final Value qh = g.transpose(g.reshape(q, -1, heads, dh), 1, 0, 2);                  // [heads, F, dh]
                final Value kh = g.transpose(g.reshape(key, -1, heads, dh), 1, 2, 0);                // [heads, dh, F]
                final Value vh = g.transpose(g.reshape(v, -1, heads, dh), 1, 0, 2);                  // [heads, F, dh]
                final Value attended = g.matMul(g.softmax(g.matMul(qh, kh), -1), vh);               // [heads, F, dh]
                final Value merged = g.reshape(g.transpose(attended, 1, 0, 2), -1, h);               // [F, H]
                hs = g.layerNorm(g.add(hs, linear(g, merged, k + "attention.out_proj", h, h)),
                        g.weight(k + "layer_norm.weight", DType.FLOAT, h), g.weight(k + "layer_norm.bias", DType.FLOAT, h), eps);
                final Value ff = linear(g, g.gelu(linear(g, hs, k + "feed_forward.intermediate_dense", c.intermediate(), h)),
                        k + "feed_forward.output_dense", h, c.intermediate());
                hs = g.layerNorm(g.add(hs, ff), g.weight(k + "final_layer_norm.weight", DType.FLOAT, h),
                        g.weight(k + "final_layer_norm.bias", DType.FLOAT, h), eps);
            }
            g.output("hidden_state_" + (i + 1), g.unsqueeze(hs, 0), 1, "F", h);
        }
        g.output("last_hidden_state", g.unsqueeze(hs, 0), 1, "F", h);
        return g.build();
    }

    /**
     * {@code GroupNorm(C, C)}, eps 1e-5: each channel of x [1, C, L] over time, with sums taken in
     * blocks ({@link #sumOverTime}).
     */
    private static Value groupNormPerChannel(GraphBuilder g, Value x, Value scale, Value bias) {
        final Value n = g.cast(g.shape(x, 2, 3), DType.FLOAT);                                // [1] = L
        final Value centred = g.sub(x, g.div(sumOverTime(g, x), n));                          // x − mean
        final Value variance = g.div(sumOverTime(g, g.mul(centred, centred)), n);             // [1, C, 1]
        final Value normalised = g.div(centred, g.sqrt(g.add(variance, g.constant(1e-5f))));
        return g.add(g.mul(normalised, g.unsqueeze(scale, 1)), g.unsqueeze(bias, 1));
    }

    /**
     * Σ over the last axis of [1, C, L] → [1, C, 1], as sums of 256-element blocks (zero-padded).
     * Measured on pipeline-small: ORT's ReduceMean and InstanceNormalization over the first conv's
     * ~10⁴ frames are off by ~1e-5 relative in the variance, like a sequential fp32 sum (torch sums
     * in cascade); the blocks bring ssl from 3.7e-5 to 1.1e-5 of upstream, 5.8e-6 of a float64 run.
     */
    private static Value sumOverTime(GraphBuilder g, Value x) {
        final Value padded = g.pad(x, new long[] {0, 0, 0, 0, 0, SUM_BLOCK - 1}, 0f);                // [1, C, L + 255]
        final Value whole = g.mul(g.div(g.shape(padded, 2, 3), g.constantInts(SUM_BLOCK)), g.constantInts(SUM_BLOCK));
        final Value blocks = g.reshape(g.slice(padded, g.constantInts(0), whole, 2), 0, 0, -1, SUM_BLOCK);  // [1, C, B, 256]
        return g.reduceSum(g.reduceSum(blocks, false, 3), true, 2);
    }

    /** {@code nn.Linear(in, out)} on rows: x [R, in] · weightᵀ + bias → [R, out]. */
    static Value linear(GraphBuilder g, Value x, String key, int out, int in) {
        return g.gemm(x, g.weight(key + ".weight", DType.FLOAT, out, in), g.weight(key + ".bias", DType.FLOAT, out), 1f, 1f, false, true);
    }
}
