package org.understudy.engine.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.understudy.engine.audio.Loudness;
import org.understudy.engine.audio.TruePeak;
import org.understudy.engine.audio.WavFile;
import org.understudy.engine.onnx.SessionConfig;
import org.understudy.engine.preset.PresetReader;
import org.understudy.engine.preset.VoicePreset;
import org.understudy.engine.script.Script;
import org.understudy.engine.script.ScriptReader;
import org.understudy.engine.text.Frontend;
import org.understudy.engine.text.FrontendFixtures;
import org.understudy.engine.text.Lexicon;
import org.understudy.engine.text.chinese.DictionaryPinyin;
import org.understudy.engine.text.chinese.JiebaSegmenter;

/**
 * End-to-end renders with a GPT-SoVITS voice: the fixture-sized real-format checkpoints in an install
 * laid out as upstream's, a real reference WAV, a cue sheet in, WAV files at 44.1, 48 and 96 kHz out.
 */
class GptSovitsRenderTest {
    @TempDir
    static Path shared;
    @TempDir
    Path dir;

    private static VoicePreset voice;
    private static Frontend frontend;

    @BeforeAll
    static void install() throws IOException {
        voice = PresetReader.read(FixtureVoice.create(shared));
        frontend = Frontend.load(FrontendFixtures.gsvData(), Lexicon.EMPTY, JiebaSegmenter.load(FrontendFixtures.jiebaFolder()), new DictionaryPinyin());
    }

    private Script script(String name, String text) throws IOException {
        final Path f = dir.resolve(name);
        Files.writeString(f, text);
        return ScriptReader.read(f);
    }

    private Script scene() throws IOException {
        return script("scene.cues", """
                # understudy-cues 1
                @ 0:00.250
                Good morning. The tide is out.
                @ 0:40.000 topK=5 speed=1.25
                Back to the studio.
                """);
    }

    private static RenderService service(Path cache) {
        return new RenderService(frontend, cache == null ? null : new RenderCache(cache), SessionConfig.cpu(2));
    }

    @Test
    void rendersPlacedAtTheirSampleAtLoudnessAtEveryRate() throws IOException {
        try (RenderService service = service(null)) {
            for (int rate : new int[] {44100, 48000, 96000}) {
                final Path out = dir.resolve("scene-" + rate + ".wav");
                final long t0 = System.nanoTime();
                final RenderService.Result r = service.render(new RenderJob(scene(), voice, Map.of(), rate, WavFile.Format.PCM24, out, false), RenderListener.NONE);
                System.out.printf("gpt-sovits fixture render at %d Hz: %.2f s of audio in %.2f s%n", rate, r.cues().get(1).end(), (System.nanoTime() - t0) / 1e9);
                final WavFile.Audio a = WavFile.read(out);
                assertEquals(rate, a.sampleRate());
                assertEquals(List.of(0.25, 40.0), r.cues().stream().map(RenderedCue::start).toList());
                final float[] x = a.samples()[0];
                assertEquals((int) Math.ceil(r.cues().get(1).end() * rate), x.length, "the file ends with the last cue");
                int previousEnd = 0;
                for (RenderedCue c : r.cues()) {
                    final int start = (int) Math.round(c.start() * rate), end = (int) Math.round(c.end() * rate);
                    assertTrue(end > start + rate / 2, "cue " + c.number() + " lasts " + (c.end() - c.start()) + " s");
                    for (int i = previousEnd; i < start; i++) assertEquals(0f, x[i], "silence before cue " + c.number() + " at " + rate + " Hz, sample " + i);
                    assertTrue(firstSound(x, start) < start + rate / 1000, "cue " + c.number() + " sounds within 1 ms of " + c.start() + " s at " + rate + " Hz");
                    assertEquals(-20, Loudness.integrated(Arrays.copyOfRange(x, start, end), rate), 0.5, "cue " + c.number() + " loudness at " + rate + " Hz");
                    previousEnd = end;
                }
                for (float v : x) assertTrue(Float.isFinite(v) && Math.abs(v) < 1f, "no clipping");
                assertTrue(TruePeak.dbtp(x, rate) <= -1 + 0.3, "true peak " + TruePeak.dbtp(x, rate));
                assertTrue(a.info().get("ICMT").startsWith("AI-generated speech. Voice preset fixture"), a.info().toString());
                assertTrue(a.info().get("bext.description").startsWith("AI-generated speech"), a.info().toString());
                assertEquals(5, ((Number) r.cues().get(1).settings().get("topK")).intValue());
            }
        }
    }

    private static int firstSound(float[] x, int from) {
        for (int i = from; i < x.length; i++) if (x[i] != 0) return i;
        return Integer.MAX_VALUE;
    }

    @Test
    void sameSeedSameAudioAnotherSeedOther() throws IOException {
        final Script s = script("one.cues", "# understudy-cues 1\n@ 0s\nSay it again.\n");
        final Script seeded = script("two.cues", "# understudy-cues 1\n@ 0s seed=99\nSay it again.\n");
        try (RenderService a = service(null); RenderService b = service(null)) {
            a.render(new RenderJob(s, voice, Map.of(), 48000, WavFile.Format.FLOAT32, dir.resolve("a.wav"), false), RenderListener.NONE);
            b.render(new RenderJob(s, voice, Map.of(), 48000, WavFile.Format.FLOAT32, dir.resolve("b.wav"), false), RenderListener.NONE);
            a.render(new RenderJob(seeded, voice, Map.of(), 48000, WavFile.Format.FLOAT32, dir.resolve("c.wav"), false), RenderListener.NONE);
        }
        final float[] x = WavFile.read(dir.resolve("a.wav")).samples()[0], y = WavFile.read(dir.resolve("b.wav")).samples()[0];
        assertArrayEquals(x, y, "two services, the same seed");
        assertFalse(Arrays.equals(x, WavFile.read(dir.resolve("c.wav")).samples()[0]), "seed 99 differs");
    }

