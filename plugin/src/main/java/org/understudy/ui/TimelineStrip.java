package org.understudy.ui;

import com.formdev.flatlaf.util.UIScale;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.event.MouseAdapter;
import java.awt.event.MouseEvent;
import java.util.List;
import java.util.function.DoubleSupplier;
import java.util.function.IntConsumer;
import javax.swing.JComponent;
import javax.swing.UIManager;
import org.understudy.project.TrackProject.ProjectCue;
import org.understudy.project.TrackSession;

/**
 * The track at a glance: each cue where it starts (at the snapshot's tempo), as its waveform once
 * rendered or as an outline of its expected length before, the selected cue highlighted and the
 * playhead as a line. The whole track fits the width (at least ten seconds). A click on a cue
 * selects it. [edt]
 */
final class TimelineStrip extends JComponent {
    private static final double MIN_SECONDS = 10;
    private final DoubleSupplier playhead;
    private TrackSession.Snapshot snapshot;
    private int selected = -1;

    TimelineStrip(DoubleSupplier playhead, IntConsumer select) {
        this.playhead = playhead;
        setName("timeline");
        setOpaque(true);
        addMouseListener(new MouseAdapter() {
            @Override
            public void mousePressed(MouseEvent e) {
                final int cue = cueAt(e.getX());
                if (cue >= 0) select.accept(cue);
            }
        });
    }

    void show(TrackSession.Snapshot s, int selectedCue) {
        snapshot = s;
        selected = selectedCue;
        repaint();
    }

    @Override
    public Dimension getPreferredSize() {
        final int line = getFontMetrics(getFont()).getHeight();
        return new Dimension(line * 30, line * 5);
    }

    /** The cue under x, the last drawn (topmost) first; -1 for none. */
    int cueAt(int x) {
        if (snapshot == null) return -1;
        final double scale = scale();
        for (int i = snapshot.project().cues().size() - 1; i >= 0; i--) {
            final double[] span = span(i);
            if (x >= span[0] * scale && x <= Math.max(span[1] * scale, span[0] * scale + 3)) return i;
        }
        return -1;
    }

    /** Start and end of cue i in seconds: the rendered length, or the expected one. */
    private double[] span(int i) {
        final ProjectCue c = snapshot.project().cues().get(i);
        final double start = c.seconds(snapshot.tempo());
        final float[] audio = snapshot.cues().get(i).audio();
        final double length = audio != null && snapshot.rate() > 0 ? audio.length / (double) snapshot.rate() : TrackFiles.expectedSeconds(c.text());
        return new double[] {start, start + length};
    }

    /** Pixels per second. */
    private double scale() {
        double end = MIN_SECONDS;
        if (snapshot != null) for (int i = 0; i < snapshot.project().cues().size(); i++) end = Math.max(end, span(i)[1] + 1);
        end = Math.max(end, playhead.getAsDouble() + 1);
        return Math.max(1, getWidth() - 1) / end;
    }

    @Override
    protected void paintComponent(Graphics graphics) {
        final Graphics2D g = (Graphics2D) graphics.create();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            final Color background = Theme.color("Table.background", getBackground());
            final Color grid = Theme.color("Separator.foreground", Color.GRAY);
            final Color text = Theme.color("Label.disabledForeground", Color.GRAY);
            final Color wave = Theme.accent();
            g.setColor(background);
            g.fillRect(0, 0, getWidth(), getHeight());
            final double scale = scale();
            final int h = getHeight(), ruler = g.getFontMetrics().getHeight();
            // a tick every 1, 5, 10, 30 or 60 s, whichever leaves room for its label
            final double[] steps = {1, 5, 10, 30, 60, 300};
            double step = steps[steps.length - 1];
            for (double s : steps) {
                if (s * scale >= g.getFontMetrics().stringWidth("00:00") * 1.5) {
                    step = s;
                    break;
                }
            }
            g.setFont(getFont());
            for (double t = 0; t * scale < getWidth(); t += step) {
                final int x = (int) Math.round(t * scale);
                g.setColor(grid);
                g.drawLine(x, 0, x, h);
                g.setColor(text);
                g.drawString(String.format("%d:%02d", (int) t / 60, (int) t % 60), x + 3, g.getFontMetrics().getAscent());
            }
            if (snapshot != null) {
                final List<ProjectCue> cues = snapshot.project().cues();
                for (int i = 0; i < cues.size(); i++) {
                    final double[] span = span(i);
                    final int x0 = (int) Math.round(span[0] * scale), x1 = Math.max(x0 + 3, (int) Math.round(span[1] * scale));
                    final int y0 = ruler + 2, bh = h - ruler - 4;
                    final TrackSession.CueState st = snapshot.cues().get(i);
                    final Color box = st.status() == TrackSession.Status.ERROR ? Theme.error() : wave;
                    g.setColor(new Color(box.getRed(), box.getGreen(), box.getBlue(), i == selected ? 70 : 28));
                    g.fillRect(x0, y0, x1 - x0, bh);
                    g.setColor(box);
                    if (st.audio() != null) {
                        Waveforms.draw(g, st.audio(), x0, y0, x1 - x0, bh, 1.0);
                    } else {
                        g.setStroke(new BasicStroke(UIScale.scale(1f), BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {UIScale.scale(4f), UIScale.scale(3f)}, 0));
                        g.drawRect(x0, y0, x1 - x0 - 1, bh - 1);
                        g.setStroke(new BasicStroke());
                    }
                    if (i == selected) {
                        g.setColor(Theme.color("Table.selectionBackground", wave));
                        g.drawRect(x0, y0, x1 - x0 - 1, bh - 1);
                    }
                    g.setColor(Theme.color("Label.foreground", Color.BLACK));
                    g.drawString(String.valueOf(i + 1), x0 + 3, y0 + g.getFontMetrics().getAscent());
                }
            }
            final double t = playhead.getAsDouble();
            if (t >= 0) {
                final int x = (int) Math.round(t * scale);
                g.setColor(Theme.color("Actions.Red", UIManager.getColor("Label.foreground")));
                g.setStroke(new BasicStroke(UIScale.scale(1.5f)));
                g.drawLine(x, 0, x, h);
            }
        } finally {
            g.dispose();
        }
    }
}
