package org.understudy.tools;

import java.nio.Buffer;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.understudy.engine.gptsovits.T2SConfig;
import org.understudy.engine.gptsovits.T2SSampler;
import org.understudy.engine.gptsovits.Text2SemanticDecoder;
import org.understudy.engine.onnx.SessionConfig;

/**
 * {@code bench t2s}: the T2S model at upstream size (24 × 512, random weights: they cost what real
 * ones cost), timed as shared/research/peer-figures.md measures upstream: prefill at context 200
 * (100 phones + 100 prompt tokens) and 1000, decode tokens/s at those contexts (sampling included:
 * top_k 15, penalty 1.35), and peak memory.
 */
final class T2SBench {
    private T2SBench() {}

    static void run(String[] args) throws Exception {
        int layers = 24, width = 512, threads = Runtime.getRuntime().availableProcessors(), steps = 60, repeats = 3;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--layers" -> layers = Integer.parseInt(args[++i]);
                case "--width" -> width = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--steps" -> steps = Integer.parseInt(args[++i]);
                case "--repeats" -> repeats = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (--layers --width --threads --steps --repeats)");
            }
        }
        final T2SConfig up = T2SConfig.upstream();
        final T2SConfig c = new T2SConfig(layers, width, width / 32, 4 * width, up.vocab(), up.phonemeVocab(), up.bertWidth(), up.eos());
        System.out.printf("bench t2s: %d layers x %d wide, %d heads, FFN %d, %d threads, fp32, random weights%n",
                c.layers(), c.width(), c.heads(), c.ffn(), threads);
        final long t0 = System.nanoTime();
        try (Text2SemanticDecoder model = Text2SemanticDecoder.create(c, randomWeights(c), SessionConfig.cpu(threads))) {
            System.out.printf("build: %.2f s%n", (System.nanoTime() - t0) / 1e9);
            for (int context : new int[] {200, 1000}) measure(model, c, context, steps, repeats, layers == 24 && width == 512);
        }
        System.out.printf("peak memory (VmHWM): %s%n", peakMemory());
        System.out.println("upstream on this machine kind (peer-figures.md): prefill 200 = 172 ms, 1000 = 1.54 s; decode 45 tokens/s at 200, 27 at 1000");
    }

    /** Half phones, half prompt tokens; decodes `steps` tokens (the zeroed EOS row never stops it early). */
    /** Upstream's figures at contexts 200 and 1000 (peer-figures.md): prefill ms, decode tokens/s. */
    private static final Map<Integer, double[]> UPSTREAM = Map.of(200, new double[] {172, 45}, 1000, new double[] {1540, 27});

    private static void measure(Text2SemanticDecoder model, T2SConfig c, int context, int steps, int repeats, boolean upstreamSize) {
        final SplittableRandom rnd = new SplittableRandom(context);
        final int l = context / 2, t = context - l;
        final long[] phones = rnd.longs(l, 0, c.phonemeVocab()).toArray();
        final long[] prompt = rnd.longs(t, 0, c.vocab() - 1).toArray();
        final float[] bert = new float[c.bertWidth() * l];
        for (int i = 0; i < bert.length; i++) bert[i] = (float) rnd.nextGaussian();
        final double[] prefill = new double[repeats], decode = new double[repeats];
        for (int r = -1; r < repeats; r++) {                         // r = -1 is the warm-up
            final long[] start = new long[1];
            final long[] firstStep = new long[1];
            final Text2SemanticDecoder.Observer clock = new Text2SemanticDecoder.Observer() {
                @Override public void step(int index, float[] raw) {
                    if (index == 0) firstStep[0] = System.nanoTime();
                }
            };
            start[0] = System.nanoTime();
            final Text2SemanticDecoder.Result res = model.generate(phones, bert, prompt,
                    new T2SSampler(T2SSampler.Settings.DEFAULTS, c.vocab(), r), steps, clock);
            final long end = System.nanoTime();
            if (r >= 0) {
                prefill[r] = (firstStep[0] - start[0]) / 1e6;
                decode[r] = (res.tokens().length - 1) / ((end - firstStep[0]) / 1e9);
            }
        }
        Arrays.sort(prefill);
        Arrays.sort(decode);
        final double p = prefill[repeats / 2], tps = decode[repeats / 2];
        System.out.printf("context %4d: prefill %7.1f ms, decode %5.1f tokens/s (%.1f ms/step; median of %d, %d steps)", context, p, tps, 1000 / tps, repeats, steps);
        if (upstreamSize) System.out.printf("; vs upstream: prefill %.2fx, decode %.2fx faster", UPSTREAM.get(context)[0] / p, tps / UPSTREAM.get(context)[1]);
        final double weightBytes = 4.0 * Text2SemanticDecoder.weightShapes(c).values().stream()
                .mapToLong(shape -> java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b)).sum();
        System.out.printf("; weights read per token %.0f MB = %.1f GB/s%n", weightBytes / 1e6, weightBytes * tps / 1e9);
    }

    /** Random weights; the EOS row of the output layer is zero so its logit never wins (decoding runs the full length). */
    static Map<String, Buffer> randomWeights(T2SConfig c) {
        final Map<String, Buffer> out = RandomWeights.of(Text2SemanticDecoder.weightShapes(c), 20261125);
        final FloatBuffer predict = (FloatBuffer) out.get("model.ar_predict_layer.weight");
        for (int i = 0; i < c.width(); i++) predict.put(c.eos() * c.width() + i, 0f);
        return out;
    }

    static String peakMemory() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) if (line.startsWith("VmHWM:")) return line.substring(6).trim();
        return "unknown";
    }
}
