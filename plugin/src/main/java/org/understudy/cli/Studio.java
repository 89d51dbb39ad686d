package org.understudy.cli;

import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import javax.swing.SwingUtilities;
import org.understudy.project.Engine;
import org.understudy.project.TrackProject;
import org.understudy.ui.StudioWindow;
import org.understudy.ui.Theme;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code understudy studio [PROJECT.json]}: the track editor in a window of its own; returns when it closes. */
@Command(name = "studio", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Opens the track editor in a window: cues, voice preset, render, preview, import and export.",
                "A new track starts with presets/guide-low.json as its voice."})
final class Studio implements Callable<Integer> {
    @Parameters(paramLabel = "PROJECT.json", arity = "0..1", description = "A track saved by the studio (or a plugin state's payload).")
    Path project;
    @Option(names = "--presets", paramLabel = "DIR", defaultValue = "presets", description = "Folder of voice presets (default: ${DEFAULT-VALUE}).")
    Path presets;
    @Option(names = "--dark", description = "Dark theme (also UNDERSTUDY_THEME=dark).")
    boolean dark;

    @Override
    public Integer call() throws Exception {
        if (GraphicsEnvironment.isHeadless()) throw new IOException("the studio needs a display (DISPLAY is not set)");
        final TrackProject track;
        if (project != null && Files.exists(project)) {
            track = TrackProject.parse(Files.readAllBytes(project));
        } else {
            track = StudioWindow.newProject(presets);
        }
        final CountDownLatch closed = new CountDownLatch(1);
        final AtomicReference<Exception> failed = new AtomicReference<>();
        SwingUtilities.invokeAndWait(() -> {
            try {
                Theme.apply(dark || Theme.darkByDefault(), false);
                final StudioWindow w = new StudioWindow(Engine.shared(), track, project, presets);
                w.addWindowListener(new java.awt.event.WindowAdapter() {
                    @Override
                    public void windowClosed(java.awt.event.WindowEvent e) {
                        closed.countDown();
                    }
                });
                w.setVisible(true);
            } catch (RuntimeException e) {
                failed.set(e);
                closed.countDown();
            }
        });
        closed.await();
        if (failed.get() != null) throw failed.get();
        return 0;
    }
}
