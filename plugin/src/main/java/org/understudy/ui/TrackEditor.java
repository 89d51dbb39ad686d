package org.understudy.ui;

import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.Component;
import java.awt.FlowLayout;
import java.awt.Font;
import java.awt.Toolkit;
import java.awt.event.ActionEvent;
import java.awt.event.InputEvent;
import java.awt.event.KeyEvent;
import java.awt.event.MouseEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.swing.AbstractAction;
import javax.swing.BorderFactory;
import javax.swing.DefaultCellEditor;
import javax.swing.DefaultComboBoxModel;
import javax.swing.JButton;
import javax.swing.JComboBox;
import javax.swing.JComponent;
import javax.swing.JFileChooser;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JSplitPane;
import javax.swing.JTable;
import javax.swing.KeyStroke;
import javax.swing.ListSelectionModel;
import javax.swing.SwingUtilities;
import javax.swing.SwingWorker;
import javax.swing.Timer;
import javax.swing.filechooser.FileNameExtensionFilter;
import javax.swing.table.AbstractTableModel;
import javax.swing.table.DefaultTableCellRenderer;
import org.understudy.engine.audio.WavFile;
import org.understudy.project.TrackProject;
import org.understudy.project.TrackProject.ProjectCue;
import org.understudy.project.TrackSession;

/**
 * The track editor, the same in the host and in the studio window: the cue table (start, text, voice,
 * status; edited in place), the track's voice preset with its details, a timeline of the rendered cues
 * under the playhead, render and preview controls, script import and export.
 *
 * <p>Every edit goes through {@link TrackSession#setProject}; the session's listener may call from the
 * engine thread, so its snapshots reach the UI through {@link SwingUtilities#invokeLater}. File and
 * preset reads run on {@link SwingWorker}s. Everything in this class runs on the EDT unless tagged.
 */
public final class TrackEditor extends JPanel {
    static final String[] COLUMNS = {"Start", "Text", "Voice", "Status"};
    static final String DEFAULT_VOICE = "default";
    /** How long a message of the editor's own stays in the status line before the session's status replaces it. */
    private static final long MESSAGE_NANOS = 4_000_000_000L;
    private static final Pattern CLOCK = Pattern.compile("(?:(\\d+):)?(\\d+):(\\d+(?:\\.\\d*)?)");
    private static final Pattern BEAT = Pattern.compile("beat\\s*(\\d+(?:\\.\\d*)?)", Pattern.CASE_INSENSITIVE);
    private static final Pattern SECONDS = Pattern.compile("(\\d+(?:\\.\\d*)?)\\s*s?");

    private final TrackSession session;
    private final DoubleSupplier playhead;
    private final IntSupplier rate;
    private final DoubleSupplier tempo;
    private final Path presetsFolder;
    private final CuePreview preview;
    private final TrackSession.Listener listener = s -> SwingUtilities.invokeLater(() -> show(s));

    private TrackSession.Snapshot shown;
    private PresetCatalog catalog;
    private boolean updatingPicker;
    private long saidAt = System.nanoTime() - MESSAGE_NANOS;

    private final CueModel model = new CueModel();
    private final JTable table = new JTable(model) {
        @Override
        public String getToolTipText(MouseEvent e) {
            final int row = rowAtPoint(e.getPoint());
            if (row < 0 || shown == null) return null;
            final TrackSession.CueState st = shown.cues().get(convertRowIndexToModel(row));
            return st.message().isEmpty() ? null : st.message();
        }
    };
    private final JComboBox<PresetCatalog.Entry> picker = new JComboBox<>();
    private final JLabel pickerError = new JLabel();
    private final DefaultComboBoxModel<String> voiceIds = new DefaultComboBoxModel<>();
    private final JLabel progress = new JLabel();
    private final JLabel statusLine = new JLabel(" ");
    private final JButton renderAll = new JButton("Render all");
    private final JButton renderDirty = new JButton("Render dirty");
    private final JButton cancel = new JButton("Cancel");
    private final JButton play = new JButton("Play cue");
    private final JButton stop = new JButton("Stop");
    /** Megabytes of rendered audio kept in the project (0: none), so it plays where the render cache is missing. */
    private final javax.swing.JSpinner keepAudio = new javax.swing.JSpinner(new javax.swing.SpinnerNumberModel(0, 0, 4096, 10));
    private final TimelineStrip timeline;
    private final PresetDetails details;
    private final Timer playheadTimer;

