package org.understudy.engine.gptsovits;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import java.nio.Buffer;
import java.util.LinkedHashMap;
import java.util.List;
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
 * GPT-SoVITS's synthesiser for v1/v2 ({@code module/models.py: SynthesizerTrn.decode}) as one ONNX
 * graph: style vector from the reference spectrogram ({@code ref_enc}, MelStyleEncoder), codebook
 * lookup and ×2 nearest upsampling, {@code enc_p} (TextEncoder with MRTE), noise, reverse
 * {@code flow}, and {@code dec} (the HiFi-GAN Generator). Weight names are the .pth keys, weight norm
 * folded ({@link SovitsWeights}). Tensors are [1, C, T] as upstream; the batch is always one.
 */
public final class SynthesizerTrn implements AutoCloseable {
    /** VITS relative attention looks 4 positions either way. */
    static final int WINDOW = 4;
    private static final float LRELU_SLOPE = 0.1f;

    private final SovitsConfig config;
    private final OrtModel style;
    private final OrtModel decoder;
    private final OrtModel latent;

    private SynthesizerTrn(SovitsConfig config, OrtModel style, OrtModel decoder, OrtModel latent) {
        this.config = config;
        this.style = style;
        this.decoder = decoder;
        this.latent = latent;
    }

    /**
     * [engine-worker] Loads a GPT-SoVITS {@code .pth} (v1, v2, v2Pro, v2ProPlus). A GPT {@code .ckpt} or a
     * v3/v4 model is refused with a message that says so.
     */
    public static SynthesizerTrn load(Checkpoint ckpt, SessionConfig session) throws CheckpointException {
        ckpt.expectContent(Checkpoint.Content.SOVITS);
        final String code = ckpt.versionCode().orElse("");
        if (code.equals("02") || code.equals("03") || code.equals("04") || ckpt.contains("cfm.estimator.proj_out.weight")) {
            throw new CheckpointException(ckpt.file(), "this is a SoVITS v3/v4 model (header '" + code
                    + "'); Understudy runs v1, v2, v2Pro and v2ProPlus models so far");
        }
        return create(SovitsConfig.from(ckpt), SovitsWeights.read(ckpt), session);
    }

    /** [engine-worker] Builds the style and decode graphs over weights keyed like the .pth (weight norm folded). */
    public static SynthesizerTrn create(SovitsConfig config, Map<String, ? extends Buffer> weights, SessionConfig session) {
        final List<OrtModel> made = new java.util.ArrayList<>();
        try {
            for (OnnxGraph graph : List.of(styleGraph(config), decodeGraph(config), latentGraph(config))) {
                made.add(OrtModel.create(graph, graph.pickWeights(weights), session));
            }
            return new SynthesizerTrn(config, made.get(0), made.get(1), made.get(2));
        } catch (RuntimeException e) {
            made.forEach(OrtModel::close);
            throw e;
        }
    }

    public SovitsConfig config() {
        return config;
    }

    /** [any-thread] Every weight the graphs use, with its shape (for building a model from scratch). */
    public static Map<String, long[]> weightShapes(SovitsConfig config) {
        final Map<String, long[]> shapes = new LinkedHashMap<>();
        for (OnnxGraph graph : List.of(styleGraph(config), decodeGraph(config), latentGraph(config))) shapes.putAll(graph.weightShapes());
        return shapes;
    }

    /** Everything decode computes, upstream's intermediates included (parity checks look at them). */
    public record Decoded(float[] audio, float[] ge, Map<String, float[]> intermediates) {}

    /** A reference: its spectrogram [bins, frames] row-major, and for v2Pro its speaker embedding. */
    public record Reference(float[] spectrogram, int bins, float[] speakerEmbedding) {
        public Reference(float[] spectrogram, int bins) {
            this(spectrogram, bins, null);
        }
    }

