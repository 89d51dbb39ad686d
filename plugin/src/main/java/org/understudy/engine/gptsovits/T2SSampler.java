package org.understudy.engine.gptsovits;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Host-side sampling of the T2S logits, in upstream's order (AR/models/utils.py:logits_to_probs
 * and sample): repetition penalty over the distinct previous tokens (prompt included) → top-p on
 * the untempered logits → temperature → top-k → softmax → exponential race. Every step works in
 * place on one row of {@code n} logits, in fp32 as torch does on the CPU.
 */
public final class T2SSampler {
    /** Upstream's API defaults: top_k 15, top_p 1, temperature 1, repetition_penalty 1.35. */
    public record Settings(int topK, float topP, float temperature, float repetitionPenalty) {
        public static final Settings DEFAULTS = new Settings(15, 1f, 1f, 1.35f);

        public Settings {
            if (topK < 1) throw new IllegalArgumentException("top_k must be at least 1, not " + topK);
            if (!(topP > 0 && topP <= 1)) throw new IllegalArgumentException("top_p must be in (0, 1], not " + topP);
            if (!(temperature > 0)) throw new IllegalArgumentException("temperature must be positive, not " + temperature);
            if (!(repetitionPenalty > 0)) throw new IllegalArgumentException("repetition penalty must be positive, not " + repetitionPenalty);
        }
    }

    private final Settings settings;

    public Settings settings() {
        return settings;
    }

    private final SplittableRandom random;
    private final boolean[] seen;
    private final float[] probs;
    private final float[] work;
    private final Integer[] order;

    /** [engine-worker] A sampler for rows of {@code vocab} logits; the same seed gives the same draws. */
    public T2SSampler(Settings settings, int vocab, long seed) {
        this.settings = settings;
        this.random = new SplittableRandom(seed);
        this.seen = new boolean[vocab];
        this.probs = new float[vocab];
        this.work = new float[vocab];
        this.order = new Integer[vocab];
    }

    /**
     * [engine-worker] Filters {@code logits[0..n)} in place and draws a token. {@code previous} are all
     * tokens so far (prompt semantic tokens included); n < vocab blocks the tokens from n on (upstream
     * slices EOS off for the first steps).
     */
    public int sample(float[] logits, int n, int[] previous, int previousCount) {
        penalise(logits, n, previous, previousCount);
        return drawFromPenalised(logits, n);
    }

    /** [engine-worker] Step 1 alone, in place: the T2S stop test looks at the penalised logits. */
    public void penalise(float[] logits, int n, int[] previous, int previousCount) {
        penalise(logits, n, previous, previousCount, settings.repetitionPenalty(), seen);
    }

    /** [engine-worker] Steps 2-5 and the draw, on logits that {@link #penalise} already treated. */
    public int drawFromPenalised(float[] logits, int n) {
        filterAfterPenalty(logits, n, settings, work, order);
        softmax(logits, n, probs);
        for (int i = 0; i < n; i++) work[i] = (float) -Math.log(1.0 - random.nextDouble());   // Exponential(1)
        return race(probs, work, n);
    }

    /** Step 1: {@code x < 0 ? x * rp : x / rp} for each distinct previous token below n. */
    public static void penalise(float[] logits, int n, int[] previous, int count, float penalty, boolean[] scratch) {
        if (penalty == 1f) return;
        Arrays.fill(scratch, 0, Math.min(scratch.length, n), false);
        for (int i = 0; i < count; i++) {
            final int t = previous[i];
            if (t < 0 || t >= n || scratch[t]) continue;
            scratch[t] = true;
            final float x = logits[t];
            logits[t] = x < 0 ? x * penalty : x / penalty;
        }
    }

    /** Steps 2-4 on penalised logits: top-p, temperature, top-k. Removed entries become -inf. */
    public static void filterAfterPenalty(float[] logits, int n, Settings s, float[] work, Integer[] order) {
        if (s.topP() < 1f) topP(logits, n, s.topP(), work, order);
        final float t = Math.max(s.temperature(), 1e-5f);
        for (int i = 0; i < n; i++) logits[i] = logits[i] / t;           // a true fp32 division, like torch
        topK(logits, n, s.topK(), work);
    }

    /** Sorted descending, cumulative softmax (accumulated in double); drop entries past p, keep the first. */
    static void topP(float[] logits, int n, float p, float[] work, Integer[] order) {
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, 0, n, (a, b) -> Float.compare(logits[b], logits[a]));
        for (int i = 0; i < n; i++) work[i] = logits[order[i]];
        softmax(work, n, work);
        double cumulative = 0;
        for (int i = 0; i < n; i++) {
            cumulative += work[i];
            if (i > 0 && (float) cumulative > p) logits[order[i]] = Float.NEGATIVE_INFINITY;
        }
    }

    /** Keeps values ≥ the k-th largest (ties at the pivot stay). */
    static void topK(float[] logits, int n, int k, float[] work) {
        if (k >= n) return;
        System.arraycopy(logits, 0, work, 0, n);
        Arrays.sort(work, 0, n);
        final float pivot = work[n - k];
        for (int i = 0; i < n; i++) if (logits[i] < pivot) logits[i] = Float.NEGATIVE_INFINITY;
    }

    /** fp32 softmax of x[0..n) into out (may be x). */
    public static void softmax(float[] x, int n, float[] out) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) max = Math.max(max, x[i]);
        float sum = 0;
        for (int i = 0; i < n; i++) {
            out[i] = (float) Math.exp(x[i] - max);
            sum += out[i];
        }
        for (int i = 0; i < n; i++) out[i] /= sum;
    }

    /** argmax(probs / q) with given Exponential(1) draws: how a fixed noise draw picks a token. */
    public static int race(float[] probs, float[] exponential, int n) {
        int best = 0;
        float bestScore = -1;
        for (int i = 0; i < n; i++) {
            final float score = probs[i] / exponential[i];
            if (score > bestScore) {
                bestScore = score;
                best = i;
            }
        }
        return best;
    }

    /** Index of the largest value (the first on ties), as torch.argmax. */
    public static int argmax(float[] x, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) if (x[i] > x[best]) best = i;
        return best;
    }
}
