package org.understudy.ui;

import java.awt.BorderLayout;
import java.awt.Frame;
import java.awt.GraphicsEnvironment;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.DoubleSupplier;
import java.util.function.IntSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.swing.JFrame;
import javax.swing.SwingUtilities;
import javax.swing.UIManager;
import org.understudy.project.Engine;
import org.understudy.project.TrackProject;
import org.understudy.project.TrackSession;

/**
 * The Swing editor inside the host's window: an {@code XEmbeddedFrame} parented to the X11 window
 * the host gave the shim. Everything here runs on the event-dispatch thread.
 */
public final class EmbeddedEditor {
    private static final Logger LOG = Logger.getLogger("understudy.ui");
    private static boolean lookAndFeelReady;

    private Frame frame;
    private TrackEditor panel;

    private EmbeddedEditor() {}

    /**
     * [bridge-thread] Opens the editor of {@code session} in {@code parentWindow}: the host playhead in
     * seconds, renders at the host rate, beat cues drawn at the host tempo, presets from
     * {@code presetsFolder}. Failures are logged, never thrown to the host.
     */
    public static EmbeddedEditor open(long parentWindow, int width, int height, TrackSession session, DoubleSupplier playhead,
                                      IntSupplier rate, DoubleSupplier tempo, Path presetsFolder) {
        final EmbeddedEditor editor = new EmbeddedEditor();
        if (GraphicsEnvironment.isHeadless()) {
            LOG.warning("no display: the editor cannot open (the Java engine started headless)");
            return editor;
        }
        final ClassLoader loader = EmbeddedEditor.class.getClassLoader();
        SwingUtilities.invokeLater(() -> {
            Thread.currentThread().setContextClassLoader(loader);
            try {
                setUpLookAndFeel(loader);
                editor.panel = new TrackEditor(session, playhead, rate, tempo, presetsFolder, new CuePreview());
                editor.frame = embeddedFrame(parentWindow);
                editor.frame.setLayout(new BorderLayout());
                editor.frame.add(editor.panel, BorderLayout.CENTER);
                editor.frame.setSize(width, height);
                editor.frame.setVisible(true);
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.log(Level.SEVERE, "cannot embed the editor in the host window", e);
            }
        });
        return editor;
    }

    /** [bridge-thread] */
    public void resize(int width, int height) {
        SwingUtilities.invokeLater(() -> {
            if (frame != null) {
                frame.setSize(width, height);
                frame.validate();
            }
        });
    }

    /** [bridge-thread] */
    public void close() {
        SwingUtilities.invokeLater(() -> {
            if (panel != null) panel.dispose();
            if (frame != null) frame.dispose();
            frame = null;
            panel = null;
        });
    }

    private static void setUpLookAndFeel(ClassLoader loader) {
        if (lookAndFeelReady) return;
        UIManager.put("ClassLoader", loader);              // host threads carry no context class loader
        Theme.apply(Theme.darkByDefault(), false);   // light unless understudy.theme / UNDERSTUDY_THEME say dark
        JFrame.setDefaultLookAndFeelDecorated(false);
        lookAndFeelReady = true;
    }

    /**
     * [any-thread] The plugin's presets: {@code ~/.config/understudy/presets} (under {@code
     * $XDG_CONFIG_HOME} when set) if it exists, else the {@code presets} folder of the bundle beside
     * the plugin's jar.
     */
    public static Path defaultPresetsFolder() {
        final String xdg = System.getenv("XDG_CONFIG_HOME");
        final Path config = (xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config"))
                .resolve("understudy").resolve("presets");
        if (Files.isDirectory(config)) return config;
        try {
            final Path jar = Path.of(EmbeddedEditor.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path p = jar.getParent(); p != null; p = p.getParent()) if (Files.isDirectory(p.resolve("presets"))) return p.resolve("presets");
        } catch (java.net.URISyntaxException | RuntimeException e) {
            // no code source: fall back to the config folder, which the picker reports as empty
        }
        return config;
    }

    /** {@code new sun.awt.X11.XEmbeddedFrame(parent, true)}, by reflection: the class is JDK-internal. */
    private static Frame embeddedFrame(long parentWindow) throws ReflectiveOperationException {
        final Class<?> type = Class.forName("sun.awt.X11.XEmbeddedFrame");
        try {
            return (Frame) type.getConstructor(long.class, boolean.class).newInstance(parentWindow, true);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("XEmbeddedFrame refused window " + parentWindow, e.getCause());
        }
    }
}