    /**
     * [engine-worker] Prompt semantic tokens from HuBERT features ({@code extract_latent}): ssl [768, F]
     * row-major → ssl_proj (k 2, stride 2) → nearest codebook row per frame → codes [F/2].
     */
    public long[] extractLatent(float[] ssl, int frames) {
        try (OnnxTensor in = Tensors.floats(ssl, 1, config.sslDim(), frames); OrtSession.Result r = latent.run(Map.of("ssl", in))) {
            return Tensors.toLongs((OnnxTensor) r.get("codes").orElseThrow());
        }
    }

    /**
     * [any-thread] The standard-normal noise decode scales by noise_scale, [inter, frames] from a seed: the
     * same seed gives the same audio. (Upstream draws it from torch's global RNG.)
     */
    public float[] noise(int frames, long seed) {
        final java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
        final float[] out = new float[config.inter() * frames];
        for (int i = 0; i < out.length; i++) out[i] = (float) rnd.nextGaussian();
        return out;
    }

    /** [any-thread] Frames decoded for {@code tokens} at {@code speed}: 2T, or int(2T / speed) + 1 as upstream. */
    public static int frames(int tokens, float speed) {
        return speed == 1f ? 2 * tokens : (int) (2 * tokens / speed) + 1;
    }

    /**
     * [engine-worker] The style vector of one reference [gin] (v2Pro: PReLU(ref_enc + sv_emb(embedding)));
     * several references are averaged, as upstream does.
     */
    public float[] styleVector(Reference ref) {
        final int tr = ref.spectrogram().length / ref.bins();
        final Map<String, OnnxTensor> in = new LinkedHashMap<>();
        try {
            in.put("refer", Tensors.floats(styleRows(ref.spectrogram(), ref.bins(), tr), 1, config.styleBins(), tr));
            if (config.proVariant()) {
                if (ref.speakerEmbedding() == null) throw new IllegalArgumentException(config.version() + " needs the reference's speaker embedding");
                in.put("sv", Tensors.floats(ref.speakerEmbedding(), 1, config.speakerEmbedding()));
            }
            try (OrtSession.Result r = style.run(in)) {
                return Tensors.toFloats((OnnxTensor) r.get("ge").orElseThrow());
            }
        } finally {
            in.values().forEach(OnnxTensor::close);
        }
    }

    /**
     * [engine-worker] {@code codes}: semantic tokens [T]; {@code text}: target phoneme ids [Lt];
     * {@code refs}: one or more references (their style vectors are averaged); {@code speed}: upstream's
     * latent speed (1 = none); {@code noise}: standard-normal [inter, frames(T, speed)] scaled by
     * {@code noiseScale} (upstream synthesises with 0.5; 0 is deterministic).
     */
    public Decoded decode(long[] codes, long[] text, List<Reference> refs, float speed, float[] noise, float noiseScale) {
        if (refs.isEmpty()) throw new IllegalArgumentException("decode needs at least one reference");
        if (!(speed > 0)) throw new IllegalArgumentException("speed must be positive, not " + speed);
        final float[] ge = new float[config.gin()];
        for (Reference ref : refs) {
            final float[] one = styleVector(ref);
            for (int i = 0; i < ge.length; i++) ge[i] += one[i];
        }
        for (int i = 0; i < ge.length; i++) ge[i] /= refs.size();
        final int t = codes.length, f = 2 * t, out = frames(t, speed), lt = text.length;
        if (noise.length != config.inter() * out) throw new IllegalArgumentException("noise must be [" + config.inter() + ", " + out + "]");
        final long[] lo = new long[out], hi = new long[out];
        final float[] w = new float[out];
        interpolation(f, out, speed, lo, hi, w);
        final Map<String, OnnxTensor> in = new LinkedHashMap<>();
        try {
            in.put("codes", Tensors.longs(codes, t));
            in.put("text", Tensors.longs(text, lt));
            in.put("ge", Tensors.floats(ge, 1, config.gin(), 1));
            in.put("noise", Tensors.floats(noise, 1, config.inter(), out));
            in.put("noise_scale", Tensors.floats(new float[] {noiseScale}, 1));
            in.put("band_ssl", Tensors.floats(band(f), f, 2 * WINDOW + 1, f));
            in.put("band_text", Tensors.floats(band(lt), lt, 2 * WINDOW + 1, lt));
            in.put("interp_lo", Tensors.longs(lo, out));
            in.put("interp_hi", Tensors.longs(hi, out));
            in.put("interp_w", Tensors.floats(w, out));
            try (OrtSession.Result r = decoder.run(in)) {
                final Map<String, float[]> outputs = new LinkedHashMap<>();
                for (Map.Entry<String, ai.onnxruntime.OnnxValue> e : r) outputs.put(e.getKey(), Tensors.toFloats((OnnxTensor) e.getValue()));
                return new Decoded(outputs.get("audio"), ge, outputs);
            }
        } finally {
            in.values().forEach(OnnxTensor::close);
        }
    }

