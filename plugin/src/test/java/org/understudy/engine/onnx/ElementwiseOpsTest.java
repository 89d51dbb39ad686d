package org.understudy.engine.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.understudy.engine.onnx.OnnxTesting.assertClose;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/** Elementwise ops, reductions, cumulative sums and padding against java.lang.Math, in one graph. */
class ElementwiseOpsTest {
    private static final int R = 4, C = 25, N = R * C;

    @Test
    void elementwiseOpsMatchJava() {
        final Random rng = new Random(50);
        final float[] a = new float[N], b = new float[N];
        for (int i = 0; i < N; i++) {
            a[i] = (float) (0.5 + 2.5 * rng.nextDouble()); // positive, for log, sqrt, pow
            b[i] = (float) (rng.nextGaussian() * 1.5);
        }
        final GraphBuilder g = new GraphBuilder("elementwise");
        final Value va = g.input("a", DType.FLOAT, R, C);
        final Value vb = g.input("b", DType.FLOAT, R, C);
        final Map<String, double[]> want = new LinkedHashMap<>();
        final Map<String, Value> got = new LinkedHashMap<>();
        got.put("sub", g.sub(va, vb));
        want.put("sub", zip(a, b, (x, y) -> x - y));
        got.put("div", g.div(vb, va));
        want.put("div", zip(b, a, (x, y) -> x / y));
        got.put("pow", g.pow(va, vb));
        want.put("pow", zip(a, b, Math::pow));
        got.put("sqrt", g.sqrt(va));
        want.put("sqrt", map(a, Math::sqrt));
        got.put("reciprocal", g.reciprocal(va));
        want.put("reciprocal", map(a, x -> 1 / x));
        got.put("neg", g.neg(vb));
        want.put("neg", map(b, x -> -x));
        got.put("exp", g.exp(vb));
        want.put("exp", map(b, Math::exp));
        got.put("log", g.log(va));
        want.put("log", map(a, Math::log));
        got.put("tanh", g.tanh(vb));
        want.put("tanh", map(b, Math::tanh));
        got.put("sigmoid", g.sigmoid(vb));
        want.put("sigmoid", map(b, x -> 1 / (1 + Math.exp(-x))));
        got.put("relu", g.relu(vb));
        want.put("relu", map(b, x -> Math.max(0, x)));
        got.put("leaky", g.leakyRelu(vb, 0.1f));
        want.put("leaky", map(b, x -> x >= 0 ? x : 0.1f * x));
        got.put("erf", g.erf(vb));
        want.put("erf", map(b, Reference::erf));
        got.put("clip", g.clip(vb, -0.5f, 0.7f));
        want.put("clip", map(b, x -> Math.min(0.7f, Math.max(-0.5f, x))));
        got.put("where", g.where(g.equal(g.relu(vb), g.constant(0f)), g.constant(-1f), vb));
        want.put("where", map(b, x -> x <= 0 ? -1 : x));
        got.put("mean", g.reduceMean(vb, true, 1)); // [R, 1]
        want.put("mean", rows(b, (s, x) -> s + x / C, 0));
        got.put("max", g.reduceMax(vb, false, -1)); // [R]
        want.put("max", rows(b, Math::max, Double.NEGATIVE_INFINITY));
        got.put("cumsum", g.cumSum(vb, 1, false, false));
        want.put("cumsum", cumSum(b, false, false));
        got.put("cumsum_exclusive_reverse", g.cumSum(vb, 1, true, true));
        want.put("cumsum_exclusive_reverse", cumSum(b, true, true));
        got.put("pad", g.pad(vb, new long[] {0, 1, 0, 2}, 0.5f)); // [R, C + 3]
        want.put("pad", pad(b, i -> 0.5, 1, 2));
        got.put("pad_reflect", g.padReflect(vb, new long[] {0, 2, 0, 2})); // [R, C + 4]
        want.put("pad_reflect", null);
        got.put("cast", g.cast(g.cast(g.mul(vb, g.constant(10f)), DType.INT64), DType.FLOAT));
        want.put("cast", map(b, x -> (long) (float) (x * 10f)));
        got.forEach((name, v) -> g.output(name, v, v.shape().dims().toArray()));

        try (OrtModel m = OnnxTesting.model(g.build(), Map.of())) {
            final Map<String, float[]> out = OnnxTesting.run(m, Map.of("a", Tensors.floats(a, R, C), "b", Tensors.floats(b, R, C)));
            want.forEach((name, w) -> {
                if (w != null) assertClose(w, out.get(name), name);
            });
            final float[] reflect = out.get("pad_reflect");
            for (int r = 0; r < R; r++) {
                final float[] row = new float[C + 4];
                row[0] = b[r * C + 2];
                row[1] = b[r * C + 1];
                System.arraycopy(b, r * C, row, 2, C);
                row[C + 2] = b[r * C + C - 2];
                row[C + 3] = b[r * C + C - 3];
                assertArrayEquals(row, java.util.Arrays.copyOfRange(reflect, r * (C + 4), (r + 1) * (C + 4)), "reflect row " + r);
            }
        }
    }

    private static double[] map(float[] x, DoubleUnaryOperator f) {
        final double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) y[i] = f.applyAsDouble(x[i]);
        return y;
    }

    private static double[] zip(float[] x, float[] z, DoubleBinaryOperator f) {
        final double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) y[i] = f.applyAsDouble(x[i], z[i]);
        return y;
    }

    private static double[] rows(float[] x, DoubleBinaryOperator fold, double init) {
        final double[] y = new double[R];
        for (int r = 0; r < R; r++) {
            double s = init;
            for (int c = 0; c < C; c++) s = fold.applyAsDouble(s, x[r * C + c]);
            y[r] = s;
        }
        return y;
    }

    private static double[] cumSum(float[] x, boolean exclusive, boolean reverse) {
        final double[] y = new double[x.length];
        for (int r = 0; r < R; r++) {
            double s = 0;
            for (int k = 0; k < C; k++) {
                final int c = reverse ? C - 1 - k : k;
                if (exclusive) {
                    y[r * C + c] = s;
                    s += x[r * C + c];
                } else {
                    s += x[r * C + c];
                    y[r * C + c] = s;
                }
            }
        }
        return y;
    }

    private static double[] pad(float[] x, DoubleUnaryOperator fill, int before, int after) {
        final int w = C + before + after;
        final double[] y = new double[R * w];
        for (int r = 0; r < R; r++) {
            for (int c = 0; c < w; c++) {
                final int src = c - before;
                y[r * w + c] = src >= 0 && src < C ? x[r * C + src] : fill.applyAsDouble(0);
            }
        }
        return y;
    }
}
