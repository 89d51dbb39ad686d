package org.understudy.engine.audio;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What a reference recording is worth before it is used for cloning: where the speech is (an energy
 * voice-activity detector on 20 ms frames against the recording's own noise floor), the noise floor
 * and speech level, clipping, and — for a recording longer than upstream's 10 s — the best 3–10 s
 * span, chosen by speech activity and SNR and cut at pauses. Warnings carry the measured figures.
 */
public final class ReferenceAnalysis {
    static final double FRAME = 0.02;
    /** A noise floor above this is worth a warning (dBFS). */
    static final double NOISY_FLOOR = -50;
    /** Speech less than this far above the noise floor is worth a warning (dB). */
    static final double LOW_SNR = 25;
    /** Below this (dBFS) the loudest frames are silence, not speech. */
    static final double SILENT = -60;

    /** The measurements and the advice, in samples of the analysed signal. */
    public record Report(double seconds, double peak, int clippedSamples, double noiseFloorDb, double speechLevelDb,
                         int speechStart, int speechEnd, Span best, List<String> warnings) {
        public double snrDb() {
            return speechLevelDb - noiseFloorDb;
        }
    }

    /** A span [start, end) in samples with its speech share and SNR. */
    public record Span(int start, int end, double activeShare, double snrDb) {}

    private ReferenceAnalysis() {}

    /** [any-thread] Analyses mono audio at {@code rate}. */
    public static Report analyse(float[] x, double rate) {
        final int hop = (int) Math.round(FRAME * rate), frames = x.length / hop;
        final double[] level = new double[frames];                       // dBFS per frame
        for (int f = 0; f < frames; f++) {
            double sum = 0;
            for (int i = f * hop; i < (f + 1) * hop; i++) sum += (double) x[i] * x[i];
            level[f] = 10 * Math.log10(sum / hop + 1e-12);
        }
        final double[] sorted = level.clone();
        Arrays.sort(sorted);
        final double floor = frames == 0 ? -120 : sorted[(int) (0.1 * (frames - 1))];
        final double speech = frames == 0 ? -120 : sorted[(int) (0.9 * (frames - 1))];
        final double threshold = Math.max(floor + 10, speech - 30);
        final boolean[] active = new boolean[frames];
        for (int f = 0; f < frames; f++) active[f] = level[f] > threshold;
        // sound whose level never dips by 10 dB has no pauses to tell speech from noise: take it all as speech
        final boolean steady = frames > 0 && speech > SILENT && speech - floor < 10;
        if (steady) Arrays.fill(active, true);

        double peak = 0;
        int clipped = 0;
        for (float v : x) {
            peak = Math.max(peak, Math.abs(v));
            if (Math.abs(v) >= 0.999f) clipped++;
        }
        int first = 0, last = frames - 1;
        while (first < frames && !active[first]) first++;
        while (last >= 0 && !active[last]) last--;
        final int pad = (int) Math.round(0.1 / FRAME);                    // keep 100 ms around the speech
        final int speechStart = first >= frames ? 0 : Math.max(0, first - pad) * hop;
        final int speechEnd = last < 0 ? x.length : Math.min(frames, last + 1 + pad) * hop;

        final List<String> warnings = new ArrayList<>();
        final double seconds = x.length / rate;
        if (clipped > 0) warnings.add(String.format(Locale.ROOT, "clipping: %d samples at full scale (peak %.2f dBFS)", clipped, 20 * Math.log10(peak)));
        if (first >= frames) warnings.add("no speech found: the recording is silent or all noise");
        else if (steady) {
            warnings.add(String.format(Locale.ROOT, "no pauses: the level stays within %.1f dB of %.1f dBFS throughout, so speech cannot be "
                    + "told from noise; make sure it is clean speech", speech - floor, speech));
        } else {
            if (floor > NOISY_FLOOR) warnings.add(String.format(Locale.ROOT, "high noise floor: %.1f dBFS (quiet rooms measure below %.0f dBFS)", floor, NOISY_FLOOR));
            if (speech - floor < LOW_SNR) warnings.add(String.format(Locale.ROOT, "low signal-to-noise ratio: %.1f dB (aim for %.0f dB or more)", speech - floor, LOW_SNR));
        }
        final Span best = seconds > 10 ? bestSpan(level, active, hop) : null;
        return new Report(seconds, peak, clipped, floor, speech, speechStart, speechEnd, best, List.copyOf(warnings));
    }

    /**
     * The 3–10 s span with the most speech and the best SNR, starting and ending in pauses where it
     * can: starts every 100 ms, lengths from 3 to 10 s in 0.5 s steps, scored as the active share times
     * the span's SNR (at most 40 dB): its 90th-percentile frame level over its worst local noise floor,
     * the 10th percentile of each of its whole seconds, so noise anywhere in the span counts. A span
     * that begins and ends in a pause is preferred, a longer one wins a tie.
     */
    static Span bestSpan(double[] level, boolean[] active, int hop) {
        final int frames = level.length, lengthStep = (int) Math.round(0.5 / FRAME), startStep = (int) Math.round(0.1 / FRAME);
        final int min = (int) Math.round(3 / FRAME), max = (int) Math.round(10 / FRAME), second = (int) Math.round(1 / FRAME);
        final double[] localFloor = new double[frames];                   // 10th percentile of the second starting here
        final double[] block = new double[second];
        for (int f = 0; f + second <= frames; f++) {
            System.arraycopy(level, f, block, 0, second);
            Arrays.sort(block);
            localFloor[f] = block[(int) (0.1 * (second - 1))];
        }
        Span best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int len = max; len >= min; len -= lengthStep) {
            final double[] window = new double[len];
            for (int start = 0; start + len <= frames; start += startStep) {
                int on = 0;
                for (int f = start; f < start + len; f++) if (active[f]) on++;
                if (on == 0) continue;
                System.arraycopy(level, start, window, 0, len);
                Arrays.sort(window);
                double worstFloor = Double.NEGATIVE_INFINITY;
                for (int f = start; f + second <= start + len; f += second) worstFloor = Math.max(worstFloor, localFloor[f]);
                final double snr = Math.min(40, window[(int) (0.9 * (len - 1))] - worstFloor);
                final boolean clean = !active[start] && !active[start + len - 1];
                final double score = (double) on / len * snr * (clean ? 1.0 : 0.9) + 0.01 * len * FRAME;
                if (score > bestScore) {
                    bestScore = score;
                    best = new Span(start * hop, (start + len) * hop, (double) on / len, snr);
                }
            }
        }
        return best;
    }
}
