package org.understudy.engine.gptsovits;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.understudy.engine.Fixtures;
import org.understudy.engine.Npy;

/** Parity with upstream's logits_to_probs + sample on the t2s-sampling fixture (six rows, four settings). */
class T2SSamplerTest {
    private static final String CASE = "t2s-sampling";
    private static final int V = 1025;

    private static float[] row(float[] all, int index) {
        return Arrays.copyOfRange(all, index * V, (index + 1) * V);
    }

    @Test
    void matchesUpstreamStepByStep() throws IOException {
        final float[] logits = Npy.read(Fixtures.path(CASE, "logits.npy")).toFloatArray();
        final long[] previous = Npy.read(Fixtures.path(CASE, "previous_tokens.npy")).toLongArray();
        final Npy penalisedNpy = Npy.read(Fixtures.path(CASE, "penalised.npy"));
        final float[] penalised = penalisedNpy.toFloatArray();
        final float[] filtered = Npy.read(Fixtures.path(CASE, "filtered.npy")).toFloatArray();
        final float[] probs = Npy.read(Fixtures.path(CASE, "probs.npy")).toFloatArray();
        final float[] noise = Npy.read(Fixtures.path(CASE, "exp_noise.npy")).toFloatArray();
        final long[] sampled = Npy.read(Fixtures.path(CASE, "sampled.npy")).toLongArray();
        final JsonNode combos = Fixtures.manifest(CASE).path("params").path("combos");
        final int rows = logits.length / V, perRow = previous.length / rows;

        for (JsonNode combo : combos) {
            final int c = combo.path("index").asInt();
            final T2SSampler.Settings s = new T2SSampler.Settings(combo.path("top_k").asInt(), (float) combo.path("top_p").asDouble(),
                    (float) combo.path("temperature").asDouble(), (float) combo.path("repetition_penalty").asDouble());
            for (int r = 0; r < rows; r++) {
                final String where = combo.path("name").asText() + " row " + r;
                final float[] x = row(logits, r);
                final int[] prev = new int[perRow];
                for (int i = 0; i < perRow; i++) prev[i] = (int) previous[r * perRow + i];

                T2SSampler.penalise(x, V, prev, perRow, s.repetitionPenalty(), new boolean[V]);
                assertArrayEquals(row(penalised, c * rows + r), x, 0f, "penalised, " + where);

                T2SSampler.filterAfterPenalty(x, V, s, new float[V], new Integer[V]);
                assertArrayEquals(row(filtered, c * rows + r), x, 0f, "filtered, " + where);

                final float[] p = new float[V];
                T2SSampler.softmax(x, V, p);
                assertArrayEquals(row(probs, c * rows + r), p, 1e-6f, "probs, " + where);
                assertEquals(sampled[c * rows + r], T2SSampler.race(p, row(noise, c * rows + r), V), "sampled, " + where);
            }
        }
    }

    @Test
    void sameSeedSameTokensOtherSeedOtherTokens() throws IOException {
        final float[] logits = Npy.read(Fixtures.path(CASE, "logits.npy")).toFloatArray();
        final T2SSampler.Settings hot = new T2SSampler.Settings(50, 1f, 1.5f, 1.35f);
        final int[] a = draws(logits, hot, 7), b = draws(logits, hot, 7), other = draws(logits, hot, 8);
        assertArrayEquals(a, b);
        assertNotEquals(Arrays.toString(a), Arrays.toString(other));
    }

    @Test
    void topKOfOneIsGreedy() throws IOException {
        final float[] logits = Npy.read(Fixtures.path(CASE, "logits.npy")).toFloatArray();
        final T2SSampler sampler = new T2SSampler(new T2SSampler.Settings(1, 1f, 1f, 1f), V, 1);
        for (int r = 0; r < logits.length / V; r++) {
            final float[] x = row(logits, r);
            assertEquals(T2SSampler.argmax(x, V), sampler.sample(x.clone(), V, new int[0], 0));
        }
    }

    private static int[] draws(float[] logits, T2SSampler.Settings s, long seed) {
        final T2SSampler sampler = new T2SSampler(s, V, seed);
        final int[] out = new int[40];
        for (int i = 0; i < out.length; i++) out[i] = sampler.sample(row(logits, i % 6), V, new int[0], 0);
        return out;
    }
}
