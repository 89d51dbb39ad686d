package org.understudy.tools;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.understudy.engine.gptsovits.SovitsConfig;
import org.understudy.engine.gptsovits.SynthesizerTrn;
import org.understudy.engine.onnx.SessionConfig;

/**
 * {@code bench sovits}: the SoVITS decode at upstream v2 and v2ProPlus sizes with random weights,
 * 10 s of audio (250 tokens, 100 phones, a 5 s reference), as shared/research/peer-figures.md
 * measures upstream: time, real-time factor and peak memory.
 */
final class SovitsBench {
    private SovitsBench() {}

    static void run(String[] args) throws Exception {
        int threads = Runtime.getRuntime().availableProcessors(), repeats = 3;
        double seconds = 10;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--repeats" -> repeats = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (--threads --repeats --seconds)");
            }
        }
        System.out.printf("bench sovits: %.0f s of audio, %d threads, fp32, random weights%n", seconds, threads);
        for (SovitsConfig c : List.of(SovitsConfig.upstreamV2(), SovitsConfig.upstreamV2ProPlus())) {
            measure(c, threads, repeats, seconds, upstream(c, seconds));
        }
        System.out.printf("peak memory (VmHWM): %s%n", T2SBench.peakMemory());
    }

    /** Upstream's measured time for this size and length, or NaN: peer-figures.md (10 s), the third-party 4 s figure. */
    private static double upstream(SovitsConfig c, double seconds) {
        if (seconds == 10) return c.proVariant() ? 5.18 : 2.43;
        if (seconds == 4 && !c.proVariant()) return 1.74;
        return Double.NaN;
    }

    private static void measure(SovitsConfig c, int threads, int repeats, double seconds, double upstream) {
        final SplittableRandom rnd = new SplittableRandom(1);
        final int tokens = (int) Math.round(seconds * 25), phones = 100, refFrames = 5 * 32000 / 640;
        final long[] codes = rnd.longs(tokens, 0, c.codebookSize()).toArray();
        final long[] text = rnd.longs(phones, 0, c.symbols()).toArray();
        final float[] spec = new float[1025 * refFrames];
        for (int i = 0; i < spec.length; i++) spec[i] = (float) Math.abs(rnd.nextGaussian());
        final float[] sv = c.proVariant() ? new float[c.speakerEmbedding()] : null;
        if (sv != null) for (int i = 0; i < sv.length; i++) sv[i] = (float) Math.abs(0.01 * rnd.nextGaussian());
        final float[] noise = new float[c.inter() * SynthesizerTrn.frames(tokens, 1f)];
        for (int i = 0; i < noise.length; i++) noise[i] = (float) rnd.nextGaussian();
        final long t0 = System.nanoTime();
        try (SynthesizerTrn model = SynthesizerTrn.create(c, RandomWeights.of(SynthesizerTrn.weightShapes(c), 7), SessionConfig.cpu(threads))) {
            final double build = (System.nanoTime() - t0) / 1e9;
            final double[] times = new double[repeats];
            for (int r = -1; r < repeats; r++) {
                final long start = System.nanoTime();
                final SynthesizerTrn.Decoded d = model.decode(codes, text, List.of(new SynthesizerTrn.Reference(spec, 1025, sv)), 1f, noise, 0.5f);
                if (r >= 0) times[r] = (System.nanoTime() - start) / 1e9;
                if (d.audio().length != tokens * c.samplesPerToken()) throw new IllegalStateException("unexpected audio length " + d.audio().length);
            }
            Arrays.sort(times);
            final double t = times[repeats / 2];
            System.out.printf("%-9s (gin %d, generator %d ch): build %.1f s, decode %.2f s = RTF %.3f (median of %d)",
                    c.version(), c.gin(), c.upsampleInitialChannel(), build, t, t / seconds, repeats);
            if (Double.isNaN(upstream)) System.out.println("; no upstream figure for this length");
            else System.out.printf("; upstream %.2f s = RTF %.3f: %.2fx faster%n", upstream, upstream / seconds, upstream / t);
        }
    }
}