    @Test
    void theModelCacheKeepsVoicesWithinItsBudgetLeastRecentlyUsedFirst() throws IOException {
        // a second voice: the same models under other file names, so it is another entry in the cache
        final Path install = shared.resolve("gpt-sovits");
        if (!Files.exists(install.resolve("SoVITS_weights_v2/other_e8_s200.pth"))) {
            Files.copy(install.resolve("SoVITS_weights_v2/fixture_e8_s200.pth"), install.resolve("SoVITS_weights_v2/other_e8_s200.pth"));
        }
        final Path otherFile = shared.resolve("voices/other.json");
        Files.writeString(otherFile, Files.readString(shared.resolve("voices/fixture.json")).replace("\"fixture\"", "\"other\"")
                .replace("fixture_e8_s200.pth", "other_e8_s200.pth"));
        final VoicePreset other = PresetReader.read(otherFile);
        final Script s = script("two.cues", "# understudy-cues 1\n@ 0s\nFirst voice.\n@ 3s voice=other\nSecond voice.\n");
        for (long budget : new long[] {1, Long.MAX_VALUE}) {
            try (RenderService service = new RenderService(frontend, null, new GptSovitsVoices(SessionConfig.cpu(2), GptSovitsVoices.FILES, null, budget))) {
                service.render(new RenderJob(s, voice, Map.of("other", other), 48000, WavFile.Format.FLOAT32, dir.resolve("two-" + budget + ".wav"), false), RenderListener.NONE);
                assertEquals(budget == 1 ? 1 : 2, service.loadedVoices(), "voices loaded with a budget of " + budget + " bytes");
            }
        }
        assertArrayEquals(WavFile.read(dir.resolve("two-1.wav")).samples()[0], WavFile.read(dir.resolve("two-" + Long.MAX_VALUE + ".wav")).samples()[0],
                "an evicted voice loads again to the same audio");
    }

    @Test
    void aVoiceReadsTextWithItsOwnInstallsData() throws IOException {
        // the service's own frontend has no dictionary and no Chinese; the voice's install has both (GPT_SoVITS/text)
        final Script s = script("zh.cues", "# understudy-cues 1\n@ 0s\n今天天气很好。\n");
        try (RenderService service = new RenderService(new Frontend(org.understudy.engine.text.CmuDict.empty(), Lexicon.EMPTY, null), null, SessionConfig.cpu(2))) {
            final RenderService.Result r = service.render(new RenderJob(s, voice, Map.of(), 48000, WavFile.Format.FLOAT32, dir.resolve("zh.wav"), false), RenderListener.NONE);
            assertTrue(r.cues().get(0).end() > 0.3, "spoken: " + r.cues().get(0));
        }
    }

    @Test
    void cancellingStopsAtTheNextT2SStepAndWritesNothing() throws IOException {
        final int[] polls = {0};
        final RenderListener cancelMidDecode = new RenderListener() {
            @Override
            public void progress(int done, int total, int cue) {}

            @Override
            public boolean cancelled() {
                return ++polls[0] >= 20;                // a few polls in: T2S is decoding
            }
        };
        final Path out = dir.resolve("cancelled.wav");
        try (RenderService s = service(null)) {
            assertThrows(java.util.concurrent.CancellationException.class,
                    () -> s.render(new RenderJob(scene(), voice, Map.of(), 48000, WavFile.Format.PCM16, out, false), cancelMidDecode));
        }
        assertEquals(20, polls[0], "nothing ran after the poll that said cancel");
        try (var files = Files.list(dir)) {
            assertEquals(List.of("scene.cues"), files.map(f -> f.getFileName().toString()).toList());
        }
    }

    @Test
    void secondRenderComesFromTheCacheAndReferenceFeaturesFromDisk() throws IOException {
        final Path cache = dir.resolve("cache");
        final RenderJob job = new RenderJob(scene(), voice, Map.of(), 48000, WavFile.Format.FLOAT32, dir.resolve("first.wav"), false);
        final RenderService.Result first, second;
        try (RenderService s = service(cache)) {
            first = s.render(job, RenderListener.NONE);
        }
        assertEquals(0, first.cuesFromCache());
        try (RenderService s = service(cache)) {
            final long t0 = System.nanoTime();
            second = s.render(new RenderJob(scene(), voice, Map.of(), 48000, WavFile.Format.FLOAT32, dir.resolve("second.wav"), false), RenderListener.NONE);
            System.out.printf("gpt-sovits fixture re-render from the cache: %.3f s%n", (System.nanoTime() - t0) / 1e9);
        }
        assertEquals(2, second.cuesFromCache());
        assertArrayEquals(WavFile.read(dir.resolve("first.wav")).samples()[0], WavFile.read(dir.resolve("second.wav")).samples()[0]);
        try (var features = Files.list(cache.resolve("references"))) {
            assertEquals(1, features.count(), "one reference analysis kept");
        }
    }
}