    /**
     * F.interpolate(mode="linear", align_corners=False) from {@code in} to {@code out} frames, as torch
     * computes it in fp32: src = (in/out)·(dst + 0.5) − 0.5, clamped at 0. Speed 1 is the identity.
     */
    static void interpolation(int in, int out, float speed, long[] lo, long[] hi, float[] w) {
        if (speed == 1f) {
            for (int i = 0; i < out; i++) lo[i] = hi[i] = i;
            return;
        }
        final float scale = (float) in / out;
        for (int i = 0; i < out; i++) {
            float src = scale * (i + 0.5f) - 0.5f;
            if (src < 0) src = 0;
            final int l = (int) src;
            lo[i] = l;
            hi[i] = l < in - 1 ? l + 1 : l;
            w[i] = src - l;
        }
    }

    private float[] styleRows(float[] refer, int bins, int frames) {
        final int keep = config.styleBins();
        if (bins < keep) throw new IllegalArgumentException("the reference spectrogram has " + bins + " bins; this model needs " + keep);
        final float[] out = new float[keep * frames];
        System.arraycopy(refer, 0, out, 0, out.length);
        return out;
    }

    /** B[i, k, j] = 1 where j − i = k − WINDOW: turns relative scores into absolute ones and back. */
    static float[] band(int n) {
        final int w = 2 * WINDOW + 1;
        final float[] b = new float[n * w * n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < w; k++) {
                final int j = i + k - WINDOW;
                if (j >= 0 && j < n) b[(i * w + k) * n + j] = 1f;
            }
        }
        return b;
    }

    // ---- the graph --------------------------------------------------------------------------------

    /**
     * extract_latent: ssl [1, 768, F] → ssl_proj [1, 768, F/2] → codes [F/2], the codebook row nearest in
     * squared distance (upstream: argmax of −(|x|² − 2x·e + |e|²)).
     */
    static OnnxGraph latentGraph(SovitsConfig c) {
        final GraphBuilder g = new GraphBuilder("sovits_latent");
        final Value ssl = g.input("ssl", DType.FLOAT, 1, c.sslDim(), "F");
        final Value w = g.weight("ssl_proj.weight", DType.FLOAT, c.sslDim(), c.sslDim(), 2);
        final Value proj = g.conv1d(ssl, w, g.weight("ssl_proj.bias", DType.FLOAT, c.sslDim()), 2, 0, 1, 1);
        g.output("ssl_proj_out", proj, 1, c.sslDim(), "Fh");
        final Value x = g.transpose(g.reshape(proj, c.sslDim(), -1), 1, 0);                 // [Fh, 768]
        final Value embed = g.weight("quantizer.vq.layers.0._codebook.embed", DType.FLOAT, c.codebookSize(), c.sslDim());
        final Value dist = g.add(g.sub(g.reduceSum(g.mul(x, x), true, 1), g.mul(g.constant(2f), g.matMul(x, g.transpose(embed, 1, 0)))),
                g.reduceSum(g.mul(embed, embed), false, 1));                                   // [Fh, 1024]
        final Value nearest = g.topK(dist, 1, 1, false)[1];                                    // [Fh, 1]
        g.output("codes", g.reshape(nearest, -1), "Fh");
        return g.build();
    }

    /** One reference's style vector: refer [1, bins, Tr] (v2Pro also sv [1, 20480]) → ge [1, gin, 1]. */
    static OnnxGraph styleGraph(SovitsConfig c) {
        final GraphBuilder g = new GraphBuilder("sovits_style");
        final Value refer = g.input("refer", DType.FLOAT, 1, c.styleBins(), "Tr");
        Value ge;
        try (var s = g.scope("ref_enc")) {
            ge = melStyleEncoder(g, c, refer);                                            // [1, gin, 1]
        }
        if (c.proVariant()) {
            final Value sv = g.input("sv", DType.FLOAT, 1, c.speakerEmbedding());
            g.output("ge_ref_enc", ge, 1, c.gin(), 1);
            final Value proj = linear(g, sv, "sv_emb", c.speakerEmbedding(), c.gin());    // [1, gin]
            g.output("sv_proj", proj, 1, c.gin());
            final Value x = g.add(ge, g.unsqueeze(proj, 2));
            final Value slope = g.reshape(g.weight("prelu.weight", DType.FLOAT, c.gin()), c.gin(), 1);  // per channel
            ge = g.sub(g.relu(x), g.mul(slope, g.relu(g.neg(x))));                       // PReLU
        }
        g.output("ge", ge, 1, c.gin(), 1);
        return g.build();
    }

    static OnnxGraph decodeGraph(SovitsConfig c) {
        final GraphBuilder g = new GraphBuilder("sovits_decode");
        final Value codes = g.input("codes", DType.INT64, "T");
        final Value text = g.input("text", DType.INT64, "Lt");
        final Value ge = g.input("ge", DType.FLOAT, 1, c.gin(), 1);
        final Value noise = g.input("noise", DType.FLOAT, 1, c.inter(), "F2");
        final Value noiseScale = g.input("noise_scale", DType.FLOAT, 1);
        final Value bandSsl = g.input("band_ssl", DType.FLOAT, "F", 2 * WINDOW + 1, "F");
        final Value bandText = g.input("band_text", DType.FLOAT, "Lt", 2 * WINDOW + 1, "Lt");
        final Value lo = g.input("interp_lo", DType.INT64, "F2");
        final Value hi = g.input("interp_hi", DType.INT64, "F2");
        final Value w = g.input("interp_w", DType.FLOAT, "F2");
        // v2Pro conditions MRTE on ge_to512(ge); flow and dec use ge itself
        final Value mrteGe = c.proVariant()
                ? g.transpose(linear(g, g.transpose(ge, 0, 2, 1), "ge_to512", c.gin(), 512), 0, 2, 1) : ge;

        // quantizer.decode(codes) → [1, 768, T], then F.interpolate(nearest, ×2) → [1, 768, 2T]
        final Value embed = g.weight("quantizer.vq.layers.0._codebook.embed", DType.FLOAT, c.codebookSize(), c.sslDim());
        final Value rows = g.unsqueeze(g.gather(embed, codes, 0), 1);                      // [T, 1, 768]
        final Value doubled = g.reshape(g.concat(1, rows, rows), -1, c.sslDim());          // [2T, 768]
        final Value quantized = g.unsqueeze(g.transpose(doubled, 1, 0), 0);                // [1, 768, 2T]

        // enc_p = TextEncoder
        final String p = "enc_p.";
        Value y = conv(g, quantized, p + "ssl_proj", c.sslDim(), c.hidden(), 1, 1, 0);
        y = encoder(g, c, y, p + "encoder_ssl", c.layers() / 2, bandSsl);
        g.output("encoder_ssl_out", y, 1, c.hidden(), "F");
        final Value textEmbedding = g.weight(p + "text_embedding.weight", DType.FLOAT, c.symbols(), c.hidden());
        Value x = g.unsqueeze(g.transpose(g.gather(textEmbedding, text, 0), 1, 0), 0);    // [1, 192, Lt]
        x = encoder(g, c, x, p + "encoder_text", c.layers(), bandText);
        g.output("encoder_text_out", x, 1, c.hidden(), "Lt");
        y = mrte(g, c, y, x, mrteGe);
        g.output("mrte_out", y, 1, c.hidden(), "F");
        y = encoder(g, c, y, p + "encoder2", c.layers() / 2, bandSsl);
        g.output("encoder2_out", y, 1, c.hidden(), "F");
        // speed: linear interpolation to F2 frames (the identity at speed 1)
        y = g.add(g.mul(g.gather(y, lo, 2), g.sub(g.constant(1f), w)), g.mul(g.gather(y, hi, 2), w));
        final Value[] stats = g.split(conv(g, y, p + "proj", c.hidden(), 2 * c.inter(), 1, 1, 0), 1, c.inter(), c.inter());
        g.output("m_p", stats[0], 1, c.inter(), "F2");
        g.output("logs_p", stats[1], 1, c.inter(), "F2");

        // z_p = m_p + ε·exp(logs_p)·noise_scale, then the flow backwards
        final Value zp = g.add(stats[0], g.mul(g.mul(noise, g.exp(stats[1])), noiseScale));
        final Value z = flowReverse(g, c, zp, ge);
        g.output("flow_out", z, 1, c.inter(), "F2");
        g.output("audio", generator(g, c, z, ge), 1, 1, "N");
        return g.build();
    }

    /** Conv1d with the checkpoint's weight and bias: {@code key}.weight [out, in, k], {@code key}.bias [out]. */
    private static Value conv(GraphBuilder g, Value x, String key, int in, int out, int k, int dilation, int padding) {
        return conv(g, x, key, in, out, k, dilation, padding, true);
    }

    private static Value conv(GraphBuilder g, Value x, String key, int in, int out, int k, int dilation, int padding, boolean bias) {
        final Value w = g.weight(key + ".weight", DType.FLOAT, out, in, k);
        return g.conv1d(x, w, bias ? g.weight(key + ".bias", DType.FLOAT, out) : null, 1, padding, dilation, 1);
    }

    /** {@code nn.Linear} on the last axis: x [.., in] → [.., out]. */
    private static Value linear(GraphBuilder g, Value x, String key, int in, int out) {
        final Value w = g.weight(key + ".weight", DType.FLOAT, out, in);
        return g.add(g.matMul(x, g.transpose(w, 1, 0)), g.weight(key + ".bias", DType.FLOAT, out));
    }

    private static Value mish(GraphBuilder g, Value x) {
        return g.mul(x, g.tanh(g.softplus(x)));
    }

    /** modules.LayerNorm: layer norm over channels of [1, C, T]. */
    private static Value channelNorm(GraphBuilder g, Value x, String key, int channels) {
        final Value t = g.transpose(x, 0, 2, 1);
        final Value n = g.layerNorm(t, g.weight(key + ".gamma", DType.FLOAT, channels), g.weight(key + ".beta", DType.FLOAT, channels), 1e-5f);
        return g.transpose(n, 0, 2, 1);
    }

    /** MelStyleEncoder (module/modules.py) on [1, bins, Tr] → [1, gin, 1]; attention scaled by √d_model. */
    private static Value melStyleEncoder(GraphBuilder g, SovitsConfig c, Value refer) {
        final String k = "ref_enc.";
        final int h = 128;
        Value x = g.transpose(refer, 0, 2, 1);                                            // [1, Tr, bins]
        x = mish(g, linear(g, x, k + "spectral.0.fc", c.styleBins(), h));
        x = mish(g, linear(g, x, k + "spectral.3.fc", h, h));
        x = g.transpose(x, 0, 2, 1);                                                      // [1, 128, Tr]
        for (int i = 0; i < 2; i++) {                                                     // Conv1dGLU, residual
            final Value[] ab = g.split(conv(g, x, k + "temporal." + i + ".conv1.conv", h, 2 * h, 5, 1, 2), 1, h, h);
            x = g.add(x, g.mul(ab[0], g.sigmoid(ab[1])));
        }
        x = g.transpose(x, 0, 2, 1);                                                      // [1, Tr, 128]
        final int heads = 2, dk = h / heads;
        final Value q = g.transpose(g.reshape(linear(g, x, k + "slf_attn.w_qs", h, h), -1, heads, dk), 1, 0, 2); // [2, Tr, 64]
        final Value kk = g.transpose(g.reshape(linear(g, x, k + "slf_attn.w_ks", h, h), -1, heads, dk), 1, 2, 0);
        final Value v = g.transpose(g.reshape(linear(g, x, k + "slf_attn.w_vs", h, h), -1, heads, dk), 1, 0, 2);
        final Value scores = g.div(g.matMul(q, kk), g.constant((float) Math.sqrt(h)));   // temperature √128
        final Value attended = g.reshape(g.transpose(g.matMul(g.softmax(scores, -1), v), 1, 0, 2), 1, -1, h);
        x = g.add(linear(g, attended, k + "slf_attn.fc", h, h), x);
        x = linear(g, x, k + "fc.fc", h, c.gin());                                        // [1, Tr, gin]
        return g.unsqueeze(g.reduceMean(x, false, 1), 2);                                 // temporal mean → [1, gin, 1]
    }

    /** attentions.Encoder: post-LN layers of relative-position attention (window 4) and a conv FFN. */
    private static Value encoder(GraphBuilder g, SovitsConfig c, Value x, String key, int layers, Value band) {
        for (int i = 0; i < layers; i++) {
            try (var s = g.scope(key + "." + i)) {
                final Value y = relativeAttention(g, c, x, key + ".attn_layers." + i, band);
                x = channelNorm(g, g.add(x, y), key + ".norm_layers_1." + i, c.hidden());
                final String f = key + ".ffn_layers." + i;
                final Value h = g.relu(conv(g, x, f + ".conv_1", c.hidden(), c.filter(), c.kernel(), 1, (c.kernel() - 1) / 2));
                x = channelNorm(g, g.add(x, conv(g, h, f + ".conv_2", c.filter(), c.hidden(), c.kernel(), 1, (c.kernel() - 1) / 2)),
                        key + ".norm_layers_2." + i, c.hidden());
            }
        }
        return x;
    }

    /**
     * attentions.MultiHeadAttention with window 4 on x [1, C, L]: scores q·k/√d plus q·E_k[j−i], and
     * output p·v plus Σ p·E_v[j−i] (|j−i| ≤ 4, shared across heads). The band tensor maps between the
     * relative [L, 9] and absolute [L, L] layouts.
     */
    private static Value relativeAttention(GraphBuilder g, SovitsConfig c, Value x, String key, Value band) {
        final int heads = c.heads(), d = c.hidden() / heads, w = 2 * WINDOW + 1;
        final Value q = headsOf(g, conv(g, x, key + ".conv_q", c.hidden(), c.hidden(), 1, 1, 0), heads, d);  // [H, L, d]
        final Value k = headsOf(g, conv(g, x, key + ".conv_k", c.hidden(), c.hidden(), 1, 1, 0), heads, d);
        final Value v = headsOf(g, conv(g, x, key + ".conv_v", c.hidden(), c.hidden(), 1, 1, 0), heads, d);
        final Value qs = g.div(q, g.constant((float) Math.sqrt(d)));
        final Value embK = g.weight(key + ".emb_rel_k", DType.FLOAT, 1, w, d);
        final Value embV = g.weight(key + ".emb_rel_v", DType.FLOAT, 1, w, d);
        final Value relative = g.transpose(g.matMul(qs, g.transpose(embK, 0, 2, 1)), 1, 0, 2);          // [L, H, 9]
        final Value local = g.transpose(g.matMul(relative, band), 1, 0, 2);                             // [H, L, L]
        final Value p = g.softmax(g.add(g.matMul(qs, g.transpose(k, 0, 2, 1)), local), -1);
        final Value weights = g.matMul(g.transpose(p, 1, 0, 2), g.transpose(band, 0, 2, 1));            // [L, H, 9]
        final Value out = g.add(g.matMul(p, v), g.transpose(g.matMul(weights, g.reshape(embV, w, d)), 1, 0, 2)); // [H, L, d]
        final Value merged = g.unsqueeze(g.reshape(g.transpose(out, 0, 2, 1), c.hidden(), -1), 0);      // [1, C, L]
        return conv(g, merged, key + ".conv_o", c.hidden(), c.hidden(), 1, 1, 0);
    }

    /** [1, C, L] → [H, L, d] (channel = head·d + i, as upstream's view(b, h, d, t)). */
    private static Value headsOf(GraphBuilder g, Value x, int heads, int d) {
        return g.transpose(g.reshape(x, heads, d, -1), 0, 2, 1);
    }

    /** MRTE (module/mrte_model.py): cross-attention, SSL side queries the text, then + ssl + ge. */
    private static Value mrte(GraphBuilder g, SovitsConfig c, Value ssl, Value text, Value ge) {
        final String k = "enc_p.mrte.";
        final int h = 512, heads = 4, d = h / heads;
        final Value sslEnc = conv(g, ssl, k + "c_pre", c.hidden(), h, 1, 1, 0);
        final Value textEnc = conv(g, text, k + "text_pre", c.hidden(), h, 1, 1, 0);
        final Value q = headsOf(g, conv(g, sslEnc, k + "cross_attention.conv_q", h, h, 1, 1, 0), heads, d);
        final Value kk = headsOf(g, conv(g, textEnc, k + "cross_attention.conv_k", h, h, 1, 1, 0), heads, d);
        final Value v = headsOf(g, conv(g, textEnc, k + "cross_attention.conv_v", h, h, 1, 1, 0), heads, d);
        final Value scores = g.matMul(g.div(q, g.constant((float) Math.sqrt(d))), g.transpose(kk, 0, 2, 1));
        final Value attended = g.matMul(g.softmax(scores, -1), v);                                      // [H, F, d]
        final Value merged = g.unsqueeze(g.reshape(g.transpose(attended, 0, 2, 1), h, -1), 0);
        final Value x = g.add(g.add(conv(g, merged, k + "cross_attention.conv_o", h, h, 1, 1, 0), sslEnc), ge);
        return conv(g, x, k + "c_post", h, c.hidden(), 1, 1, 0);
    }

    /** ResidualCouplingBlock backwards: (Flip, coupling layer) for flows 6, 4, 2, 0 (mean-only). */
    private static Value flowReverse(GraphBuilder g, SovitsConfig c, Value x, Value ge) {
        final int half = c.inter() / 2;
        for (int f = 3; f >= 0; f--) {
            try (var s = g.scope("flow." + f)) {
                x = g.flip(x, 1);
                final String k = "flow.flows." + (2 * f) + ".";
                final Value[] parts = g.split(x, 1, half, half);
                final Value h = conv(g, parts[0], k + "pre", half, c.hidden(), 1, 1, 0);
                final Value m = conv(g, wn(g, c, h, ge, k + "enc."), k + "post", c.hidden(), half, 1, 1, 0);
                x = g.concat(1, parts[0], g.sub(parts[1], m));
            }
        }
        return x;
    }

    /** modules.WN: gated dilated convs (kernel 5, dilation 1) conditioned on ge; sums the skips. */
    private static Value wn(GraphBuilder g, SovitsConfig c, Value x, Value ge, String k) {
        final int hid = c.hidden(), layers = 4, kernel = 5;
        final Value cond = conv(g, ge, k + "cond_layer", c.gin(), 2 * hid * layers, 1, 1, 0);         // [1, 2·hid·layers, 1]
        final Value[] gl = g.split(cond, 1, new long[] {2L * hid, 2L * hid, 2L * hid, 2L * hid});
        Value output = null;
        for (int i = 0; i < layers; i++) {
            final Value[] in = g.split(g.add(conv(g, x, k + "in_layers." + i, hid, 2 * hid, kernel, 1, (kernel - 1) / 2), gl[i]), 1, hid, hid);
            final Value acts = g.mul(g.tanh(in[0]), g.sigmoid(in[1]));
            if (i < layers - 1) {
                final Value[] rs = g.split(conv(g, acts, k + "res_skip_layers." + i, hid, 2 * hid, 1, 1, 0), 1, hid, hid);
                x = g.add(x, rs[0]);
                output = output == null ? rs[1] : g.add(output, rs[1]);
            } else {
                final Value skip = conv(g, acts, k + "res_skip_layers." + i, hid, hid, 1, 1, 0);
                output = output == null ? skip : g.add(output, skip);
            }
        }
        return output;
    }

    /** The HiFi-GAN Generator: conv_pre + cond(ge), upsampling stages with ResBlock1 averages, tanh. */
    private static Value generator(GraphBuilder g, SovitsConfig c, Value z, Value ge) {
        int ch = c.upsampleInitialChannel();
        Value x = g.add(conv(g, z, "dec.conv_pre", c.inter(), ch, 7, 1, 3), conv(g, ge, "dec.cond", c.gin(), ch, 1, 1, 0));
        final List<Integer> rates = c.upsampleRates(), kernels = c.upsampleKernels(), rk = c.resblockKernels();
        for (int i = 0; i < rates.size(); i++) {
            try (var s = g.scope("dec.ups." + i)) {
                final int u = rates.get(i), kk = kernels.get(i), out = ch / 2;
                final Value w = g.weight("dec.ups." + i + ".weight", DType.FLOAT, ch, out, kk);
                x = g.convTranspose1d(g.leakyRelu(x, LRELU_SLOPE), w, g.weight("dec.ups." + i + ".bias", DType.FLOAT, out), u, (kk - u) / 2, 1, 1);
                Value sum = null;
                for (int j = 0; j < rk.size(); j++) {
                    final Value r = resBlock1(g, x, "dec.resblocks." + (i * rk.size() + j), out, rk.get(j), c.resblockDilations().get(j));
                    sum = sum == null ? r : g.add(sum, r);
                }
                x = g.div(sum, g.constant((float) rk.size()));
                ch = out;
            }
        }
        x = conv(g, g.leakyRelu(x, 0.01f), "dec.conv_post", ch, 1, 7, 1, 3, false);
        return g.tanh(x);
    }

    private static Value resBlock1(GraphBuilder g, Value x, String k, int ch, int kernel, List<Integer> dilations) {
        for (int n = 0; n < dilations.size(); n++) {
            final int d = dilations.get(n);
            Value t = conv(g, g.leakyRelu(x, LRELU_SLOPE), k + ".convs1." + n, ch, ch, kernel, d, (kernel * d - d) / 2);
            t = conv(g, g.leakyRelu(t, LRELU_SLOPE), k + ".convs2." + n, ch, ch, kernel, 1, (kernel - 1) / 2);
            x = g.add(t, x);
        }
        return x;
    }

    @Override
    public void close() {
        style.close();
        decoder.close();
        latent.close();
    }
}
