package org.understudy.ui;

import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.Font;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import javax.swing.BorderFactory;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JTable;
import javax.swing.Timer;
import javax.swing.UIManager;
import javax.swing.table.AbstractTableModel;
import org.understudy.daw.EditorState;

/** The instance's clips and the engine status, refreshed ten times a second. [edt] */
final class TrackEditorPanel extends JPanel {
    private static final String[] COLUMNS = {"#", "Start (s)", "Length (s)", "Tone (Hz)", "Audio"};

    private final Supplier<EditorState> source;
    private final JLabel engine = new JLabel();
    private final JLabel track = new JLabel();
    private final JLabel transport = new JLabel();
    private final ClipTableModel model = new ClipTableModel();
    private final Timer timer = new Timer(100, e -> refresh());

    TrackEditorPanel(Supplier<EditorState> source) {
        super(new BorderLayout(0, 8));
        this.source = source;
        setBorder(BorderFactory.createEmptyBorder(12, 12, 12, 12));
        final JLabel title = new JLabel("Understudy");
        title.setFont(title.getFont().deriveFont(Font.BOLD, title.getFont().getSize2D() * 1.5f));
        final JPanel header = new JPanel(new BorderLayout(0, 4));
        header.add(title, BorderLayout.NORTH);
        header.add(engine, BorderLayout.CENTER);
        header.add(track, BorderLayout.SOUTH);
        add(header, BorderLayout.NORTH);
        final JTable table = new JTable(model);
        table.setName("clips");
        table.setFillsViewportHeight(true);
        add(new JScrollPane(table), BorderLayout.CENTER);
        add(transport, BorderLayout.SOUTH);
        refresh();
    }

    void start() {
        timer.start();
    }

    void stop() {
        timer.stop();
    }

    private void refresh() {
        final EditorState s = source.get();
        engine.setText(s.engineStatus());
        track.setText(s.trackStatus());
        track.setForeground(s.error() ? new Color(0xE0, 0x6C, 0x75) : UIManager.getColor("Label.foreground"));
        final double rate = s.sampleRate();
        transport.setText(rate > 0
                ? String.format(Locale.ROOT, "%s at %.3f s (%d Hz)", s.playing() ? "Playing" : "Stopped",
                        s.positionSamples() / rate, (int) rate)
                : "The host has not started processing yet");
        model.update(s.clips());
    }

    private static final class ClipTableModel extends AbstractTableModel {
        private List<EditorState.Row> rows = List.of();

        void update(List<EditorState.Row> next) {
            if (!next.equals(rows)) {
                rows = next;
                fireTableDataChanged();
            }
        }

        @Override public int getRowCount() { return rows.size(); }
        @Override public int getColumnCount() { return COLUMNS.length; }
        @Override public String getColumnName(int c) { return COLUMNS[c]; }

        @Override
        public Object getValueAt(int r, int c) {
            final EditorState.Row row = rows.get(r);
            return switch (c) {
                case 0 -> row.index();
                case 1 -> String.format(Locale.ROOT, "%.3f", row.startSeconds());
                case 2 -> String.format(Locale.ROOT, "%.3f", row.lengthSeconds());
                case 3 -> String.format(Locale.ROOT, "%.1f", row.frequencyHz());
                default -> row.ready() ? "ready" : "rendering";
            };
        }
    }
}