    /** [edt] An editor of {@code session}; renders at {@code rate}, places beats at the snapshot's tempo. */
    public TrackEditor(TrackSession session, DoubleSupplier playhead, IntSupplier rate, Path presetsFolder) {
        this(session, playhead, rate, () -> session.snapshot().tempo(), presetsFolder, new CuePreview());
    }

    /**
     * [edt] An editor of {@code session} whose playhead (seconds) comes from {@code playhead}, renders at
     * {@code rate} and places beat cues at {@code tempo}; presets are listed from {@code presetsFolder}.
     */
    public TrackEditor(TrackSession session, DoubleSupplier playhead, IntSupplier rate, DoubleSupplier tempo, Path presetsFolder, CuePreview preview) {
        super(new BorderLayout());
        this.session = session;
        this.playhead = playhead;
        this.rate = rate;
        this.tempo = tempo;
        this.presetsFolder = presetsFolder;
        this.preview = preview;
        setName("trackEditor");
        final int gap = getFont().getSize() / 2;
        setBorder(BorderFactory.createEmptyBorder(gap, gap, gap, gap));

        // ---- the top: voice picker, badge; render and preview controls
        picker.setName("presetPicker");
        picker.setToolTipText("The track's voice preset, from " + presetsFolder.toAbsolutePath());
        picker.addActionListener(e -> presetChosen());
        pickerError.setName("presetError");
        pickerError.setForeground(Theme.error());
        final JLabel badge = new JLabel("AI voice") {
            @Override
            protected void paintComponent(java.awt.Graphics graphics) {
                final java.awt.Graphics2D g = (java.awt.Graphics2D) graphics.create();
                g.setRenderingHint(java.awt.RenderingHints.KEY_ANTIALIASING, java.awt.RenderingHints.VALUE_ANTIALIAS_ON);
                g.setColor(Theme.accent());
                g.fillRoundRect(0, 0, getWidth(), getHeight(), getHeight(), getHeight());
                g.dispose();
                super.paintComponent(graphics);
            }
        };
        badge.setName("aiBadge");
        badge.setToolTipText("Everything this track renders is AI-generated speech, and its files say so");
        badge.setForeground(Color.WHITE);
        badge.setFont(badge.getFont().deriveFont(Font.BOLD));
        badge.setBorder(BorderFactory.createEmptyBorder(gap / 3, gap, gap / 3, gap));
        final JPanel voiceRow = new JPanel(new BorderLayout(gap, 0));
        final JPanel voiceLeft = new JPanel(new FlowLayout(FlowLayout.LEADING, gap, 0));
        voiceLeft.add(new JLabel("Voice"));
        voiceLeft.add(picker);
        voiceLeft.add(pickerError);
        voiceRow.add(voiceLeft, BorderLayout.CENTER);
        voiceRow.add(badge, BorderLayout.EAST);

        renderAll.setName("renderAll");
        renderAll.setToolTipText("Renders every cue again (unchanged cues come back from the cache)");
        renderAll.addActionListener(e -> {
            if (rateKnown()) session.renderAll(rate.getAsInt(), tempo.getAsDouble());
        });
        renderDirty.setName("renderDirty");
        renderDirty.setToolTipText("Renders the cues that changed since the last render");
        renderDirty.addActionListener(e -> {
            if (rateKnown()) session.render(rate.getAsInt(), tempo.getAsDouble());
        });
        cancel.setName("cancel");
        cancel.addActionListener(e -> session.cancel());
        play.setName("play");
        play.setToolTipText("Plays the selected cue (Space)");
        play.addActionListener(e -> playSelected());
        stop.setName("stop");
        stop.addActionListener(e -> preview.stop());
        progress.setName("progress");
        final JButton importButton = new JButton("Import script…");
        importButton.setName("importScript");
        importButton.addActionListener(e -> chooseImport());
        final JButton exportButton = new JButton("Export…");
        exportButton.setName("export");
        exportButton.addActionListener(e -> chooseExport());
        keepAudio.setName("keepAudio");
        keepAudio.setToolTipText("Keeps up to this many MB of rendered audio in the project, so it plays on a machine without the render cache");
        keepAudio.addChangeListener(e -> {
            final long bytes = ((Number) keepAudio.getValue()).longValue() << 20;
            final TrackProject p = session.snapshot().project();
            if (p.audio().budgetBytes() != bytes) session.setProject(p.withAudioBudget(bytes));
        });
        final JLabel keepLabel = new JLabel("Keep audio in project (MB)");
        keepLabel.setLabelFor(keepAudio);
        final JPanel controls = new JPanel(new FlowLayout(FlowLayout.LEADING, gap, 0));
        for (JComponent c : new JComponent[] {renderAll, renderDirty, cancel, play, stop, importButton, exportButton, keepLabel, keepAudio, progress}) controls.add(c);
        final JPanel top = new JPanel(new BorderLayout(0, gap));
        top.add(voiceRow, BorderLayout.NORTH);
        top.add(controls, BorderLayout.SOUTH);
        top.setBorder(BorderFactory.createEmptyBorder(0, 0, gap, 0));
        add(top, BorderLayout.NORTH);

        // ---- the cue table
        table.setName("cues");
        table.setFillsViewportHeight(true);
        table.setSelectionMode(ListSelectionModel.MULTIPLE_INTERVAL_SELECTION);
        table.setSurrendersFocusOnKeystroke(true);
        final int em = table.getFontMetrics(table.getFont()).charWidth('m');
        table.setRowHeight(Math.max(table.getRowHeight(), table.getFontMetrics(table.getFont()).getHeight() + gap));
        table.getColumnModel().getColumn(0).setPreferredWidth(em * 8);
        table.getColumnModel().getColumn(1).setPreferredWidth(em * 40);
        table.getColumnModel().getColumn(2).setPreferredWidth(em * 10);
        table.getColumnModel().getColumn(3).setPreferredWidth(em * 8);
        final JComboBox<String> voiceEditor = new JComboBox<>(voiceIds);
        voiceEditor.setName("voiceEditor");
        table.getColumnModel().getColumn(2).setCellEditor(new DefaultCellEditor(voiceEditor));
        table.getColumnModel().getColumn(3).setCellRenderer(new DefaultTableCellRenderer() {
            @Override
            public Component getTableCellRendererComponent(JTable t, Object value, boolean selected, boolean focus, int row, int column) {
                super.getTableCellRendererComponent(t, value, selected, focus, row, column);
                final boolean error = "error".equals(value);
                if (!selected) setForeground(error ? Theme.error() : t.getForeground());
                setFont(error ? getFont().deriveFont(Font.BOLD) : getFont());
                return this;
            }
        });
        final int ancestor = JComponent.WHEN_ANCESTOR_OF_FOCUSED_COMPONENT;
        table.getInputMap(ancestor).put(KeyStroke.getKeyStroke(KeyEvent.VK_ENTER, 0), "startEditing");
        table.getInputMap(ancestor).put(KeyStroke.getKeyStroke(KeyEvent.VK_INSERT, 0), "addCue");
        table.getInputMap(ancestor).put(KeyStroke.getKeyStroke(KeyEvent.VK_N, Toolkit.getDefaultToolkit().getMenuShortcutKeyMaskEx()), "addCue");
        table.getInputMap(ancestor).put(KeyStroke.getKeyStroke(KeyEvent.VK_N, InputEvent.CTRL_DOWN_MASK), "addCue");
        table.getInputMap(ancestor).put(KeyStroke.getKeyStroke(KeyEvent.VK_DELETE, 0), "removeCues");
        table.getInputMap(ancestor).put(KeyStroke.getKeyStroke(KeyEvent.VK_SPACE, 0), "playCue");
        table.getActionMap().put("addCue", action(this::addCue));
        table.getActionMap().put("removeCues", action(this::removeSelected));
        table.getActionMap().put("playCue", action(this::playSelected));
        table.getSelectionModel().addListSelectionListener(e -> {
            if (!e.getValueIsAdjusting()) selectionChanged();
        });

        timeline = new TimelineStrip(playhead, this::select);
        details = new PresetDetails(presetsFolder, this::reloadPresets, this::say);
        final JSplitPane left = new JSplitPane(JSplitPane.VERTICAL_SPLIT, new JScrollPane(table), timeline);
        left.setResizeWeight(0.75);
        left.setBorder(BorderFactory.createEmptyBorder());
        final JSplitPane split = new JSplitPane(JSplitPane.HORIZONTAL_SPLIT, left, details);
        split.setResizeWeight(0.7);
        split.setBorder(BorderFactory.createEmptyBorder());
        add(split, BorderLayout.CENTER);
        statusLine.setName("statusLine");
        statusLine.setBorder(BorderFactory.createEmptyBorder(gap, 0, 0, 0));
        add(statusLine, BorderLayout.SOUTH);

        playheadTimer = new Timer(40, e -> timeline.repaint());
        session.addListener(listener);
        show(session.snapshot());
        reloadPresets();
    }

