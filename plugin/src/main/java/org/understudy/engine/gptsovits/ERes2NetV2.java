package org.understudy.engine.gptsovits;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import java.nio.Buffer;
import java.nio.FloatBuffer;
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
 * The v2Pro/v2ProPlus speaker-verification model ({@code eres2net/ERes2NetV2.py}, {@code forward3}):
 * an 80-bin Kaldi fbank [T, 80] → the fused stage-3/4 feature averaged over time, [C·F/8] (20480 for
 * the pretrained model). Batch norms are folded into their convolutions at load (eval mode); every
 * size comes from the checkpoint's weight shapes. Block activations are Hardtanh(0, 20), the stem a ReLU.
 */
public final class ERes2NetV2 implements AutoCloseable {
    /** The sizes read off the weights: stem width, blocks per stage, Res2Net branches, expansion. */
    public record Config(int channels, int[] blocks, int scale, int expansion, int featDim) {
        public int embedding() {
            return channels * 8 * expansion * (featDim / 8);
        }
    }

    private final Config config;
    private final OrtModel model;

    private ERes2NetV2(Config config, OrtModel model) {
        this.config = config;
        this.model = model;
    }

    public Config config() {
        return config;
    }

    /** [engine-worker] Loads the plain state dict upstream's sv.py reads (pretrained sv/pretrained_eres2netv2w24s4ep4.ckpt). */
    public static ERes2NetV2 load(Checkpoint ckpt, SessionConfig session) throws CheckpointException {
        final int channels = (int) ckpt.tensor("conv1.weight").shape()[0];
        final int[] blocks = new int[4];
        for (int stage = 0; stage < 4; stage++) {
            while (ckpt.contains("layer" + (stage + 1) + "." + blocks[stage] + ".conv1.weight")) blocks[stage]++;
            if (blocks[stage] == 0) throw new CheckpointException(ckpt.file(), "not an ERes2NetV2 checkpoint: stage " + (stage + 1) + " has no blocks");
        }
        int scale = 0;
        while (ckpt.contains("layer1.0.convs." + scale + ".weight")) scale++;
        final int expansion = (int) (ckpt.tensor("layer1.0.conv3.weight").shape()[0] / channels);
        final Config c = new Config(channels, blocks, scale, expansion, 80);
        final Map<String, Buffer> weights = foldedWeights(ckpt);
        final OnnxGraph graph = graph(c, weights, ckpt);
        return new ERes2NetV2(c, OrtModel.create(graph, graph.pickWeights(weights), session));
    }

    /** [engine-worker] fbank [T, 80] row-major → the embedding SoVITS v2Pro takes ({@code sv_emb}). */
    public float[] embed(float[] fbank, int frames) {
        try (OnnxTensor in = Tensors.floats(fbank, frames, config.featDim()); OrtSession.Result r = model.run(Map.of("fbank", in))) {
            return Tensors.toFloats((OnnxTensor) r.get("embedding").orElseThrow());
        }
    }

    /**
     * Every conv weight, with the batch norm that follows it folded in: W·γ/√(σ²+ε) and
     * β − μ·γ/√(σ²+ε) (+ the conv's own bias). Keys: the conv's, ".weight" and ".bias".
     */
    private static Map<String, Buffer> foldedWeights(Checkpoint ckpt) throws CheckpointException {
        final Map<String, Buffer> out = new LinkedHashMap<>();
        for (String key : ckpt.keys()) {
            if (!key.endsWith(".weight") || ckpt.tensor(key).rank() != 4) continue;
            final String conv = key.substring(0, key.length() - ".weight".length());
            final String bn = batchNormAfter(conv);
            final float[] w = ckpt.tensor(key).toFloatArray();
            final int out0 = (int) ckpt.tensor(key).shape()[0], per = w.length / out0;
            final float[] bias = ckpt.contains(conv + ".bias") ? ckpt.tensor(conv + ".bias").toFloatArray() : new float[out0];
            if (bn != null && ckpt.contains(bn + ".running_var")) {
                final float[] gamma = ckpt.tensor(bn + ".weight").toFloatArray(), beta = ckpt.tensor(bn + ".bias").toFloatArray();
                final float[] mean = ckpt.tensor(bn + ".running_mean").toFloatArray(), var = ckpt.tensor(bn + ".running_var").toFloatArray();
                for (int o = 0; o < out0; o++) {
                    final double s = gamma[o] / Math.sqrt(var[o] + 1e-5);
                    for (int i = 0; i < per; i++) w[o * per + i] = (float) (w[o * per + i] * s);
                    bias[o] = (float) ((bias[o] - mean[o]) * s + beta[o]);
                }
            }
            out.put(conv + ".weight", buffer(w));
            out.put(conv + ".bias", buffer(bias));
        }
        return out;
    }

