package org.understudy.engine.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.understudy.engine.onnx.OnnxTesting.assertClose;
import static org.understudy.engine.onnx.OnnxTesting.normal;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The VITS decoder's convolutions, against direct Java loops. */
class ConvOpsTest {
    @ParameterizedTest(name = "cIn={0} cOut={1} k={2} stride={3} pad={4} dilation={5} groups={6}")
    @CsvSource({
        "4, 6, 3, 1, 3, 3, 2",  // HiFi-GAN ResBlock style: dilation 3, "same" padding, grouped
        "5, 7, 7, 1, 3, 1, 1",  // plain "same" conv
        "6, 4, 4, 2, 1, 1, 1",  // strided, downsampling
        "8, 8, 5, 1, 4, 2, 8",  // depthwise, dilated
    })
    void conv1dMatchesJava(int cIn, int cOut, int k, int stride, int pad, int dilation, int groups) {
        final Random rng = new Random(20 + k);
        final int n = 2, len = 19;
        final float[] w = normal(rng, cOut * (cIn / groups) * k, 0.3), b = normal(rng, cOut, 1), x = normal(rng, n * cIn * len, 1);
        final GraphBuilder g = new GraphBuilder("conv");
        final Value in = g.input("x", DType.FLOAT, "N", cIn, "L");
        final Value y = g.conv1d(in, g.weight("conv.weight", DType.FLOAT, cOut, cIn / groups, k), g.weight("conv.bias", DType.FLOAT, cOut),
                stride, pad, dilation, groups); // [N, cOut, L']
        g.output("y", y, "N", cOut, "L_out");
        final double[] ref = Reference.conv1d(x, n, cIn, len, w, b, cOut, k, stride, pad, dilation, groups);
        try (OrtModel m = OnnxTesting.model(g.build(), Map.of("conv.weight", w, "conv.bias", b))) {
            assertClose(ref, OnnxTesting.run(m, Map.of("x", Tensors.floats(x, n, cIn, len))).get("y"), "conv1d");
        }
        final boolean same = stride == 1 && 2 * pad == dilation * (k - 1);
        assertEquals(same ? "L" : Shape.ANY, y.shape().dim(2), "the builder keeps L through a length-preserving conv");
    }

    @ParameterizedTest(name = "cIn={0} cOut={1} k={2} stride={3} pad={4} dilation={5} groups={6}")
    @CsvSource({
        "6, 4, 16, 8, 4, 1, 1",  // HiFi-GAN upsample ×8: k = 2u, pad = (k − u) / 2
        "6, 4, 4, 2, 1, 1, 1",   // upsample ×2
        "4, 6, 3, 1, 2, 2, 2",   // grouped, dilated, stride 1
    })
    void convTranspose1dMatchesJava(int cIn, int cOut, int k, int stride, int pad, int dilation, int groups) {
        final Random rng = new Random(30 + k);
        final int n = 2, len = 9;
        final float[] w = normal(rng, cIn * (cOut / groups) * k, 0.3), b = normal(rng, cOut, 1), x = normal(rng, n * cIn * len, 1);
        final GraphBuilder g = new GraphBuilder("upsample");
        final Value in = g.input("x", DType.FLOAT, "N", cIn, len);
        final Value y = g.convTranspose1d(in, g.weight("ups.0.weight", DType.FLOAT, cIn, cOut / groups, k), g.weight("ups.0.bias", DType.FLOAT, cOut),
                stride, pad, dilation, groups); // [N, cOut, L']
        final int lenOut = (len - 1) * stride - 2 * pad + dilation * (k - 1) + 1;
        assertEquals(Shape.of("N", cOut, lenOut), y.shape());
        g.output("y", y, "N", cOut, lenOut);
        final double[] ref = Reference.convTranspose1d(x, n, cIn, len, w, b, cOut, k, stride, pad, dilation, groups);
        try (OrtModel m = OnnxTesting.model(g.build(), Map.of("ups.0.weight", w, "ups.0.bias", b))) {
            assertClose(ref, OnnxTesting.run(m, Map.of("x", Tensors.floats(x, n, cIn, len))).get("y"), "convTranspose1d");
        }
    }
}
