package org.understudy.engine.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.understudy.engine.onnx.OnnxTesting.assertClose;
import static org.understudy.engine.onnx.OnnxTesting.direct;
import static org.understudy.engine.onnx.OnnxTesting.normal;

import ai.onnxruntime.OnnxTensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** OrtModel: weights from direct buffers as external initializers, checked inputs, pinned outputs, errors. */
class OrtModelTest {
    private static final int IN = 64, OUT = 48;

    /** y = x · Wᵀ + b, as torch's nn.Linear with weight [OUT, IN]: x [B, T, IN] → [B, T, OUT]. */
    private static OnnxGraph linear() {
        final GraphBuilder g = new GraphBuilder("linear");
        final Value x = g.input("x", DType.FLOAT, "B", "T", IN);
        final Value w = g.weight("proj.weight", DType.FLOAT, OUT, IN);
        final Value b = g.weight("proj.bias", DType.FLOAT, OUT);
        final Value y = g.add(g.matMul(x, g.transpose(w, 1, 0)), b); // [B, T, OUT]
        g.output("y", y, "B", "T", OUT);
        return g.build();
    }

    @Test
    void linearLayerWithExternalWeightsMatchesJava() {
        final Random rng = new Random(1);
        final float[] w = normal(rng, OUT * IN, 0.2), b = normal(rng, OUT, 1), x = normal(rng, 2 * 3 * IN, 1);
        final OnnxGraph graph = linear();
        assertTrue(graph.toByteArray().length < 2000, "the proto carries no weight data: " + graph.toByteArray().length + " bytes");
        try (OrtModel m = OnnxTesting.model(graph, Map.of("proj.weight", w, "proj.bias", b))) {
            final float[] y = OnnxTesting.run(m, Map.of("x", Tensors.floats(x, 2, 3, IN))).get("y");
            assertClose(Reference.linear(x, 6, IN, w, b, OUT), y, "linear");
        }
    }