    /** [edt] Starts following the playhead. */
    @Override
    public void addNotify() {
        super.addNotify();
        playheadTimer.start();
    }

    /** [edt] Stops the playhead timer and the preview; the session keeps its listener until {@link #dispose}. */
    @Override
    public void removeNotify() {
        playheadTimer.stop();
        super.removeNotify();
    }

    /** [edt] Lets go of the session and stops the preview. */
    public void dispose() {
        playheadTimer.stop();
        preview.stop();
        session.removeListener(listener);
    }

    /** [edt] The snapshot on screen. */
    public TrackSession.Snapshot shown() {
        return shown;
    }

    /** [edt] The presets folder the picker lists. */
    public Path presetsFolder() {
        return presetsFolder;
    }

    // ---- showing the session -------------------------------------------------------------------

    private void show(TrackSession.Snapshot s) {
        final TrackSession.Snapshot before = shown;
        shown = s;
        final int keptMb = (int) (s.project().audio().budgetBytes() >> 20);
        if (((Number) keepAudio.getValue()).intValue() != keptMb) keepAudio.setValue(keptMb);
        final int[] selected = table.getSelectedRows();
        final boolean sameRows = before != null && before.cues().size() == s.cues().size();
        if (sameRows) {
            if (!s.cues().isEmpty()) model.fireTableRowsUpdated(0, s.cues().size() - 1);
        } else {
            model.fireTableDataChanged();
            for (int r : selected) if (r < s.cues().size()) table.addRowSelectionInterval(r, r);
        }
        long ready = s.cues().stream().filter(c -> c.status() == TrackSession.Status.READY).count();
        final long failed = s.cues().stream().filter(c -> c.status() == TrackSession.Status.ERROR).count();
        progress.setText(ready + " of " + s.cues().size() + " cues ready" + (failed > 0 ? ", " + failed + " failed" : "") + " — " + s.status());
        progress.setForeground(failed > 0 ? Theme.error() : Theme.color("Label.foreground", Color.BLACK));
        cancel.setEnabled(s.busy());
        if (before == null || !before.project().voice().equals(s.project().voice()) || !before.project().otherVoices().equals(s.project().otherVoices())) {
            voicesChanged(s.project());
        }
        timeline.show(s, table.getSelectedRow());
        selectionChanged();
    }

