package org.understudy.ui;

import com.formdev.flatlaf.FlatDarkLaf;
import java.awt.BorderLayout;
import java.awt.Frame;
import java.awt.GraphicsEnvironment;
import java.lang.reflect.InvocationTargetException;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.swing.JFrame;
import javax.swing.SwingUtilities;
import javax.swing.UIManager;
import org.understudy.daw.EditorState;

/**
 * The Swing editor inside the host's window: an {@code XEmbeddedFrame} parented to the X11 window
 * the host gave the shim. Everything here runs on the event-dispatch thread.
 */
public final class EmbeddedEditor {
    private static final Logger LOG = Logger.getLogger("understudy.ui");
    private static boolean lookAndFeelReady;

    private Frame frame;
    private TrackEditorPanel panel;

    private EmbeddedEditor() {}

    /** [bridge-thread] Opens the editor in {@code parentWindow}; failures are logged, never thrown to the host. */
    public static EmbeddedEditor open(long parentWindow, int width, int height, Supplier<EditorState> state) {
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
                editor.panel = new TrackEditorPanel(state);
                editor.frame = embeddedFrame(parentWindow);
                editor.frame.setLayout(new BorderLayout());
                editor.frame.add(editor.panel, BorderLayout.CENTER);
                editor.frame.setSize(width, height);
                editor.frame.setVisible(true);
                editor.panel.start();
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
            if (panel != null) panel.stop();
            if (frame != null) frame.dispose();
            frame = null;
            panel = null;
        });
    }

    private static void setUpLookAndFeel(ClassLoader loader) {
        if (lookAndFeelReady) return;
        UIManager.put("ClassLoader", loader);              // host threads carry no context class loader
        FlatDarkLaf.setup();
        JFrame.setDefaultLookAndFeelDecorated(false);
        lookAndFeelReady = true;
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
