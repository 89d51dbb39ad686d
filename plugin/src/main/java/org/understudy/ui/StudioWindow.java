package org.understudy.ui;

import java.awt.Toolkit;
import java.awt.event.KeyEvent;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.swing.ButtonGroup;
import javax.swing.JFileChooser;
import javax.swing.JFrame;
import javax.swing.JMenu;
import javax.swing.JMenuBar;
import javax.swing.JMenuItem;
import javax.swing.JOptionPane;
import javax.swing.JRadioButtonMenuItem;
import javax.swing.KeyStroke;
import javax.swing.SwingUtilities;
import javax.swing.filechooser.FileNameExtensionFilter;
import org.understudy.project.Engine;
import org.understudy.project.TrackProject;
import org.understudy.project.TrackSession;

/**
 * The standalone window ({@code understudy studio}): one track editor with a File menu (New, Open…,
 * Save, Save As… of the track JSON, the same bytes as the plugin's state; Import script…, Export…),
 * a Render menu for the export rate (44.1, 48 or 96 kHz) and a View menu for light or dark. The
 * playhead is the preview's position. [edt]
 */
public final class StudioWindow extends JFrame {
    public static final int[] RATES = {44100, 48000, 96000};
    private final TrackSession session;
    private final TrackEditor editor;
    private final CuePreview preview = new CuePreview();
    private volatile int rate = 48000;
    private Path file;
    private byte[] saved;

    /** [edt] A window on {@code project} (saved as {@code file}, null for a new one), rendering on {@code engine}. */
    public StudioWindow(Engine engine, TrackProject project, Path file, Path presetsFolder) {
        super("Understudy");
        setName("studio");
        this.session = new TrackSession(engine, project);
        this.file = file;
        this.saved = file == null ? null : project.toBytes();
        editor = new TrackEditor(session, preview::position, () -> rate, () -> session.snapshot().tempo(), presetsFolder, preview);
        setContentPane(editor);
        setJMenuBar(menus());
        session.addListener(s -> SwingUtilities.invokeLater(this::title));
        title();
        setDefaultCloseOperation(DO_NOTHING_ON_CLOSE);
        addWindowListener(new WindowAdapter() {
            @Override
            public void windowClosing(WindowEvent e) {
                if (confirmDiscard()) {
                    editor.dispose();
                    dispose();
                }
            }
        });
        final int line = getFontMetrics(getFont() == null ? editor.getFont() : getFont()).getHeight();
        setSize(line * 64, line * 36);
        setLocationByPlatform(true);
    }

    /** [any-thread] A new track: one voice, guide-low from the presets folder, no cues. */
    public static TrackProject newProject(Path presetsFolder) throws IOException {
        return new TrackProject(TrackProject.Voice.of(presetsFolder.resolve("guide-low.json")), List.of(), List.of());
    }

    public TrackEditor editor() {
        return editor;
    }

    public TrackSession session() {
        return session;
    }

    /** [any-thread] The export rate renders use. */
    public int rate() {
        return rate;
    }

    private JMenuBar menus() {
        final int shortcut = Toolkit.getDefaultToolkit().getMenuShortcutKeyMaskEx();
        final JMenuBar bar = new JMenuBar();
        final JMenu fileMenu = new JMenu("File");
        fileMenu.setName("fileMenu");
        fileMenu.setMnemonic(KeyEvent.VK_F);
        fileMenu.add(item("New", "new", KeyStroke.getKeyStroke(KeyEvent.VK_N, shortcut | KeyEvent.SHIFT_DOWN_MASK), this::newTrack));
        fileMenu.add(item("Open…", "open", KeyStroke.getKeyStroke(KeyEvent.VK_O, shortcut), this::open));
        fileMenu.add(item("Save", "save", KeyStroke.getKeyStroke(KeyEvent.VK_S, shortcut), this::save));
        fileMenu.add(item("Save As…", "saveAs", KeyStroke.getKeyStroke(KeyEvent.VK_S, shortcut | KeyEvent.SHIFT_DOWN_MASK), this::saveAs));
        fileMenu.addSeparator();
        fileMenu.add(item("Import script…", "importScriptMenu", KeyStroke.getKeyStroke(KeyEvent.VK_I, shortcut), () -> click("importScript")));
        fileMenu.add(item("Export…", "exportMenu", KeyStroke.getKeyStroke(KeyEvent.VK_E, shortcut), () -> click("export")));
        fileMenu.addSeparator();
        fileMenu.add(item("Close", "close", KeyStroke.getKeyStroke(KeyEvent.VK_W, shortcut),
                () -> dispatchEvent(new WindowEvent(this, WindowEvent.WINDOW_CLOSING))));
        bar.add(fileMenu);

        final JMenu render = new JMenu("Render");
        render.setName("renderMenu");
        final ButtonGroup rates = new ButtonGroup();
        for (int r : RATES) {
            final JRadioButtonMenuItem i = new JRadioButtonMenuItem(String.format("Export rate %.1f kHz", r / 1000.0), r == rate);
            i.setName("rate" + r);
            i.addActionListener(e -> {
                rate = r;
                editor.say("Renders at " + r + " Hz from now on; render again to hear it");
            });
            rates.add(i);
            render.add(i);
        }
        bar.add(render);

        final JMenu view = new JMenu("View");
        view.setName("viewMenu");
        final ButtonGroup themes = new ButtonGroup();
        for (boolean dark : new boolean[] {false, true}) {
            final JRadioButtonMenuItem i = new JRadioButtonMenuItem(dark ? "Dark" : "Light", dark == Theme.isDark());
            i.setName(dark ? "dark" : "light");
            i.addActionListener(e -> Theme.apply(dark, true));
            themes.add(i);
            view.add(i);
        }
        bar.add(view);
        return bar;
    }