    private void selectionChanged() {
        final int row = table.getSelectedRow();
        timeline.show(shown, row);
        if (row >= 0 && row < shown.cues().size()) {
            final TrackSession.CueState st = shown.cues().get(row);
            if (st.status() == TrackSession.Status.ERROR) {
                statusLine.setText("Cue " + (row + 1) + ": " + st.message());
                statusLine.setForeground(Theme.error());
                return;
            }
        }
        final long failed = shown.cues().stream().filter(c -> c.status() == TrackSession.Status.ERROR).count();
        statusLine.setForeground(failed > 0 ? Theme.error() : Theme.color("Label.foreground", Color.BLACK));
        if (failed > 0) {
            statusLine.setText(shown.cues().stream().filter(c -> c.status() == TrackSession.Status.ERROR).findFirst().get().message());
        } else if (System.nanoTime() - saidAt > MESSAGE_NANOS) {
            statusLine.setText(shown.status());
        }
    }

    /** [edt] Shows {@code message} in the status line (the session's status takes over after a few seconds). */
    void say(String message) {
        saidAt = System.nanoTime();
        statusLine.setForeground(Theme.color("Label.foreground", Color.BLACK));
        statusLine.setText(message);
    }

    private void fail(String message) {
        saidAt = System.nanoTime();
        statusLine.setForeground(Theme.error());
        statusLine.setText(message);
        Toolkit.getDefaultToolkit().beep();
    }

