package org.understudy.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.assertj.swing.data.TableCell;
import org.assertj.swing.edt.GuiActionRunner;
import org.assertj.swing.fixture.FrameFixture;
import org.assertj.swing.fixture.JTableFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.understudy.engine.audio.WavFile;
import org.understudy.engine.render.RenderCache;
import org.understudy.engine.render.RenderService;
import org.understudy.engine.script.Cue;
import org.understudy.engine.script.ScriptReader;
import org.understudy.engine.text.CmuDict;
import org.understudy.engine.text.Frontend;
import org.understudy.engine.text.Lexicon;
import org.understudy.project.Engine;
import org.understudy.project.TrackProject;
import org.understudy.project.TrackProject.ProjectCue;
import org.understudy.project.TrackSession;

/**
 * The studio window driven as a user would (AssertJ Swing's robot), over a real engine with a cache in a
 * temporary folder and the real guide presets. Needs a display: {@code xvfb-run -a ./mvnw verify}.
 */
class StudioWindowTest {
    static final Path PRESETS = Path.of("..", "presets").toAbsolutePath().normalize();
    static final long TIMEOUT_MS = 120_000;

    @TempDir
    Path dir;
    FrameFixture window;
    StudioWindow studio;

    @BeforeEach
    void open() throws Exception {
        // without a display these tests skip locally; on CI (which runs them under xvfb-run) they must run
        if (System.getenv("CI") == null) org.junit.jupiter.api.Assumptions.assumeFalse(java.awt.GraphicsEnvironment.isHeadless(), "no display: run under xvfb-run -a");
        final Engine engine = new Engine(new RenderService(new Frontend(CmuDict.empty(), Lexicon.EMPTY, null), new RenderCache(dir.resolve("cache"))));
        final TrackProject project = StudioWindow.newProject(PRESETS).withCues(List.of(
                ProjectCue.at(0, "Good evening."), ProjectCue.at(2, "The story begins here."), ProjectCue.at(4.5, "And so it ends.")));
        studio = GuiActionRunner.execute(() -> {
            Theme.apply(false, false);
            return new StudioWindow(engine, project, null, PRESETS);
        });
        window = new FrameFixture(studio);
        window.show();
    }

    @AfterEach
    void close() {
        if (window != null) window.cleanUp();
    }

    @Test
    void editsPresetsRendersAndReRendersOnlyWhatChanged() throws Exception {
        final JTableFixture table = window.table("cues");
        window.label("aiBadge").requireVisible().requireText("AI voice");
        table.requireRowCount(3).requireColumnCount(4);
        assertEquals("dirty", table.valueAt(TableCell.row(0).column(3)));

        table.enterValue(TableCell.row(0).column(1), "Good morning.");
        waitFor(() -> "Good morning.".equals(studio.session().snapshot().project().cues().get(0).text()), "the edit reaches the session");
        assertEquals("Good morning.", table.valueAt(TableCell.row(0).column(1)));

        window.comboBox("presetPicker").selectItem(Pattern.compile("guide-high.*"));
        waitFor(() -> "guide-high".equals(studio.session().snapshot().project().voice().id()), "the preset change reaches the session");

        window.button("renderDirty").click();
        waitForReady(table, 3);
        assertEquals(48000, studio.session().snapshot().rate());
        window.label("progress").requireText(Pattern.compile("3 of 3 cues ready.*"));

        // one cue's text changes: only it renders again, the others stay ready throughout
        final List<TrackSession.Snapshot> seen = new CopyOnWriteArrayList<>();
        studio.session().addListener(seen::add);
        table.enterValue(TableCell.row(1).column(1), "The story begins now.");
        waitFor(() -> "dirty".equals(table.valueAt(TableCell.row(1).column(3))), "the edited cue turns dirty");
        assertEquals("ready", table.valueAt(TableCell.row(0).column(3)));
        assertEquals("ready", table.valueAt(TableCell.row(2).column(3)));
        window.button("renderDirty").click();
        waitForReady(table, 3);
        assertTrue(seen.stream().anyMatch(s -> s.cues().get(1).status() == TrackSession.Status.RENDERING), "cue 2 rendered again");
        for (TrackSession.Snapshot s : seen) {
            assertEquals(TrackSession.Status.READY, s.cues().get(0).status(), "cue 1 stays ready: " + s.status());
            assertEquals(TrackSession.Status.READY, s.cues().get(2).status(), "cue 3 stays ready: " + s.status());
        }

        // a per-cue voice override from the presets folder joins the project's other voices
        table.enterValue(TableCell.row(2).column(2), "guide-low");
        waitFor(() -> studio.session().snapshot().project().otherVoices().stream().anyMatch(v -> v.id().equals("guide-low")), "guide-low joins the voices");
        assertEquals("dirty", table.valueAt(TableCell.row(2).column(3)));
        assertEquals("ready", table.valueAt(TableCell.row(0).column(3)));
        window.button("renderDirty").click();
        waitForReady(table, 3);

        // back to guide-low for the track: cue 3, which names guide-low itself, keeps its audio
        window.comboBox("presetPicker").selectItem(Pattern.compile("guide-low.*"));
        waitFor(() -> "guide-low".equals(studio.session().snapshot().project().voice().id()), "the track voice is guide-low again");
        assertEquals("dirty", table.valueAt(TableCell.row(0).column(3)));
        assertEquals("dirty", table.valueAt(TableCell.row(1).column(3)));
        assertEquals("ready", table.valueAt(TableCell.row(2).column(3)));
        window.button("renderDirty").click();
        waitForReady(table, 3);

        // keyboard: Insert adds a cue after the selection, Delete removes it
        table.selectRows(2);
        table.pressAndReleaseKeys(java.awt.event.KeyEvent.VK_INSERT);
        waitFor(() -> studio.session().snapshot().project().cues().size() == 4, "Insert adds a cue");
        window.robot().pressAndReleaseKeys(java.awt.event.KeyEvent.VK_ESCAPE);
        table.selectRows(3);
        table.pressAndReleaseKeys(java.awt.event.KeyEvent.VK_DELETE);
        waitFor(() -> studio.session().snapshot().project().cues().size() == 3, "Delete removes it");
    }

