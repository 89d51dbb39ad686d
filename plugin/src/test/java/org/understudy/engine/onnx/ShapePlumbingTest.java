package org.understudy.engine.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.understudy.engine.onnx.OnnxTesting.assertClose;
import static org.understudy.engine.onnx.OnnxTesting.normal;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Reshape/Transpose/Slice/Concat/Split/Expand with symbolic dims, run at two sequence lengths; builder-side checks. */
class ShapePlumbingTest {
    private static final int D = 12;

    /**
     * x [B, T, 12] → heads [B, 3, T, 4] → along T: all rows, rows 1.., rows 0..1 → back to [B, T', 12].
     * Second output: split 12 into 4 + 8, add the 8's row sum (expanded) to the 4: [B, T, 4]. Third: T as a float.
     */
    private static OnnxGraph plumbing() {
        final GraphBuilder g = new GraphBuilder("plumbing");
        final Value x = g.input("x", DType.FLOAT, "B", "T", D);
        final Value heads = g.transpose(g.reshape(x, 0, 0, 3, 4), 0, 2, 1, 3); // [B, 3, T, 4]
        assertEquals(Shape.of("B", 3, "T", 4), heads.shape());
        final Value tail = g.slice(heads, new long[] {1}, new long[] {GraphBuilder.END}, new long[] {2}); // [B, 3, ?, 4]
        final Value first2 = g.slice(heads, new long[] {0}, new long[] {2}, new long[] {2}); // [B, 3, ?, 4]
        final Value joined = g.concat(2, heads, tail, first2); // [B, 3, ?, 4]
        final Value rows = g.reshape(g.transpose(joined, 0, 2, 1, 3), 0, -1, D); // [B, ?, 12]
        g.output("rows", rows, "B", "T_rows", D);

        final Value[] parts = g.split(x, -1, 4, 8); // [B, T, 4], [B, T, 8]
        assertEquals(Shape.of("B", "T", 8), parts[1].shape());
        final Value sum = g.unsqueeze(g.reduceSum(parts[1], false, -1), 2); // [B, T, 1]
        assertEquals(Shape.of("B", "T", 1), sum.shape());
        final Value spread = g.expand(sum, g.shape(parts[0])); // [B, T, 4]
        g.output("mixed", g.add(parts[0], spread), "B", "T", 4);

        g.output("length", g.cast(g.squeeze(g.shape(x, 1, 2), 0), DType.FLOAT));
        return g.build();
    }

    @Test
    void theSameModelRunsAtTwoSequenceLengths() {
        final Random rng = new Random(40);
        try (OrtModel m = OnnxTesting.model(plumbing(), Map.of())) {
            for (int[] bt : new int[][] {{2, 5}, {1, 9}}) {
                final int b = bt[0], t = bt[1];
                final float[] x = normal(rng, b * t * D, 1);
                final Map<String, float[]> out = OnnxTesting.run(m, Map.of("x", Tensors.floats(x, b, t, D)));

                final int t2 = t + (t - 1) + 2;
                final float[] rows = new float[b * t2 * D];
                for (int i = 0; i < b; i++) {
                    int r = 0;
                    for (int s = 0; s < t; s++) System.arraycopy(x, (i * t + s) * D, rows, (i * t2 + r++) * D, D);
                    for (int s = 1; s < t; s++) System.arraycopy(x, (i * t + s) * D, rows, (i * t2 + r++) * D, D);
                    for (int s = 0; s < 2; s++) System.arraycopy(x, (i * t + s) * D, rows, (i * t2 + r++) * D, D);
                }
                assertArrayEquals(rows, out.get("rows"), "rows at T=" + t);

                final double[] mixed = new double[b * t * 4];
                for (int r = 0; r < b * t; r++) {
                    double s = 0;
                    for (int c = 4; c < D; c++) s += x[r * D + c];
                    for (int c = 0; c < 4; c++) mixed[r * 4 + c] = x[r * D + c] + s;
                }
                assertClose(mixed, out.get("mixed"), "mixed at T=" + t);
                assertArrayEquals(new float[] {t}, out.get("length"));
            }
        }
    }

    @Test
    void theBuilderTracksShapesAndRejectsClashes() {
        final GraphBuilder g = new GraphBuilder("checks");
        final Value x = g.input("x", DType.FLOAT, "B", "T", 64);
        final Value one = g.input("one", DType.FLOAT, "B", 1, 64);
        final Value ids = g.input("ids", DType.INT64, "B", "T");
        assertEquals(Shape.of("B", "T+1", 64), g.concat(1, x, one).shape());
        assertEquals(Shape.of("B", "T", 16), g.matMul(x, g.weight("w", DType.FLOAT, 64, 16)).shape());
        assertEquals(Shape.of("B", 1, "T"), g.matMul(one, g.transpose(x, 0, 2, 1)).shape());
        assertEquals(Shape.of("B", "T", 1), g.reduceMean(x, true, -1).shape());
        assertEquals(Shape.of("B", "T", 16, 4), g.reshape(x, 0, 0, 16, -1).shape());
        assertEquals(Shape.of("B", "T", 64), g.reshape(g.reshape(x, 0, 0, 16, 4), 0, -1, 64).shape());

        final IllegalArgumentException inner = assertThrows(IllegalArgumentException.class, () -> g.matMul(x, g.weight("w2", DType.FLOAT, 32, 16)));
        assertEquals("MatMul inner dims differ: [B, T, 64] · [32, 16]", inner.getMessage());
        final IllegalArgumentException types = assertThrows(IllegalArgumentException.class, () -> g.add(ids, x));
        assertEquals("Add: element types differ: ids INT64 [B, T] and x FLOAT [B, T, 64]", types.getMessage());
        assertThrows(IllegalArgumentException.class, () -> g.add(x, g.weight("b3", DType.FLOAT, 3)));
        assertThrows(IllegalArgumentException.class, () -> g.output("y", x, "B", "T", 65));
        assertThrows(IllegalArgumentException.class, () -> g.input("x", DType.FLOAT, 1));
        final Value stranger = new GraphBuilder("other").input("z", DType.FLOAT, 1);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> g.relu(stranger)).getMessage().contains("does not belong to graph checks"));
    }
}
