package org.understudy.engine.gptsovits;

import java.nio.Buffer;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.understudy.engine.checkpoint.Checkpoint;
import org.understudy.engine.checkpoint.CheckpointException;
import org.understudy.engine.checkpoint.Tensor;
import org.understudy.engine.onnx.Tensors;

/**
 * A SoVITS .pth's tensors as fp32 buffers keyed by module name, with weight norm folded:
 * {@code X.weight_g} and {@code X.weight_v} become {@code X.weight = g · v / ‖v‖}, the norm taken
 * over every axis but 0 (for ConvTranspose1d axis 0 is the input channels, as torch's weight_norm
 * does by default).
 */
public final class SovitsWeights {
    private SovitsWeights() {}

    /** [any-thread] */
    public static Map<String, Buffer> read(Checkpoint ckpt) throws CheckpointException {
        final Map<String, Buffer> out = new LinkedHashMap<>();
        for (String key : ckpt.keys()) {
            if (key.endsWith(".weight_v")) continue;
            final Tensor t = ckpt.tensor(key);
            if (!t.dtype().isFloatingPoint()) continue;
            if (key.endsWith(".weight_g")) {
                final String base = key.substring(0, key.length() - ".weight_g".length());
                out.put(base + ".weight", fold(t.toFloatArray(), ckpt.tensor(base + ".weight_v").toFloatArray()));
            } else {
                out.put(key, t.toFloatBuffer());
            }
        }
        return out;
    }

    /** g [n] (stored [n, 1, 1]) and v [n, ...]: row r of v scaled to norm g[r]. Accumulates in double. */
    static FloatBuffer fold(float[] g, float[] v) {
        final int rows = g.length, per = v.length / rows;
        final FloatBuffer w = Tensors.directFloats(v.length);
        for (int r = 0; r < rows; r++) {
            double sum = 0;
            for (int i = 0; i < per; i++) sum += (double) v[r * per + i] * v[r * per + i];
            final double scale = g[r] / Math.sqrt(sum);
            for (int i = 0; i < per; i++) w.put(r * per + i, (float) (v[r * per + i] * scale));
        }
        return w;
    }
}
