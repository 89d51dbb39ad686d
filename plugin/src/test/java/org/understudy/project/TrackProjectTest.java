package org.understudy.project;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.understudy.engine.preset.VoicePreset;
import org.understudy.engine.script.Cue;

/** The track payload: round trips byte for byte, opens on another machine from its embedded preset, refuses what it cannot use. */
class TrackProjectTest {
    @TempDir
    Path dir;

    private TrackProject project() throws IOException {
        return new TrackProject(TrackProject.Voice.of(Path.of("../presets/guide-low.json")), List.of(TrackProject.Voice.of(Path.of("../presets/guide-high.json"))),
                List.of(TrackProject.ProjectCue.at(1.5, "Hello there."),
                        new TrackProject.ProjectCue(OptionalDouble.empty(), OptionalDouble.of(8), "On the beat.", Optional.of("guide-high"), Map.of("speed", 1.25, "seed", 3.0))));
    }

    @Test
    void roundTripsByteForByte() throws Exception {
        final byte[] bytes = project().toBytes();
        final TrackProject back = TrackProject.parse(bytes);
        assertEquals(project(), back);
        assertArrayEquals(bytes, back.toBytes());
        final String json = new String(bytes, StandardCharsets.UTF_8);
        assertTrue(json.startsWith("{\"format\":\"understudy-track\",\"version\":2,\"voice\":{\"file\":\""), json);
        assertTrue(json.contains("{\"beat\":8.0,\"text\":\"On the beat.\",\"voice\":\"guide-high\",\"settings\":{\"speed\":1.25,\"seed\":3.0}}"), json);
    }

    @Test
    void theEmbeddedPresetIsUsedWhenTheFileIsGone() throws Exception {
        final Path copy = Files.copy(Path.of("../presets/guide-high.json"), dir.resolve("mine.json"));
        final TrackProject p = project().withVoice(TrackProject.Voice.of(copy));
        Files.delete(copy);
        final VoicePreset v = TrackProject.parse(p.toBytes()).voice().resolve();
        assertEquals("guide-high", v.id());
        assertEquals(185, v.guide().orElseThrow().basePitch());
    }

    @Test
    void beatsFollowTheTempo() throws IOException {
        final List<Cue> at120 = project().scriptCues(120), at90 = project().scriptCues(90);
        assertEquals(1.5, at120.get(0).start().getAsDouble());
        assertEquals(1.5, at90.get(0).start().getAsDouble());
        assertEquals(4.0, at120.get(1).start().getAsDouble(), 1e-12);
        assertEquals(8 * 60 / 90.0, at90.get(1).start().getAsDouble(), 1e-12);
        assertEquals(Optional.of("guide-high"), at90.get(1).voice());
        assertEquals(2, at90.get(1).number());
    }

    @Test
    void renderedAudioIsKeptWithinItsBudgetAndComesBackExactly() throws Exception {
        final float[] a = new float[48000], b = new float[24000];
        for (int i = 0; i < a.length; i++) a[i] = (float) Math.sin(i * 0.01) * 0.3f;
        for (int i = 0; i < b.length; i++) b[i] = (float) Math.sin(i * 0.02) * 0.2f;
        assertEquals(TrackProject.EmbeddedAudio.NONE, project().withRenderedAudio(List.of(a, b), 48000).audio(), "no budget, nothing kept");

        final TrackProject all = project().withAudioBudget(10_000_000).withRenderedAudio(List.of(a, b), 48000);
        final TrackProject back = TrackProject.parse(all.toBytes());
        assertEquals(all, back);
        assertArrayEquals(a, back.audio().samples(back.audioKey(0, 48000), 48000).orElseThrow());
        assertArrayEquals(b, back.audio().samples(back.audioKey(1, 48000), 48000).orElseThrow());
        assertTrue(back.audio().samples(back.audioKey(0, 44100), 44100).isEmpty(), "another rate is not served");
        assertTrue(back.withCues(List.of(back.cues().get(0).withText("Changed."), back.cues().get(1))).audio()
                .samples(back.withCues(List.of(back.cues().get(0).withText("Changed."), back.cues().get(1))).audioKey(0, 48000), 48000).isEmpty(), "an edited cue is not served");

        final long first = TrackProject.pack(a).length;
        final TrackProject one = project().withAudioBudget(first + 10).withRenderedAudio(List.of(a, b), 48000);
        assertEquals(1, one.audio().clips().size(), "the budget holds the first cue only");
        assertEquals(one.audioKey(0, 48000), one.audio().clips().keySet().iterator().next());
    }

    @Test
    void foreignCorruptOrNewerPayloadsAreRefusedWithAMessage() {
        final Map<String, String> cases = Map.of(
                "not json {", "not valid JSON",
                "{\"format\":\"something-else\",\"version\":2}", "not an Understudy track",
                "{\"format\":\"understudy-track\",\"version\":3,\"cues\":[]}", "version 3; this Understudy reads up to 2: update Understudy",
                "{\"format\":\"understudy-track\",\"version\":1,\"clips\":[]}", "holds no cues",
                "{\"format\":\"understudy-track\",\"version\":2,\"cues\":[]}", "voice: needs \"file\" and an embedded \"preset\"",
                "{\"format\":\"understudy-track\",\"version\":2,\"voice\":{\"file\":\"/x.json\",\"preset\":{}},\"cues\":[{\"start\":1,\"beat\":2,\"text\":\"a\"}]}", "either a start in seconds or a beat, not both",
                "{\"format\":\"understudy-track\",\"version\":2,\"voice\":{\"file\":\"/x.json\",\"preset\":{}},\"cues\":[{\"start\":1,\"text\":\"a\",\"colour\":\"red\"}]}", "cues[0].colour: unknown field");
        cases.forEach((payload, message) -> {
            final TrackProject.InvalidProjectException e = assertThrows(TrackProject.InvalidProjectException.class,
                    () -> TrackProject.parse(payload.getBytes(StandardCharsets.UTF_8)), payload);
            assertTrue(e.getMessage().contains(message), payload + " → " + e.getMessage());
        });
    }
}
