package org.understudy.tools;

import java.nio.Buffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.understudy.engine.onnx.Tensors;

/** Seeded N(0, 0.02) weights for benchmarks (random weights cost what real ones cost); norms near 1. */
final class RandomWeights {
    private RandomWeights() {}

    static Map<String, Buffer> of(Map<String, long[]> shapes, long seed) {
        final SplittableRandom rnd = new SplittableRandom(seed);
        final Map<String, Buffer> out = new LinkedHashMap<>();
        shapes.forEach((key, shape) -> {
            final long n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
            final FloatBuffer b = Tensors.directFloats(n);
            final boolean unit = key.endsWith("alpha") || ((key.contains("norm") || key.endsWith("gamma")) && !key.endsWith("beta") && !key.endsWith("bias"));
            for (int i = 0; i < n; i++) b.put(i, (unit ? 1f : 0f) + (float) (0.02 * rnd.nextGaussian()));
            out.put(key, b);
        });
        return out;
    }
}