    @Test
    void importsACueSheetAndExportsWavAndSubtitles() throws Exception {
        final Path sheet = dir.resolve("scene.cues");
        Files.writeString(sheet, "# understudy-cues 1\n\n@ 0.5s\nFirst line.\n\n@ 00:00:03.000 voice=nobody\nSecond line.\n\n@ 5s voice=guide-high\nThird line.\n");
        window.button("importScript").click();
        window.fileChooser().selectFile(sheet.toFile()).approve();
        final JTableFixture table = window.table("cues");
        waitFor(() -> table.rowCount() == 3, "the import replaces the cues");
        assertEquals("0:00.500", table.valueAt(TableCell.row(0).column(0)));
        assertEquals("nobody", table.valueAt(TableCell.row(1).column(2)));
        assertEquals("Second line.", table.valueAt(TableCell.row(1).column(1)));
        assertEquals("guide-high", table.valueAt(TableCell.row(2).column(2)));
        assertEquals(List.of("guide-high"), studio.session().snapshot().project().otherVoices().stream().map(TrackProject.Voice::id).toList(),
                "a voice the presets folder has is loaded with the import");

        // "nobody" is no preset: the render fails with the engine's message, shown at the cue
        window.button("renderAll").click();
        waitFor(() -> studio.session().snapshot().settled(), "the render settles");
        assertEquals("error", table.valueAt(TableCell.row(1).column(3)));
        assertTrue(studio.session().snapshot().cues().get(1).message().contains("nobody"), studio.session().snapshot().cues().get(1).message());
        window.label("statusLine").requireText(Pattern.compile(".*nobody.*"));

        table.enterValue(TableCell.row(1).column(2), "guide-high");
        waitFor(() -> studio.session().snapshot().project().cues().get(1).voice().equals(java.util.Optional.of("guide-high")), "the cue's voice changes");
        window.button("renderDirty").click();
        waitForReady(table, 3);

        final Path wav = dir.resolve("scene.wav");
        final CountDownLatch written = new CountDownLatch(1);
        final List<Path> files = new ArrayList<>();
        GuiActionRunner.execute(() -> studio.editor().export(TrackEditor.ExportKind.WAV_24, wav, f -> {
            files.addAll(f);
            written.countDown();
        }));
        assertTrue(written.await(30, TimeUnit.SECONDS), "the export finishes");
        assertEquals(List.of(wav, dir.resolve("scene.srt"), dir.resolve("scene.vtt")), files);
        final TrackSession.Snapshot s = studio.session().snapshot();
        final WavFile.Audio audio = WavFile.read(wav);
        assertEquals(48000, audio.sampleRate());
        final double secondEnd = 3.0 + s.cues().get(1).audio().length / 48000.0;
        final double end = Math.max(secondEnd, 5.0 + s.cues().get(2).audio().length / 48000.0);
        assertEquals(Math.ceil(end * 48000), audio.frames(), 1);
        final List<Cue> srt = ScriptReader.read(dir.resolve("scene.srt")).cues();
        assertEquals(3, srt.size());
        assertEquals(0.5, srt.get(0).start().getAsDouble(), 1e-3);
        assertEquals(0.5 + s.cues().get(0).audio().length / 48000.0, srt.get(0).end().getAsDouble(), 1e-3);
        assertEquals(secondEnd, srt.get(1).end().getAsDouble(), 1e-3);
        double energy = 0;
        for (int i = (int) (3.0 * 48000); i < (int) (secondEnd * 48000); i++) energy += audio.samples()[0][i] * audio.samples()[0][i];
        assertTrue(energy > 1, "the second cue is in the mix at 3 s");
    }

