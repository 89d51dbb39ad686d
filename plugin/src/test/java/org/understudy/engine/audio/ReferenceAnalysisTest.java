package org.understudy.engine.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Reference analysis on synthetic recordings: syllable-like bursts over noise, silence, clipping. */
class ReferenceAnalysisTest {
    private static final int RATE = 16000;

    /** Noise at {@code noiseDb} RMS everywhere, with 150 ms "syllables" (200 Hz + 1.2 kHz, {@code speechDb} RMS) every 230 ms in [from, to) seconds. */
    private static float[] recording(double seconds, double noiseDb, double speechDb, double from, double to, long seed) {
        final SplittableRandom rnd = new SplittableRandom(seed);
        final float[] x = new float[(int) (seconds * RATE)];
        final double noise = Math.pow(10, noiseDb / 20) * Math.sqrt(3), speech = Math.pow(10, speechDb / 20);   // two sines of this amplitude: RMS = amplitude
        for (int i = 0; i < x.length; i++) {
            final double t = (double) i / RATE;
            double v = noise * (rnd.nextDouble() * 2 - 1);
            if (t >= from && t < to && (t - from) % 0.23 < 0.15) v += speech * (Math.sin(2 * Math.PI * 200 * t) + Math.sin(2 * Math.PI * 1200 * t));
            x[i] = (float) v;
        }
        return x;
    }

    @Test
    void findsTheSpeechAndMeasuresACleanRecording() {
        final ReferenceAnalysis.Report r = ReferenceAnalysis.analyse(recording(6, -70, -20, 1.0, 5.0, 1), RATE);
        assertEquals(-70, r.noiseFloorDb(), 3, "noise floor");
        assertEquals(-20, r.speechLevelDb(), 3, "speech level");
        assertEquals(0.9, r.speechStart() / (double) RATE, 0.05, "speech starts at 1 s, kept 100 ms earlier");
        assertEquals(5.0, r.speechEnd() / (double) RATE, 0.15, "speech ends at about 5 s, plus 100 ms");
        assertTrue(r.warnings().isEmpty(), r.warnings().toString());
        assertNull(r.best(), "a 6 s recording needs no span");
    }

    @Test
    void warnsAboutNoiseWithTheFigures() {
        final ReferenceAnalysis.Report r = ReferenceAnalysis.analyse(recording(6, -35, -20, 1.0, 5.0, 2), RATE);
        assertTrue(r.warnings().stream().anyMatch(w -> w.startsWith("high noise floor: -3")), r.warnings().toString());
        assertTrue(r.warnings().stream().anyMatch(w -> w.startsWith("low signal-to-noise ratio")), r.warnings().toString());
    }

    @Test
    void countsClippedSamples() {
        final float[] x = recording(5, -70, 0, 0.5, 4.5, 3);
        for (int i = 0; i < x.length; i++) x[i] = Math.max(-1f, Math.min(1f, x[i] * 2));
        final ReferenceAnalysis.Report r = ReferenceAnalysis.analyse(x, RATE);
        assertTrue(r.clippedSamples() > 1000, "clipped " + r.clippedSamples());
        assertTrue(r.warnings().get(0).startsWith("clipping: " + r.clippedSamples() + " samples"), r.warnings().toString());
    }

    @Test
    void saysWhenThereIsNoSpeech() {
        final ReferenceAnalysis.Report r = ReferenceAnalysis.analyse(new float[5 * RATE], RATE);
        assertTrue(r.warnings().contains("no speech found: the recording is silent or all noise"), r.warnings().toString());
    }

    @Test
    void soundWithoutPausesIsTakenAsSpeechWithAWarning() {
        final float[] x = new float[4 * RATE];
        for (int i = 0; i < x.length; i++) x[i] = (float) (0.3 * Math.sin(2 * Math.PI * 180 * i / RATE) * (1 + 0.3 * Math.sin(2 * Math.PI * 3 * i / RATE)));
        final ReferenceAnalysis.Report r = ReferenceAnalysis.analyse(x, RATE);
        assertEquals(0, r.speechStart());
        assertEquals(x.length / (RATE / 50) * (RATE / 50), r.speechEnd());
        assertTrue(r.warnings().size() == 1 && r.warnings().get(0).startsWith("no pauses: the level stays within"), r.warnings().toString());
        final ReferenceAnalysis.Report quiet = ReferenceAnalysis.analyse(scale(x, 1e-4f), RATE);
        assertTrue(quiet.warnings().contains("no speech found: the recording is silent or all noise"), "-80 dBFS is silence: " + quiet.warnings());
    }

    private static float[] scale(float[] x, float gain) {
        final float[] y = x.clone();
        for (int i = 0; i < y.length; i++) y[i] *= gain;
        return y;
    }

    @Test
    void proposesTheCleanestThreeToTenSecondsOfALongRecording() {
        // 0–10 s speech under loud noise, 10–20 s clean speech, 20–30 s room tone
        final float[] noisy = recording(10, -32, -20, 0, 10, 4), clean = recording(20, -70, -20, 0.5, 9.5, 5);
        final float[] x = new float[noisy.length + clean.length];
        System.arraycopy(noisy, 0, x, 0, noisy.length);
        System.arraycopy(clean, 0, x, noisy.length, clean.length);
        final ReferenceAnalysis.Report r = ReferenceAnalysis.analyse(x, RATE);
        final ReferenceAnalysis.Span best = r.best();
        assertNotNull(best);
        final double start = best.start() / (double) RATE, end = best.end() / (double) RATE;
        assertTrue(end - start >= 3 && end - start <= 10.001, "3–10 s: " + start + " – " + end);
        assertTrue(start >= 10 && end <= 20.5, "inside the clean part: " + start + " – " + end);
    }
}
