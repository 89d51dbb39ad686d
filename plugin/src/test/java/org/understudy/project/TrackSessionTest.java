package org.understudy.project;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.understudy.engine.render.RenderCache;
import org.understudy.engine.render.RenderService;
import org.understudy.engine.text.CmuDict;
import org.understudy.engine.text.Frontend;
import org.understudy.engine.text.Lexicon;

/** A track rendered on an engine with the guide presets: statuses, what an edit re-renders, failures shown on the cues. */
class TrackSessionTest {
    @TempDir
    Path cache;

    private Engine engine() {
        return new Engine(new RenderService(new Frontend(CmuDict.empty(), Lexicon.EMPTY, null), new RenderCache(cache)));
    }

    private static TrackProject project(String... texts) throws Exception {
        final List<TrackProject.ProjectCue> cues = new ArrayList<>();
        for (int i = 0; i < texts.length; i++) cues.add(TrackProject.ProjectCue.at(2.0 * i, texts[i]));
        return new TrackProject(TrackProject.Voice.of(Path.of("../presets/guide-low.json")), List.of(), cues);
    }

    @Test
    void renderTurnsEveryCueReadyAndAnEditRendersOnlyTheChangedCue() throws Exception {
        final TrackSession session = new TrackSession(engine(), project("One cue.", "Two cues.", "Three cues."));
        final List<TrackSession.Snapshot> seen = new ArrayList<>();
        session.addListener(seen::add);
        assertEquals(List.of(TrackSession.Status.DIRTY, TrackSession.Status.DIRTY, TrackSession.Status.DIRTY), statuses(session.snapshot()));
        final TrackSession.Snapshot done = session.render(48000, 120).get(60, TimeUnit.SECONDS);
        assertEquals(List.of(TrackSession.Status.READY, TrackSession.Status.READY, TrackSession.Status.READY), statuses(done));
        assertTrue(done.settled());
        assertTrue(seen.stream().anyMatch(s -> s.cues().contains(new TrackSession.CueState(TrackSession.Status.RENDERING, "", null))), "cues showed as rendering");
        final float[] first = done.cues().get(0).audio(), third = done.cues().get(2).audio();

        // edit the second cue and move the third: only the second is dirty, the third keeps its audio
        final TrackProject p = done.project();
        session.setProject(p.withCues(List.of(p.cues().get(0), p.cues().get(1).withText("Two changed cues."), p.cues().get(2).withStart(9))));
        assertEquals(List.of(TrackSession.Status.READY, TrackSession.Status.DIRTY, TrackSession.Status.READY), statuses(session.snapshot()));
        final TrackSession.Snapshot again = session.render(48000, 120).get(60, TimeUnit.SECONDS);
        assertSame(first, again.cues().get(0).audio(), "unchanged cue kept");
        assertSame(third, again.cues().get(2).audio(), "moved cue kept");
        assertNotSame(done.cues().get(1).audio(), again.cues().get(1).audio());

        // another rate renders everything again (from the cache only what was rendered at that rate)
        final TrackSession.Snapshot at44 = session.render(44100, 120).get(60, TimeUnit.SECONDS);
        assertEquals(44100, at44.rate());
        assertTrue(Math.abs(at44.cues().get(0).audio().length / 44100.0 - first.length / 48000.0) < 0.01);
    }

    @TempDir
    Path otherMachine;

    @Test
    void audioKeptInTheProjectPlaysWithoutRenderingOnAnotherMachine() throws Exception {
        final TrackSession here = new TrackSession(engine(), project("One cue.", "Two cues.").withAudioBudget(50_000_000));
        final TrackSession.Snapshot done = here.render(48000, 120).get(60, TimeUnit.SECONDS);
        final List<float[]> ready = done.cues().stream().map(TrackSession.CueState::audio).toList();
        final byte[] saved = done.project().withRenderedAudio(ready, 48000).toBytes();

        // another machine: an empty render cache; the project's own audio is used, nothing is rendered
        final Engine elsewhere = new Engine(new RenderService(new Frontend(CmuDict.empty(), Lexicon.EMPTY, null), new RenderCache(otherMachine)));
        final TrackSession there = new TrackSession(elsewhere, TrackProject.parse(saved));
        final TrackSession.Snapshot queued = there.render(48000, 120).get(60, TimeUnit.SECONDS);
        assertEquals(List.of(TrackSession.Status.READY, TrackSession.Status.READY), statuses(queued));
        assertEquals("from the project", queued.cues().get(0).message());
        assertArrayEquals(ready.get(1), queued.cues().get(1).audio());
        try (var files = java.nio.file.Files.list(otherMachine)) {
            assertEquals(0, files.count(), "nothing rendered, nothing cached");
        }
    }

    @Test
    void aFailureIsShownOnTheCuesWithTheEnginesMessage() throws Exception {
        final TrackSession session = new TrackSession(engine(), project("Fine.", "今天天气很好"));
        final TrackSession.Snapshot s = session.render(48000, 120).get(60, TimeUnit.SECONDS);
        assertEquals(TrackSession.Status.ERROR, s.cues().get(1).status());
        assertTrue(s.cues().get(1).message().contains("Chinese text"), s.cues().get(1).message());
        assertTrue(s.status().startsWith("Rendering failed: "), s.status());
        assertTrue(s.settled());
    }

    @Test
    void anEditCancelsTheRenderInFlight() throws Exception {
        final String[] many = new String[40];
        for (int i = 0; i < many.length; i++) many[i] = "Sentence number " + (i + 1) + " of a long chapter, read slowly and with care.";
        final TrackSession session = new TrackSession(engine(), project(many));
        final var running = session.render(48000, 120);
        session.setProject(session.snapshot().project().withCues(session.snapshot().project().cues().subList(0, 1)));
        final TrackSession.Snapshot after = running.get(60, TimeUnit.SECONDS);
        assertEquals(1, session.snapshot().cues().size());
        assertTrue(after.cues().size() == 1 || after.revision() < session.snapshot().revision(), "the cancelled render did not overwrite the edit");
        final TrackSession.Snapshot done = session.render(48000, 120).get(60, TimeUnit.SECONDS);
        assertEquals(List.of(TrackSession.Status.READY), statuses(done));
    }

    private static List<TrackSession.Status> statuses(TrackSession.Snapshot s) {
        return s.cues().stream().map(TrackSession.CueState::status).toList();
    }
}