    /** The track's voice changed: the picker, the voice ids, the details (resolved off the EDT). */
    private void voicesChanged(TrackProject p) {
        syncPicker();
        voiceIds.removeAllElements();
        voiceIds.addElement(DEFAULT_VOICE);
        final List<String> ids = new ArrayList<>();
        ids.add(p.voice().id());
        for (TrackProject.Voice v : p.otherVoices()) if (!ids.contains(v.id())) ids.add(v.id());
        if (catalog != null) for (PresetCatalog.Entry e : catalog.entries()) if (e.preset().isPresent() && !ids.contains(e.id())) ids.add(e.id());
        for (String id : ids) voiceIds.addElement(id);
        background(() -> p.voice().resolve(), v -> details.show(v, ""), e -> details.show(null, "The track's voice cannot be used: " + e.getMessage()));
    }

    /** Re-reads the presets folder off the EDT. */
    void reloadPresets() {
        background(() -> PresetCatalog.read(presetsFolder), c -> {
            catalog = c;
            updatingPicker = true;
            picker.removeAllItems();
            for (PresetCatalog.Entry e : c.entries()) picker.addItem(e);
            updatingPicker = false;
            if (c.entries().isEmpty()) pickerError.setText("No presets in " + presetsFolder.toAbsolutePath());
            voicesChanged(shown.project());
        }, e -> pickerError.setText(e.getMessage()));
    }

    /** Selects the track's voice in the picker (by file, else by id), without treating it as a choice. */
    private void syncPicker() {
        final TrackProject.Voice v = shown.project().voice();
        updatingPicker = true;
        try {
            for (int i = 0; i < picker.getItemCount(); i++) {
                final PresetCatalog.Entry e = picker.getItemAt(i);
                if (e.file().equals(v.file())) {
                    picker.setSelectedIndex(i);
                    return;
                }
            }
            for (int i = 0; i < picker.getItemCount(); i++) {
                if (picker.getItemAt(i).preset().isPresent() && picker.getItemAt(i).id().equals(v.id())) {
                    picker.setSelectedIndex(i);
                    return;
                }
            }
            picker.setSelectedIndex(-1);
        } finally {
            updatingPicker = false;
        }
    }

    private void presetChosen() {
        if (updatingPicker) return;
        final PresetCatalog.Entry e = (PresetCatalog.Entry) picker.getSelectedItem();
        if (e == null) return;
        if (e.preset().isEmpty()) {
            pickerError.setText(e.error());
            pickerError.setToolTipText(e.error());
            syncPicker();
            return;
        }
        if (e.file().equals(shown.project().voice().file())) return;
        pickerError.setText("");
        background(() -> TrackProject.Voice.of(e.file()), v -> {
            session.setProject(shown.project().withVoice(v));
            say("Voice: " + v.id() + "; cues in other voices keep their audio");
        }, ex -> {
            pickerError.setText(ex.getMessage());
            pickerError.setToolTipText(ex.getMessage());
            syncPicker();
        });
    }

    // ---- editing -------------------------------------------------------------------------------

    private void edit(List<ProjectCue> cues) {
        session.setProject(shown.project().withCues(cues));
    }

    private void addCue() {
        if (table.isEditing()) return;
        final List<ProjectCue> cues = new ArrayList<>(shown.project().cues());
        final int row = table.getSelectedRow();
        final int at = row < 0 ? cues.size() : row + 1;
        double start = 0;
        if (at > 0) {
            final ProjectCue before = cues.get(at - 1);
            final float[] audio = shown.cues().get(at - 1).audio();
            final double length = audio != null && shown.rate() > 0 ? audio.length / (double) shown.rate() : TrackFiles.expectedSeconds(before.text());
            start = Math.round((before.seconds(shown.tempo()) + length + TrackFiles.GAP_SECONDS) * 1000) / 1000.0;
        }
        cues.add(at, ProjectCue.at(start, "New cue"));
        edit(cues);
        SwingUtilities.invokeLater(() -> {
            table.setRowSelectionInterval(at, at);
            table.editCellAt(at, 1);
            table.requestFocusInWindow();
        });
    }

