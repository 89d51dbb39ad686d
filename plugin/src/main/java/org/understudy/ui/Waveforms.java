package org.understudy.ui;

import java.awt.Graphics2D;

/** Draws audio as a min/max outline, one column per pixel. [edt] */
final class Waveforms {
    private Waveforms() {}

    /** Draws {@code audio} into the box (x, y, w, h), centred vertically; {@code gain} scales the peaks. */
    static void draw(Graphics2D g, float[] audio, int x, int y, int w, int h, double gain) {
        if (audio == null || audio.length == 0 || w <= 0 || h <= 0) return;
        final int mid = y + h / 2;
        final double per = audio.length / (double) w;
        for (int px = 0; px < w; px++) {
            final int from = (int) (px * per), to = Math.max(from + 1, Math.min(audio.length, (int) ((px + 1) * per)));
            float lo = 0, hi = 0;
            // at most 256 samples a column: enough for the outline, bounded work per paint
            final int step = Math.max(1, (to - from) / 256);
            for (int i = from; i < to; i += step) {
                lo = Math.min(lo, audio[i]);
                hi = Math.max(hi, audio[i]);
            }
            final int top = mid - (int) Math.round(Math.min(1, hi * gain) * h / 2);
            final int bottom = mid - (int) Math.round(Math.max(-1, lo * gain) * h / 2);
            g.drawLine(x + px, top, x + px, Math.max(top, bottom));
        }
    }
}
