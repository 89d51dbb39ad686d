package org.understudy.engine.render;

import org.understudy.engine.audio.Loudness;
import org.understudy.engine.audio.TruePeak;
import org.understudy.engine.preset.VoicePreset;

/** What every finished cue goes through: its leading silence cut, its loudness and true peak set. [any-thread] */
final class Mastering {
    static final double LIMITER_LOOKAHEAD_MS = 1.5, LIMITER_RELEASE_MS = 50;

    private Mastering() {}

    /** Below this a cue's first samples are silence (relative to its peak). */
    private static final double LEAD_SILENCE_DB = -60, LEAD_KEEP_SECONDS = 0.005;

    /**
     * A cue's speech starts where the cue is placed: silence before it (below −60 dB of the cue's peak,
     * such as a stop consonant's closure, which is not heard at the start of an utterance) is cut to 5 ms.
     */
    static float[] trimLeadingSilence(float[] x, int rate) {
        float peak = 0;
        for (float v : x) peak = Math.max(peak, Math.abs(v));
        final float threshold = (float) (peak * Math.pow(10, LEAD_SILENCE_DB / 20));
        int first = 0;
        while (first < x.length && Math.abs(x[first]) <= threshold) first++;
        final int from = Math.max(0, first - (int) Math.round(LEAD_KEEP_SECONDS * rate));
        return from == 0 || first == x.length ? x : java.util.Arrays.copyOfRange(x, from, x.length);
    }

    /**
     * Loudness to the target, then the true-peak ceiling. The limiter takes some loudness away from peaky
     * speech, so the gain is corrected from the limited result and the limiting redone, a few times.
     */
    static double master(float[] x, double rate, VoicePreset.Loudness target) {
        final double lufs = Loudness.integrated(x, rate);
        if (!Double.isFinite(lufs)) {           // too short or too quiet to measure: only the ceiling applies
            TruePeak.limit(x, rate, target.truePeakDbtp(), LIMITER_LOOKAHEAD_MS, LIMITER_RELEASE_MS);
            return lufs;
        }
        final float[] dry = x.clone();
        double gainDb = target.targetLufs() - lufs, reached = lufs;
        for (int pass = 0; pass < 8; pass++) {
            final float gain = (float) Math.pow(10, gainDb / 20);
            for (int i = 0; i < x.length; i++) x[i] = dry[i] * gain;
            TruePeak.limit(x, rate, target.truePeakDbtp(), LIMITER_LOOKAHEAD_MS, LIMITER_RELEASE_MS);
            reached = Loudness.integrated(x, rate);
            final double error = target.targetLufs() - reached;
            if (Math.abs(error) < 0.05) break;
            gainDb += error;
        }
        return reached;
    }
}
