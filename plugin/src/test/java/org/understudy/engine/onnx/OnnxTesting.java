package org.understudy.engine.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import java.nio.Buffer;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** Shared test plumbing: seeded random data, direct weight buffers, running a graph, fp32 comparisons. */
final class OnnxTesting {
    /** fp32 tolerance: relative to the value, floored at the reference tensor's RMS (for values near zero). */
    static final double REL = 1e-5;

    private OnnxTesting() {}

    static float[] normal(Random rng, int n, double scale) {
        final float[] out = new float[n];
        for (int i = 0; i < n; i++) out[i] = (float) (rng.nextGaussian() * scale);
        return out;
    }

    static FloatBuffer direct(float[] data) {
        final FloatBuffer b = Tensors.directFloats(data.length);
        b.put(data).flip();
        return b;
    }

    /** A CPU model with one intra-op thread, weights copied into direct buffers. */
    static OrtModel model(OnnxGraph graph, Map<String, float[]> weights) {
        final Map<String, Buffer> buffers = new LinkedHashMap<>();
        weights.forEach((k, v) -> buffers.put(k, direct(v)));
        return OrtModel.create(graph, buffers, SessionConfig.cpu(1));
    }

    /** Runs the model and returns every output's floats (INT64 outputs widened), closing inputs and results. */
    static Map<String, float[]> run(OrtModel model, Map<String, OnnxTensor> inputs) {
        final Map<String, float[]> out = new LinkedHashMap<>();
        try (OrtSession.Result r = model.run(inputs)) {
            for (Map.Entry<String, ai.onnxruntime.OnnxValue> e : r) {
                final OnnxTensor t = (OnnxTensor) e.getValue();
                if (t.getInfo().type == ai.onnxruntime.OnnxJavaType.INT64) {
                    final long[] l = Tensors.toLongs(t);
                    final float[] f = new float[l.length];
                    for (int i = 0; i < l.length; i++) f[i] = l[i];
                    out.put(e.getKey(), f);
                } else {
                    out.put(e.getKey(), Tensors.toFloats(t));
                }
            }
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
        return out;
    }

    static void assertClose(double[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": element count");
        double sq = 0;
        for (double e : expected) sq += e * e;
        final double rms = Math.sqrt(sq / Math.max(1, expected.length));
        for (int i = 0; i < expected.length; i++) {
            final double tol = REL * Math.max(Math.abs(expected[i]), rms);
            if (!(Math.abs(actual[i] - expected[i]) <= tol)) {
                fail(what + "[" + i + "]: expected " + expected[i] + ", got " + actual[i] + " (tolerance " + tol + ")");
            }
        }
    }

    static double[] toDouble(float[] f) {
        final double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }
}