    private void removeSelected() {
        if (table.isEditing()) return;
        final int[] rows = table.getSelectedRows();
        if (rows.length == 0) return;
        final List<ProjectCue> cues = new ArrayList<>(shown.project().cues());
        for (int i = rows.length - 1; i >= 0; i--) cues.remove(rows[i]);
        edit(cues);
        say("Removed " + rows.length + (rows.length == 1 ? " cue" : " cues"));
    }

    /** [edt] Selects cue {@code i} in the table (a click on the timeline). */
    void select(int i) {
        if (i < 0 || i >= table.getRowCount()) return;
        table.setRowSelectionInterval(i, i);
        table.scrollRectToVisible(table.getCellRect(i, 0, true));
    }

    /** A cue's voice changed in the table: a preset not yet in the project joins its other voices. */
    private void setVoice(int row, String id) {
        final TrackProject p = shown.project();
        final List<ProjectCue> cues = new ArrayList<>(p.cues());
        if (id == null || id.equals(DEFAULT_VOICE)) {
            cues.set(row, cues.get(row).withVoice(Optional.empty()));
            edit(cues);
            return;
        }
        cues.set(row, cues.get(row).withVoice(Optional.of(id)));
        final boolean loaded = id.equals(p.voice().id()) || p.otherVoices().stream().anyMatch(v -> v.id().equals(id));
        if (loaded) {
            edit(cues);
            return;
        }
        final Optional<PresetCatalog.Entry> entry = catalog == null ? Optional.empty() : catalog.usable(id);
        if (entry.isEmpty()) {
            fail("No usable preset \"" + id + "\" in " + presetsFolder.toAbsolutePath());
            return;
        }
        background(() -> TrackProject.Voice.of(entry.get().file()), v -> {
            final List<TrackProject.Voice> others = new ArrayList<>(shown.project().otherVoices());
            others.add(v);
            session.setProject(shown.project().withOtherVoices(others).withCues(cues));
        }, e -> fail(e.getMessage()));
    }

    /** "m:ss.mmm" for seconds, "beat N" for musical cues. */
    static String formatStart(ProjectCue c) {
        if (c.beat().isPresent()) return "beat " + TrackFiles.number(c.beat().getAsDouble());
        final long ms = Math.round(c.start().getAsDouble() * 1000);
        return ms >= 3_600_000
                ? String.format(Locale.ROOT, "%d:%02d:%02d.%03d", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000)
                : String.format(Locale.ROOT, "%d:%02d.%03d", ms / 60_000, ms / 1000 % 60, ms % 1000);
    }

    /** Reads a start as typed: [h:]m:ss.mmm, seconds ("12.5" or "12.5s"), or "beat N"; the cue at its new place. */
    static ProjectCue parseStart(ProjectCue c, String typed) {
        final String s = typed.strip();
        Matcher m = BEAT.matcher(s);
        if (m.matches()) return new ProjectCue(OptionalDouble.empty(), OptionalDouble.of(Double.parseDouble(m.group(1))), c.text(), c.voice(), c.settings());
        m = CLOCK.matcher(s);
        if (m.matches()) {
            final double seconds = (m.group(1) == null ? 0 : Long.parseLong(m.group(1))) * 3600 + Long.parseLong(m.group(2)) * 60 + Double.parseDouble(m.group(3));
            return c.withStart(seconds);
        }
        m = SECONDS.matcher(s);
        if (m.matches()) return c.withStart(Double.parseDouble(m.group(1)));
        throw new IllegalArgumentException("write the start as m:ss.mmm, as seconds (12.5) or as \"beat 8\", not \"" + typed + "\"");
    }

    private final class CueModel extends AbstractTableModel {
        @Override
        public int getRowCount() {
            return shown == null ? 0 : shown.cues().size();
        }

        @Override
        public int getColumnCount() {
            return COLUMNS.length;
        }

        @Override
        public String getColumnName(int c) {
            return COLUMNS[c];
        }

        @Override
        public boolean isCellEditable(int row, int column) {
            return column < 3;
        }