    @Test
    void gemmWithRawLittleEndianWeightBytes() {
        final Random rng = new Random(2);
        final float[] w = normal(rng, OUT * IN, 0.2), b = normal(rng, OUT, 1), x = normal(rng, 5 * IN, 1);
        final GraphBuilder g = new GraphBuilder("gemm");
        final Value in = g.input("x", DType.FLOAT, "N", IN);
        final Value y = g.gemm(in, g.weight("fc.weight", DType.FLOAT, OUT, IN), g.weight("fc.bias", DType.FLOAT, OUT), 1f, 1f, false, true);
        g.output("y", y, "N", OUT);
        final ByteBuffer wBytes = ByteBuffer.allocateDirect(w.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        wBytes.asFloatBuffer().put(w);
        try (OrtModel m = OrtModel.create(g.build(), Map.of("fc.weight", wBytes, "fc.bias", direct(b)), SessionConfig.cpu(1))) {
            assertClose(Reference.linear(x, 5, IN, w, b, OUT), OnnxTesting.run(m, Map.of("x", Tensors.floats(x, 5, IN))).get("y"), "gemm");
        }
    }

    @Test
    void missingOrMisSizedWeightsAreNamed() {
        final OnnxGraph graph = linear();
        final OrtModelException missing = assertThrows(OrtModelException.class,
                () -> OrtModel.create(graph, Map.of("proj.weight", direct(new float[OUT * IN]), "proj.bais", direct(new float[OUT])), SessionConfig.cpu(1)));
        assertTrue(missing.getMessage().contains("no data for weights [proj.bias]"), missing.getMessage());
        assertTrue(missing.getMessage().contains("[proj.bais]"), missing.getMessage());
        final OrtModelException size = assertThrows(OrtModelException.class,
                () -> OrtModel.create(graph, Map.of("proj.weight", direct(new float[OUT * IN - 1]), "proj.bias", direct(new float[OUT])), SessionConfig.cpu(1)));
        assertEquals("model 'linear': weight 'proj.weight' FLOAT [48, 64] needs 3072 elements, the buffer holds 3071 elements", size.getMessage());
        final OrtModelException heap = assertThrows(OrtModelException.class,
                () -> OrtModel.create(graph, Map.of("proj.weight", FloatBuffer.wrap(new float[OUT * IN]), "proj.bias", direct(new float[OUT])), SessionConfig.cpu(1)));
        assertTrue(heap.getMessage().contains("direct buffer"), heap.getMessage());
    }

    @Test
    void inputsAreCheckedAgainstTheDeclaredShapes() {
        try (OrtModel m = OnnxTesting.model(linear(), Map.of("proj.weight", new float[OUT * IN], "proj.bias", new float[OUT]))) {
            final OrtModelException dim = assertThrows(OrtModelException.class, () -> OnnxTesting.run(m, Map.of("x", Tensors.floats(new float[6 * 63], 2, 3, 63))));
            assertEquals("model 'linear': input 'x' is FLOAT [2, 3, 63] but the graph takes x FLOAT [B, T, 64] (dim 2 must be 64)", dim.getMessage());
            final OrtModelException missing = assertThrows(OrtModelException.class, () -> OnnxTesting.run(m, Map.of("X", Tensors.floats(new float[IN], 1, 1, IN))));
            assertTrue(missing.getMessage().startsWith("model 'linear': input 'x' is missing"), missing.getMessage());
        }
    }

    @Test
    void aSymbolBindsOneSizeAcrossInputs() {
        final GraphBuilder g = new GraphBuilder("sum");
        final Value a = g.input("a", DType.FLOAT, "B", "T");
        final Value b = g.input("b", DType.FLOAT, "B", "T");
        g.output("y", g.add(a, b), "B", "T");
        try (OrtModel m = OnnxTesting.model(g.build(), Map.of())) {
            final OrtModelException e = assertThrows(OrtModelException.class,
                    () -> OnnxTesting.run(m, Map.of("a", Tensors.floats(new float[6], 2, 3), "b", Tensors.floats(new float[4], 2, 2))));
            assertTrue(e.getMessage().contains("T = 2 here but 3 in input 'a'") || e.getMessage().contains("T = 3 here but 2 in input 'b'"), e.getMessage());
        }
    }

    @Test
    void aFailingNodeIsNamedWithItsOpAndInputs() {
        final GraphBuilder g = new GraphBuilder("reshaper");
        final Value x = g.input("x", DType.FLOAT, "N");
        final Value shape = g.input("shape", DType.INT64, 2);
        final Value y;
        try (GraphBuilder.Scope s = g.scope("block.0")) {
            y = g.reshape(g.relu(x), shape);
        }
        g.output("y", y, "A", "B");
        final OnnxGraph graph = g.build();
        try (OrtModel m = OnnxTesting.model(graph, Map.of())) {
            final OrtModelException e = assertThrows(OrtModelException.class,
                    () -> OnnxTesting.run(m, Map.of("x", Tensors.floats(new float[6], 6), "shape", Tensors.longs(new long[] {4, 2}, 2))));
            assertTrue(e.node() != null && e.node().startsWith("block.0/Reshape_"), e.getMessage());
            assertTrue(e.getMessage().startsWith("model 'reshaper': run failed in node '" + e.node() + "' (Reshape of block.0/Relu_"), e.getMessage());
        }
    }

    @Test
    void pinnedOutputsLandInTheCallersBuffer() {
        final Random rng = new Random(3);
        final float[] w = normal(rng, OUT * IN, 0.2), b = normal(rng, OUT, 1), x = normal(rng, IN, 1);
        final FloatBuffer cache = Tensors.directFloats(4 * OUT); // four rows; the step writes row 2
        try (OrtModel m = OnnxTesting.model(linear(), Map.of("proj.weight", w, "proj.bias", b));
                OnnxTensor in = Tensors.floats(x, 1, 1, IN);
                OnnxTensor row2 = Tensors.view(cache.duplicate().position(2 * OUT).limit(3 * OUT), 1, 1, OUT)) {
            m.run(Map.of("x", in), Map.of("y", row2));
            final float[] all = new float[4 * OUT];
            cache.get(0, all);
            final float[] got = java.util.Arrays.copyOfRange(all, 2 * OUT, 3 * OUT);
            assertClose(Reference.linear(x, 1, IN, w, b, OUT), got, "row 2");
            assertArrayEquals(new float[2 * OUT], java.util.Arrays.copyOfRange(all, 0, 2 * OUT), "rows 0-1 untouched");
            assertArrayEquals(new float[OUT], java.util.Arrays.copyOfRange(all, 3 * OUT, 4 * OUT), "row 3 untouched");
        }
    }

    @Test
    void cudaIsTriedWhenAskedAndTheCpuIsTheCleanFallback() {
        final Random rng = new Random(4);
        final float[] w = normal(rng, OUT * IN, 0.2), b = normal(rng, OUT, 1), x = normal(rng, IN, 1);
        final Map<String, java.nio.Buffer> weights = Map.of("proj.weight", direct(w), "proj.bias", direct(b));
        try (OrtModel m = OrtModel.create(linear(), weights, SessionConfig.cpu(1).withCuda(0))) {
            if (m.provider().equals("CPU")) {
                assertTrue(m.fallback().orElseThrow().startsWith("CUDA device 0 was asked for but cannot be used, so 'linear' runs on the CPU."),
                        m.fallback().toString());
            } else {
                assertEquals("CUDA:0", m.provider());
                assertTrue(m.fallback().isEmpty());
            }
            assertClose(Reference.linear(x, 1, IN, w, b, OUT), OnnxTesting.run(m, Map.of("x", Tensors.floats(x, 1, 1, IN))).get("y"), "linear");
        }
        try (OrtModel cpu = OrtModel.create(linear(), weights, SessionConfig.cpu(1))) {
            assertEquals("CPU", cpu.provider());
            assertTrue(cpu.fallback().isEmpty());
        }
    }
}