    @Test
    void savedProjectsKeepTheirAudioWithinTheChosenBudget() throws Exception {
        window.spinner("keepAudio").enterTextAndCommit("50");
        waitFor(() -> studio.session().snapshot().project().audio().budgetBytes() == 50L << 20, "the budget reaches the project");
        window.button("renderAll").click();
        waitForReady(window.table("cues"), 3);
        final Path file = dir.resolve("kept.json");
        GuiActionRunner.execute(() -> studio.saveTo(file));
        final TrackProject saved = TrackProject.parse(Files.readAllBytes(file));
        assertEquals(3, saved.audio().clips().size(), "every rendered cue kept");
        for (int i = 0; i < 3; i++) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(studio.session().snapshot().cues().get(i).audio(),
                    saved.audio().samples(saved.audioKey(i, 48000), 48000).orElseThrow(), "cue " + (i + 1) + " comes back exactly");
        }
        window.spinner("keepAudio").enterTextAndCommit("0");
        waitFor(() -> studio.session().snapshot().project().audio().budgetBytes() == 0, "no budget");
        GuiActionRunner.execute(() -> studio.saveTo(file));
        assertEquals(0, TrackProject.parse(Files.readAllBytes(file)).audio().clips().size(), "nothing kept without a budget");
    }

    @Test
    void writesScreenshotsLightAndDark() throws Exception {
        final TrackProject.Voice high = TrackProject.Voice.of(PRESETS.resolve("guide-high.json"));
        final TrackProject p = studio.session().snapshot().project();
        GuiActionRunner.execute(() -> studio.session().setProject(p.withOtherVoices(List.of(high)).withCues(List.of(
                ProjectCue.at(0, "Good evening, and welcome to the show."), ProjectCue.at(3.2, "Tonight: a story told twice."),
                ProjectCue.at(6, "Once in a low voice,").withVoice(java.util.Optional.empty()),
                ProjectCue.at(8.4, "and once in a high one.").withVoice(java.util.Optional.of("guide-high")),
                ProjectCue.atBeat(24, "This cue sits on beat twenty-four.")))));
        window.resizeTo(new java.awt.Dimension(1100, 620));
        final JTableFixture table = window.table("cues");
        window.button("renderDirty").click();
        waitForReady(table, 5);
        final Path docs = Path.of("..", "docs");
        Files.createDirectories(docs);
        for (boolean dark : new boolean[] {false, true}) {
            GuiActionRunner.execute(() -> Theme.apply(dark, true));
            table.selectRows(3);
            window.robot().waitForIdle();
            Thread.sleep(500);                          // the reference details load off the EDT
            window.robot().waitForIdle();
            final BufferedImage image = GuiActionRunner.execute(() -> {
                final javax.swing.JRootPane root = studio.getRootPane();
                final BufferedImage i = new BufferedImage(root.getWidth(), root.getHeight(), BufferedImage.TYPE_INT_RGB);
                final java.awt.Graphics2D g = i.createGraphics();
                root.paint(g);                                  // not printAll: a table prints without its selection
                g.dispose();
                return i;
            });
            final Path png = docs.resolve(dark ? "editor-dark.png" : "editor-light.png");
            ImageIO.write(image, "png", png.toFile());
            assertTrue(Files.size(png) > 10_000, png + " has content");
        }
        GuiActionRunner.execute(() -> Theme.apply(false, true));
    }

    private static void waitForReady(JTableFixture table, int rows) throws InterruptedException {
        waitFor(() -> {
            for (int r = 0; r < rows; r++) if (!"ready".equals(table.valueAt(TableCell.row(r).column(3)))) return false;
            return true;
        }, rows + " cues ready");
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        final long end = System.currentTimeMillis() + TIMEOUT_MS;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > end) throw new AssertionError("timed out waiting until " + what);
            Thread.sleep(50);
        }
    }
}