        @Override
        public Object getValueAt(int row, int column) {
            final ProjectCue c = shown.project().cues().get(row);
            return switch (column) {
                case 0 -> formatStart(c);
                case 1 -> c.text();
                case 2 -> c.voice().orElse(DEFAULT_VOICE);
                default -> shown.cues().get(row).status().name().toLowerCase(Locale.ROOT);
            };
        }

        @Override
        public void setValueAt(Object value, int row, int column) {
            if (row >= shown.project().cues().size()) return;
            final List<ProjectCue> cues = new ArrayList<>(shown.project().cues());
            final ProjectCue c = cues.get(row);
            try {
                switch (column) {
                    case 0 -> {
                        final ProjectCue moved = parseStart(c, String.valueOf(value));
                        if (moved.equals(c)) return;
                        cues.set(row, moved);
                        edit(cues);
                    }
                    case 1 -> {
                        final String text = String.valueOf(value).strip();
                        if (text.equals(c.text())) return;
                        if (text.isEmpty()) throw new IllegalArgumentException("a cue needs text (Delete removes the cue)");
                        cues.set(row, c.withText(text));
                        edit(cues);
                    }
                    case 2 -> {
                        final String id = String.valueOf(value);
                        final TrackProject p = shown.project();
                        final boolean loaded = id.equals(DEFAULT_VOICE) || id.equals(p.voice().id()) || p.otherVoices().stream().anyMatch(v -> v.id().equals(id));
                        if (id.equals(c.voice().orElse(DEFAULT_VOICE)) && loaded) return;
                        setVoice(row, id);
                    }
                    default -> { }
                }
            } catch (IllegalArgumentException e) {
                fail(e.getMessage());
            }
        }
    }

    // ---- render, preview -----------------------------------------------------------------------

    /** Whether there is a rate to render at (a host that has not started processing has none yet). */
    private boolean rateKnown() {
        if (rate.getAsInt() > 0) return true;
        fail("No sample rate yet: the host has not started the plugin's audio");
        return false;
    }

    private void playSelected() {
        final int row = table.getSelectedRow();
        if (row < 0) {
            fail("Select a cue to play");
            return;
        }
        final TrackSession.CueState st = shown.cues().get(row);
        if (st.audio() == null) {
            fail("Cue " + (row + 1) + " is " + st.status().name().toLowerCase(Locale.ROOT) + ": render it first");
            return;
        }
        say("Playing cue " + (row + 1));
        preview.play(st.audio(), shown.rate(), shown.project().cues().get(row).seconds(shown.tempo()),
                m -> SwingUtilities.invokeLater(() -> fail(m)), () -> { });
    }

    // ---- import, export ------------------------------------------------------------------------

    private void chooseImport() {
        final JFileChooser chooser = new JFileChooser(".");
        chooser.setDialogTitle("Import script");
        chooser.setFileFilter(new FileNameExtensionFilter("Scripts (.txt, .srt, .vtt, .cues)", "txt", "srt", "vtt", "cues"));
        if (chooser.showOpenDialog(this) == JFileChooser.APPROVE_OPTION) importScript(chooser.getSelectedFile().toPath());
    }

    /**
     * [edt] Replaces the cues with those of a script, read off the EDT. Voices the cues name that the
     * track lacks are loaded from the presets folder when it has them; others fail at render, by name.
     */
    public void importScript(Path file) {
        final TrackProject before = shown.project();
        final PresetCatalog presets = catalog;
        background(() -> {
            final List<ProjectCue> cues = TrackFiles.importScript(file);
            final List<TrackProject.Voice> others = new ArrayList<>(before.otherVoices());
            for (ProjectCue c : cues) {
                final String id = c.voice().orElse(before.voice().id());
                if (id.equals(before.voice().id()) || others.stream().anyMatch(v -> v.id().equals(id))) continue;
                final Optional<PresetCatalog.Entry> e = presets == null ? Optional.empty() : presets.usable(id);
                if (e.isPresent()) others.add(TrackProject.Voice.of(e.get().file()));
            }
            return before.withOtherVoices(others).withCues(cues);
        }, p -> {
            session.setProject(shown.project().withOtherVoices(p.otherVoices()).withCues(p.cues()));
            say("Imported " + p.cues().size() + " cues from " + file.getFileName());
        }, e -> fail(e.getMessage()));
    }