    private static JMenuItem item(String label, String name, KeyStroke key, Runnable action) {
        final JMenuItem i = new JMenuItem(label);
        i.setName(name);
        i.setAccelerator(key);
        i.addActionListener(e -> action.run());
        return i;
    }

    /** Presses the editor's button of that name (its import and export live there, for the plugin too). */
    private void click(String name) {
        final javax.swing.JButton b = find(editor, name);
        if (b != null) b.doClick();
    }

    private static javax.swing.JButton find(java.awt.Container c, String name) {
        for (java.awt.Component k : c.getComponents()) {
            if (k instanceof javax.swing.JButton b && name.equals(b.getName())) return b;
            if (k instanceof java.awt.Container inner) {
                final javax.swing.JButton b = find(inner, name);
                if (b != null) return b;
            }
        }
        return null;
    }

    private boolean modified() {
        final byte[] now = session.snapshot().project().toBytes();
        return saved == null ? !session.snapshot().project().cues().isEmpty() : !Arrays.equals(saved, now);
    }

    private void title() {
        setTitle((modified() ? "• " : "") + (file == null ? "Untitled" : file.getFileName().toString()) + " — Understudy");
    }

    private boolean confirmDiscard() {
        if (!modified()) return true;
        return JOptionPane.showConfirmDialog(this, "Discard the changes to " + (file == null ? "this track" : file.getFileName()) + "?",
                "Understudy", JOptionPane.OK_CANCEL_OPTION, JOptionPane.WARNING_MESSAGE) == JOptionPane.OK_OPTION;
    }

    private void newTrack() {
        if (!confirmDiscard()) return;
        try {
            session.setProject(newProject(editor.presetsFolder()));
            file = null;
            saved = null;
            title();
        } catch (IOException e) {
            editor.say("Cannot start a new track: " + e.getMessage());
        }
    }

    private JFileChooser chooser() {
        final JFileChooser c = new JFileChooser(file == null ? Path.of(".").toFile() : file.toAbsolutePath().getParent().toFile());
        c.setFileFilter(new FileNameExtensionFilter("Understudy tracks (.json)", "json"));
        return c;
    }

    private void open() {
        if (!confirmDiscard()) return;
        final JFileChooser c = chooser();
        if (c.showOpenDialog(this) == JFileChooser.APPROVE_OPTION) open(c.getSelectedFile().toPath());
    }

    /** [edt] Opens a track file into this window (its cues keep their audio where unchanged). */
    public void open(Path f) {
        try {
            final byte[] bytes = Files.readAllBytes(f);
            session.setProject(TrackProject.parse(bytes));
            file = f;
            saved = session.snapshot().project().toBytes();
            title();
            editor.say("Opened " + f);
        } catch (IOException | TrackProject.InvalidProjectException e) {
            JOptionPane.showMessageDialog(this, "Cannot open " + f + ":\n" + e.getMessage(), "Understudy", JOptionPane.ERROR_MESSAGE);
        }
    }

    private void save() {
        if (file == null) saveAs();
        else saveTo(file);
    }

    private void saveAs() {
        final JFileChooser c = chooser();
        if (c.showSaveDialog(this) != JFileChooser.APPROVE_OPTION) return;
        Path f = c.getSelectedFile().toPath();
        if (!f.getFileName().toString().endsWith(".json")) f = f.resolveSibling(f.getFileName() + ".json");
        saveTo(f);
    }

    /** [edt] Writes the track JSON (the plugin state's bytes) to {@code f}, with its rendered audio up to the project's audio budget. */
    public void saveTo(Path f) {
        final TrackSession.Snapshot s = session.snapshot();
        final java.util.List<float[]> ready = s.cues().stream().map(c -> c.status() == TrackSession.Status.READY ? c.audio() : null).toList();
        final byte[] bytes = (s.rate() > 0 ? s.project().withRenderedAudio(ready, s.rate()) : s.project()).toBytes();
        try {
            final Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
            Files.write(tmp, bytes);
            Files.move(tmp, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            file = f;
            saved = s.project().toBytes();                      // what the editor changes; the audio follows from it
            title();
            editor.say("Saved " + f);
        } catch (IOException e) {
            JOptionPane.showMessageDialog(this, "Cannot save " + f + ":\n" + e.getMessage(), "Understudy", JOptionPane.ERROR_MESSAGE);
        }
    }
}
