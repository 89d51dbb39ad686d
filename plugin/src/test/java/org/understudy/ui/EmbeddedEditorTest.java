package org.understudy.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.understudy.project.TrackProject;
import org.understudy.project.TrackSession;

/** The plugin's editor session, without a display. */
class EmbeddedEditorTest {
    static final Path PRESETS = Path.of("..", "presets").toAbsolutePath().normalize();

    @Test
    void theBuiltInGuideVoiceIsPresetsGuideLow() throws Exception {
        final TrackProject.Voice builtIn = EmbeddedEditor.builtInGuideVoice(PRESETS);
        assertEquals(new ObjectMapper().readTree(Files.readAllBytes(PRESETS.resolve("guide-low.json"))), builtIn.preset());
        assertEquals("guide-low", builtIn.resolve().id());
    }

    @Test
    void aStateWithoutATrackOpensAnEmptyGuideLowTrack() {
        final TrackSession s = EmbeddedEditor.sessionFor("not a track".getBytes());
        assertEquals("guide-low", s.snapshot().project().voice().id());
        assertEquals(0, s.snapshot().project().cues().size());
    }

    @Test
    void aSavedTrackOpensAsSaved() throws Exception {
        final TrackProject p = StudioWindow.newProject(PRESETS).withCues(java.util.List.of(TrackProject.ProjectCue.at(1.5, "Hello.")));
        final TrackSession s = EmbeddedEditor.sessionFor(p.toBytes());
        assertEquals(p.toBytes().length, s.snapshot().project().toBytes().length);
        assertEquals("Hello.", s.snapshot().project().cues().get(0).text());
    }
}