    /** What an export writes, as the studio's "Export…" offers it. */
    public enum ExportKind {
        WAV_24("Track as WAV, 24-bit (with .srt and .vtt)", "wav"),
        WAV_FLOAT("Track as WAV, 32-bit float (with .srt and .vtt)", "wav"),
        CUE_WAVS("Each cue as WAV, 24-bit (choose a folder)", ""),
        SRT("Subtitles, SRT (actual timings)", "srt"),
        VTT("Subtitles, WebVTT (actual timings)", "vtt"),
        TEXT("Plain text, one paragraph per cue", "txt"),
        CUES("Cue sheet (.cues)", "cues");

        public final String label, extension;

        ExportKind(String label, String extension) {
            this.label = label;
            this.extension = extension;
        }
    }

    private void chooseExport() {
        final JFileChooser chooser = new JFileChooser(".");
        chooser.setDialogTitle("Export");
        chooser.setAcceptAllFileFilterUsed(false);
        final List<FileNameExtensionFilter> filters = new ArrayList<>();
        for (ExportKind k : ExportKind.values()) {
            final FileNameExtensionFilter f = k.extension.isEmpty() ? new FileNameExtensionFilter(k.label, "wav") : new FileNameExtensionFilter(k.label, k.extension);
            filters.add(f);
            chooser.addChoosableFileFilter(f);
        }
        chooser.setFileFilter(filters.get(0));
        if (chooser.showSaveDialog(this) != JFileChooser.APPROVE_OPTION) return;
        final ExportKind kind = ExportKind.values()[filters.indexOf((FileNameExtensionFilter) chooser.getFileFilter())];
        Path file = chooser.getSelectedFile().toPath();
        if (!kind.extension.isEmpty() && !file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith("." + kind.extension)) {
            file = file.resolveSibling(file.getFileName() + "." + kind.extension);
        }
        export(kind, file);
    }

    /**
     * [edt] Writes the track off the EDT: a WAV with .srt and .vtt beside it, a folder of cue WAVs, or a
     * script; {@code done} hears the files written (on the EDT), not called when the export fails.
     */
    public void export(ExportKind kind, Path file, Consumer<List<Path>> done) {
        final TrackSession.Snapshot s = shown;
        background(() -> {
            final List<Path> files = new ArrayList<>();
            switch (kind) {
                case WAV_24, WAV_FLOAT -> {
                    TrackFiles.exportWav(s, file, kind == ExportKind.WAV_24 ? WavFile.Format.PCM24 : WavFile.Format.FLOAT32);
                    files.add(file);
                    for (String ext : new String[] {"srt", "vtt"}) {
                        final Path sub = TrackFiles.sibling(file, ext);
                        TrackFiles.exportScript(s, sub);
                        files.add(sub);
                    }
                }
                case CUE_WAVS -> files.addAll(TrackFiles.exportCueWavs(s, file, WavFile.Format.PCM24));
                default -> {
                    TrackFiles.exportScript(s, file);
                    files.add(file);
                }
            }
            return files;
        }, files -> {
            say("Exported " + files.get(0) + (files.size() > 1 ? " and " + (files.size() - 1) + " more" : ""));
            done.accept(files);
        }, e -> fail("Cannot export: " + e.getMessage()));
    }

    /** [edt] As {@link #export(ExportKind, Path, Consumer)}. */
    public void export(ExportKind kind, Path file) {
        export(kind, file, files -> { });
    }

    // ---- helpers -------------------------------------------------------------------------------

    /** Runs {@code work} on a worker thread; {@code done} or {@code failed} on the EDT. */
    private static <T> void background(Callable<T> work, Consumer<T> done, Consumer<Exception> failed) {
        new SwingWorker<T, Void>() {
            @Override
            protected T doInBackground() throws Exception {
                return work.call();
            }

            @Override
            protected void done() {
                try {
                    done.accept(get());
                } catch (ExecutionException e) {
                    failed.accept(e.getCause() instanceof Exception x ? x : new IOException(e.getCause()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }.execute();
    }

    private static AbstractAction action(Runnable r) {
        return new AbstractAction() {
            @Override
            public void actionPerformed(ActionEvent e) {
                r.run();
            }
        };
    }
}