    /** The BatchNorm module that follows a conv, by upstream's naming; null for layer3_ds (no BN). */
    private static String batchNormAfter(String conv) {
        if (conv.equals("conv1")) return "bn1";
        if (conv.equals("layer3_ds")) return null;
        if (conv.endsWith(".conv1")) return conv.substring(0, conv.length() - 5) + "bn1";
        if (conv.endsWith(".conv3")) return conv.substring(0, conv.length() - 5) + "bn3";
        if (conv.contains(".convs.")) return conv.replace(".convs.", ".bns.");
        if (conv.endsWith(".shortcut.0")) return conv.substring(0, conv.length() - 1) + "1";
        if (conv.endsWith(".local_att.0")) return conv.substring(0, conv.length() - 1) + "1";
        if (conv.endsWith(".local_att.3")) return conv.substring(0, conv.length() - 1) + "4";
        return null;
    }

    private static FloatBuffer buffer(float[] v) {
        final FloatBuffer b = Tensors.directFloats(v.length);
        b.put(v).flip();
        return b;
    }

    // ---- the graph --------------------------------------------------------------------------------

    private static OnnxGraph graph(Config c, Map<String, Buffer> weights, Checkpoint ckpt) throws CheckpointException {
        final GraphBuilder g = new GraphBuilder("eres2netv2");
        final Value fbank = g.input("fbank", DType.FLOAT, "T", c.featDim());
        Value x = g.unsqueeze(g.transpose(fbank, 1, 0), 0, 1);                              // [1, 1, 80, T]
        x = g.relu(conv(g, ckpt, x, "conv1", 1, 1));                                        // the stem: a plain ReLU
        final Value[] stages = new Value[4];
        for (int stage = 0; stage < 4; stage++) {
            for (int b = 0; b < c.blocks()[stage]; b++) {
                try (var s = g.scope("layer" + (stage + 1) + "." + b)) {
                    x = block(g, ckpt, c, x, "layer" + (stage + 1) + "." + b, b == 0 && stage > 0 ? 2 : 1, stage >= 2);
                }
            }
            stages[stage] = x;
        }
        final Value ds = conv(g, ckpt, stages[2], "layer3_ds", 2, 1);
        final Value fused = aff(g, ckpt, stages[3], ds, "fuse34");                          // [1, C, F/8, T/8]
        // flatten(1, 2).mean(-1) = the time mean, flattened with index c·(F/8) + f
        g.output("embedding", g.reshape(g.reduceMean(fused, false, 3), -1), c.embedding());
        return g.build();
    }

    /** BasicBlockERes2NetV2 (plain) or ...AFF (stages 3 and 4): Res2Net branches, then conv3 + shortcut. */
    private static Value block(GraphBuilder g, Checkpoint w, Config c, Value x, String k, int stride, boolean fuse)
            throws CheckpointException {
        final Value head = hardtanh(g, conv(g, w, x, k + ".conv1", stride, 0));
        final long width = w.tensor(k + ".convs.0.weight").shape()[0];
        final long[] sizes = new long[c.scale()];
        java.util.Arrays.fill(sizes, width);
        final Value[] split = g.split(head, 1, sizes);
        Value sp = null, out = null;
        for (int i = 0; i < c.scale(); i++) {
            sp = i == 0 ? split[0] : fuse ? aff(g, w, sp, split[i], k + ".fuse_models." + (i - 1)) : g.add(sp, split[i]);
            sp = hardtanh(g, conv(g, w, sp, k + ".convs." + i, 1, 1));
            out = out == null ? sp : g.concat(1, out, sp);
        }
        out = conv(g, w, out, k + ".conv3", 1, 0);
        final Value shortcut = w.contains(k + ".shortcut.0.weight") ? conv(g, w, x, k + ".shortcut.0", stride, 0) : x;
        return hardtanh(g, g.add(out, shortcut));
    }

    /** AFF: att = 1 + tanh(local_att(cat(x, y))); x·att + y·(2 − att). local_att: conv-BN, SiLU, conv-BN. */
    private static Value aff(GraphBuilder g, Checkpoint w, Value x, Value y, String k) throws CheckpointException {
        final Value h = conv(g, w, g.concat(1, x, y), k + ".local_att.0", 1, 0);
        final Value att = g.add(g.constant(1f), g.tanh(conv(g, w, g.mul(h, g.sigmoid(h)), k + ".local_att.3", 1, 0)));
        return g.add(g.mul(x, att), g.mul(y, g.sub(g.constant(2f), att)));
    }

    private static Value hardtanh(GraphBuilder g, Value x) {
        return g.clip(x, 0f, 20f);
    }

    /** A folded conv (weight and bias named after the checkpoint's conv key), its shape from the checkpoint. */
    private static Value conv(GraphBuilder g, Checkpoint ckpt, Value x, String key, int stride, int padding) throws CheckpointException {
        final long[] shape = ckpt.tensor(key + ".weight").shape();
        final Value weight = g.weight(key + ".weight", DType.FLOAT, shape);
        return g.conv2d(x, weight, g.weight(key + ".bias", DType.FLOAT, shape[0]), stride, padding);
    }

    @Override
    public void close() {
        model.close();
    }
}
