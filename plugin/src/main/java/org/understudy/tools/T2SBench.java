package org.understudy.tools;

import java.nio.Buffer;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
 * top_k 15, penalty 1.35), and peak memory. Then batched decoding: N segments (one shared prompt,
 * different phones and BERT; context 200, {@code --steps} tokens each) decoded one at a time with
 * {@code generate}, then with {@code generateBatch} on step graphs of each {@code --rows} size, in the
 * same run, with the speed-up.
 */
final class T2SBench {
    private T2SBench() {}

    static void run(String[] args) throws Exception {
        int layers = 24, width = 512, threads = Runtime.getRuntime().availableProcessors(), steps = 60, repeats = 3, segments = 8;
        int[] rows = {4, 8};
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--layers" -> layers = Integer.parseInt(args[++i]);
                case "--width" -> width = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--steps" -> steps = Integer.parseInt(args[++i]);
                case "--repeats" -> repeats = Integer.parseInt(args[++i]);
                case "--segments" -> segments = Integer.parseInt(args[++i]);
                case "--rows" -> rows = args[++i].equals("none") ? new int[0]
                        : Arrays.stream(args[i].split(",")).mapToInt(Integer::parseInt).toArray();
                default -> throw new IllegalArgumentException(
                        "unknown option " + args[i] + " (--layers --width --threads --steps --repeats --segments --rows R,R|none)");
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
        if (rows.length > 0) measureBatches(c, threads, segments, 200, steps, rows, repeats);
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

    /**
     * {@code segments} sequences (one shared prompt of context/2 tokens, each its own context/2 phones
     * and BERT) decoded one at a time, then batched on step graphs of each size in {@code rowsList}.
     * The runs alternate for {@code repeats} rounds (a shared machine is noisy) and the fastest of each
     * is shown, with each round's speed-up. Totals include the prefills, the same work on both sides;
     * "decode" subtracts the prefills timed in the fastest one-at-a-time round.
     */
    private static void measureBatches(T2SConfig c, int threads, int segments, int context, int steps, int[] rowsList, int repeats)
            throws Exception {
        final SplittableRandom rnd = new SplittableRandom(7);
        final int l = context / 2, t = context - l;
        final long[] prompt = rnd.longs(t, 0, c.vocab() - 1).toArray();
        final long[][] phones = new long[segments][];
        final float[][] berts = new float[segments][];
        for (int i = 0; i < segments; i++) {
            phones[i] = rnd.longs(l, 0, c.phonemeVocab()).toArray();
            berts[i] = new float[c.bertWidth() * l];
            for (int j = 0; j < berts[i].length; j++) berts[i][j] = (float) rnd.nextGaussian();
        }
        System.out.printf("batched decode: %d segments, context %d (%d phones + %d shared prompt tokens), %d steps each, top_k 15; fastest of %d alternating rounds%n",
                segments, context, l, t, steps, repeats);
        final Map<String, Buffer> weights = randomWeights(c);
        final List<Text2SemanticDecoder> models = new ArrayList<>();
        try {
            for (int rows : rowsList) {
                final long b0 = System.nanoTime();
                models.add(Text2SemanticDecoder.create(c, weights, SessionConfig.cpu(threads), rows));
                System.out.printf("  %d-row model built in %.1f s%n", rows, (System.nanoTime() - b0) / 1e9);
            }
            final Text2SemanticDecoder first = models.get(0);
            first.generate(phones[0], berts[0], prompt, new T2SSampler(T2SSampler.Settings.DEFAULTS, c.vocab(), -1), 5, null);  // warm-up
            for (Text2SemanticDecoder m : models) m.generateBatch(requests(c, phones, berts, prompt, Math.min(m.batchRows(), segments), -100), 5);
            double alone = Double.MAX_VALUE, prefills = Double.MAX_VALUE;
            final double[] batched = new double[models.size()];
            Arrays.fill(batched, Double.MAX_VALUE);
            long[][] aloneTokens = null;
            final boolean[] same = new boolean[models.size()];
            Arrays.fill(same, true);
            final List<StringBuilder> rounds = new ArrayList<>();
            for (int m = 0; m < models.size(); m++) rounds.add(new StringBuilder());
            for (int round = 0; round < repeats; round++) {
                final long[] firstStep = new long[1];
                final Text2SemanticDecoder.Observer clock = new Text2SemanticDecoder.Observer() {
                    @Override public void step(int index, float[] raw) {
                        if (index == 0) firstStep[0] = System.nanoTime();
                    }
                };
                aloneTokens = new long[segments][];
                double prefill = 0;
                final long a0 = System.nanoTime();
                for (int i = 0; i < segments; i++) {                  // one at a time, on the first model's 1-row step graph
                    final long p0 = System.nanoTime();
                    aloneTokens[i] = first.generate(phones[i], berts[i], prompt,
                            new T2SSampler(T2SSampler.Settings.DEFAULTS, c.vocab(), i), steps, clock).tokens();
                    prefill += (firstStep[0] - p0) / 1e9;
                }
                final double aloneNow = (System.nanoTime() - a0) / 1e9;
                if (aloneNow < alone) {
                    alone = aloneNow;
                    prefills = prefill;
                }
                for (int m = 0; m < models.size(); m++) {
                    final long s0 = System.nanoTime();
                    final List<Text2SemanticDecoder.Result> results = models.get(m).generateBatch(requests(c, phones, berts, prompt, segments, 0), steps);
                    final double now = (System.nanoTime() - s0) / 1e9;
                    batched[m] = Math.min(batched[m], now);
                    rounds.get(m).append(String.format(" %.2fx", aloneNow / now));
                    same[m] &= Arrays.deepEquals(results.stream().map(Text2SemanticDecoder.Result::tokens).toArray(long[][]::new), aloneTokens);
                }
            }
            final int tokens = Arrays.stream(aloneTokens).mapToInt(x -> x.length).sum();
            System.out.printf("  one at a time:    %6.2f s total (prefills %.2f s), decode %6.1f tokens/s%n", alone, prefills, tokens / (alone - prefills));
            for (int m = 0; m < models.size(); m++) {
                System.out.printf("  batched, %d rows: %6.2f s total, decode %6.1f tokens/s; speed-up %.2fx total, %.2fx decode; tokens %s; total speed-up per round:%s%n",
                        rowsList[m], batched[m], tokens / (batched[m] - prefills), alone / batched[m], (alone - prefills) / (batched[m] - prefills),
                        same[m] ? "identical" : "DIFFER", rounds.get(m));
            }
        } finally {
            models.forEach(Text2SemanticDecoder::close);
        }
    }

    private static List<Text2SemanticDecoder.Request> requests(T2SConfig c, long[][] phones, float[][] berts, long[] prompt, int n, long seed) {
        final List<Text2SemanticDecoder.Request> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Text2SemanticDecoder.Request(phones[i], berts[i], prompt, new T2SSampler(T2SSampler.Settings.DEFAULTS, c.vocab(), seed + i)));
        }
        return out;
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
