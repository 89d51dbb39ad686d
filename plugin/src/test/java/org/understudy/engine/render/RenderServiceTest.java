package org.understudy.engine.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.understudy.engine.audio.Loudness;
import org.understudy.engine.audio.TruePeak;
import org.understudy.engine.audio.WavFile;
import org.understudy.engine.preset.PresetReader;
import org.understudy.engine.preset.VoicePreset;
import org.understudy.engine.script.Cue;
import org.understudy.engine.script.Script;
import org.understudy.engine.script.ScriptReader;
import org.understudy.engine.text.Frontend;
import org.understudy.engine.text.FrontendFixtures;
import org.understudy.engine.text.Lexicon;
import org.understudy.engine.text.chinese.DictionaryPinyin;
import org.understudy.engine.text.chinese.JiebaSegmenter;

/** Scripts rendered with the guide voices into real WAV files at 44.1, 48 and 96 kHz, read back and measured. */
class RenderServiceTest {
    private static Frontend frontend;
    private static RenderService service;
    private static VoicePreset low, high;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() throws IOException {
        frontend = Frontend.load(FrontendFixtures.gsvData(), Lexicon.EMPTY, JiebaSegmenter.load(FrontendFixtures.jiebaFolder()), new DictionaryPinyin());
        service = new RenderService(frontend);
        low = PresetReader.read(Path.of("../presets/guide-low.json"));
        high = PresetReader.read(Path.of("../presets/guide-high.json"));
    }

    private Script script(String name, String text) throws IOException {
        final Path f = dir.resolve(name);
        Files.writeString(f, text);
        return ScriptReader.read(f);
    }

    private Script scene() throws IOException {
        return script("scene.cues", """
                # understudy-cues 1
                @ 0:00.500
                The quick brown fox jumps over the lazy dog. It was not amused.
                @ 0:08.000 voice=guide-high
                今天天气很好，我们去公园散步吧。
                @ 0:13.250 speed=1.3
                Is it three o'clock already?
                """);
    }

    @Test
    void mixedRenderPlacesEachCueAtItsSampleAtEveryRate() throws IOException {
        for (int rate : new int[] {44100, 48000, 96000}) {
            final Path out = dir.resolve("scene-" + rate + ".wav");
            final RenderService.Result r = service.render(new RenderJob(scene(), low, Map.of("guide-high", high), rate, WavFile.Format.PCM24, out, false), RenderListener.NONE);
            final WavFile.Audio a = WavFile.read(out);
            assertEquals(rate, a.sampleRate());
            final float[] x = a.samples()[0];
            assertEquals(List.of(0.5, 8.0, 13.25), r.cues().stream().map(RenderedCue::start).toList());
            assertEquals(List.of("guide-low", "guide-high", "guide-low"), r.cues().stream().map(RenderedCue::voice).toList());
            int previousEnd = 0;
            for (RenderedCue c : r.cues()) {
                final int start = (int) Math.round(c.start() * rate), end = (int) Math.round(c.end() * rate);
                for (int i = previousEnd; i < start; i++) assertEquals(0f, x[i], "silence before cue " + c.number() + " at " + rate + " Hz, sample " + i);
                assertTrue(Math.abs(x[start]) + Math.abs(x[start + 1]) + Math.abs(x[start + 2]) > 0 || firstSound(x, start) < start + rate / 100,
                        "cue " + c.number() + " sounds from sample " + start + " at " + rate + " Hz");
                final double lufs = Loudness.integrated(Arrays.copyOfRange(x, start, end), rate);
                assertEquals(-18, lufs, 0.3, "cue " + c.number() + " loudness at " + rate + " Hz");
                previousEnd = end;
            }
            assertTrue(TruePeak.dbtp(x, rate) <= -1 + 0.3, "true peak " + TruePeak.dbtp(x, rate));
            assertEquals(List.of(), r.warnings());
            assertTrue(a.info().get("ICMT").startsWith("AI-generated speech. Voice preset guide-low"), a.info().toString());
            assertTrue(a.info().get("bext.description").startsWith("AI-generated speech"), a.info().toString());
        }
    }

    @Test
    void speechStartsWhereTheCueIsPlacedEvenAfterAStopClosure() throws IOException {
        final Script s = script("stop.cues", "# understudy-cues 1\n@ 0:01.000\nTake the train.\n@ 0:04.000\nAnd then walk.\n");
        final Path out = dir.resolve("stop.wav");
        service.render(new RenderJob(s, low, Map.of(), 48000, WavFile.Format.FLOAT32, out, false), RenderListener.NONE);
        final float[] x = WavFile.read(out).samples()[0];
        for (int at : new int[] {48000, 4 * 48000}) {
            float peak = 0;
            for (int i = at; i < at + 48000; i++) peak = Math.max(peak, Math.abs(x[i]));
            int first = at;
            while (Math.abs(x[first]) <= peak * 1e-3f) first++;
            // at most 5 ms in (the cut is made before mastering, whose limiter moves the peak a little: half a millisecond more)
            assertTrue(first - at <= 240 + 24, "speech (above -60 dB of the cue's peak) starts " + (first - at) + " samples after the cue's position");
            if (at == 48000) assertEquals(at + 240, first, 24, "the closure of the T is cut to 5 ms");
        }
        final float[] closure = new float[1000];
        closure[700] = 0.5f;
        assertEquals(1000 - 700 + 240, Mastering.trimLeadingSilence(closure, 48000).length);
        assertEquals(1000, Mastering.trimLeadingSilence(new float[1000], 48000).length, "all silence is left as it is");
    }

    private static int firstSound(float[] x, int from) {
        for (int i = from; i < x.length; i++) if (x[i] != 0) return i;
        return Integer.MAX_VALUE;
    }

    @Test
    void subtitlesAndSidecarGiveTheActualTimings() throws IOException {
        final Path out = dir.resolve("scene.wav");
        final RenderService.Result r = service.render(new RenderJob(scene(), low, Map.of("guide-high", high), 48000, WavFile.Format.PCM16, out, false), RenderListener.NONE);
        assertEquals(List.of(out, dir.resolve("scene.srt"), dir.resolve("scene.vtt"), dir.resolve("scene.json")), r.files());
        final List<Cue> srt = ScriptReader.read(dir.resolve("scene.srt")).cues();
        final List<Cue> vtt = ScriptReader.read(dir.resolve("scene.vtt")).cues();
        for (int i = 0; i < 3; i++) {
            assertEquals(r.cues().get(i).start(), srt.get(i).start().getAsDouble(), 0.0005);
            assertEquals(r.cues().get(i).end(), srt.get(i).end().getAsDouble(), 0.0005);
            assertEquals(r.cues().get(i).voice(), vtt.get(i).voice().orElseThrow());
        }
        final JsonNode json = new ObjectMapper().readTree(dir.resolve("scene.json").toFile());
        assertEquals("understudy-render", json.path("format").asText());
        assertTrue(json.path("aiGenerated").asBoolean());
        assertEquals(3, json.path("cues").size());
        assertEquals(1.3, json.path("cues").get(2).path("settings").path("speed").asDouble());
        assertEquals(r.cues().get(1).end(), json.path("cues").get(1).path("end").asDouble(), 1e-9);
    }

    @Test
    void plainTextCuesFollowOneAnotherWithThePause() throws IOException {
        final Script s = script("chapter.txt", "First paragraph, spoken first.\n\nSecond paragraph.\n");
        final RenderService.Result r = service.render(new RenderJob(s, high, Map.of(), 44100, WavFile.Format.FLOAT32, dir.resolve("chapter.wav"), false), RenderListener.NONE);
        assertEquals(0, r.cues().get(0).start());
        assertEquals(r.cues().get(0).end() + 0.3, r.cues().get(1).start(), 1e-9);
        assertEquals(r.cues().get(1).end(), WavFile.read(dir.resolve("chapter.wav")).frames() / 44100.0, 1.0 / 44100);
    }

    @Test
    void sameSeedSameAudioAnotherSeedOther() throws IOException {
        final Script s = script("one.cues", "# understudy-cues 1\n@ 0s\nSay it again.\n");
        final Script seeded = script("two.cues", "# understudy-cues 1\n@ 0s seed=99\nSay it again.\n");
        final byte[] a = render(s, "a.wav"), b = render(s, "b.wav"), c = render(seeded, "c.wav");
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c));
    }

    @Test
    void overlappingCuesAreMixedWithAWarning() throws IOException {
        final Script s = script("overlap.cues", "# understudy-cues 1\n@ 0s\nA rather long first sentence to speak.\n@ 0.5s\nSecond.\n");
        final RenderService.Result r = service.render(new RenderJob(s, low, Map.of(), 48000, WavFile.Format.PCM16, dir.resolve("o.wav"), false), RenderListener.NONE);
        assertEquals(1, r.warnings().size());
        assertTrue(r.warnings().get(0).startsWith("cue 2 starts at 0.500 s, before cue 1 ends at "), r.warnings().get(0));
        assertTrue(TruePeak.dbtp(WavFile.read(dir.resolve("o.wav")).samples()[0], 48000) <= -1 + 0.3);
    }

    @Test
    void unchangedCuesComeFromTheCache() throws IOException {
        final RenderCache cache = new RenderCache(dir.resolve("cache"));
        final RenderService cached = new RenderService(frontend, cache);
        final List<int[]> first = new ArrayList<>(), second = new ArrayList<>(), third = new ArrayList<>();
        final Path a = dir.resolve("a.wav"), b = dir.resolve("b.wav"), c = dir.resolve("c.wav");
        cached.render(new RenderJob(scene(), low, Map.of("guide-high", high), 48000, WavFile.Format.FLOAT32, a, false), (d, t, cue) -> first.add(new int[] {d, cue}));
        cached.render(new RenderJob(scene(), low, Map.of("guide-high", high), 48000, WavFile.Format.FLOAT32, b, false), (d, t, cue) -> second.add(new int[] {d, cue}));
        assertEquals(3, first.size() - 1, "three sentences rendered, then the final report");
        assertEquals(0, second.size() - 1, "nothing rendered again");
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));

        // one cue changed: only it is rendered again
        final Script changed = script("changed.cues", Files.readString(dir.resolve("scene.cues")).replace("Is it three", "Is it four"));
        cached.render(new RenderJob(changed, low, Map.of("guide-high", high), 48000, WavFile.Format.FLOAT32, c, false), (d, t, cue) -> third.add(new int[] {d, cue}));
        assertEquals(1, third.size() - 1, "only the changed cue");
        assertEquals(3, third.get(0)[1]);

        // damaged entries are misses: everything is rendered again, to the same audio
        try (Stream<Path> entries = Files.list(dir.resolve("cache"))) {
            for (Path f : entries.toList()) Files.write(f, new byte[] {1, 2, 3});
        }
        final List<int[]> fourth = new ArrayList<>();
        final Path d = dir.resolve("d.wav");
        cached.render(new RenderJob(changed, low, Map.of("guide-high", high), 48000, WavFile.Format.FLOAT32, d, false), (done, t, cue) -> fourth.add(new int[] {done, cue}));
        assertEquals(3, fourth.size() - 1);
        assertArrayEquals(Files.readAllBytes(c), Files.readAllBytes(d));
    }

    @Test
    void thePresetsLexiconIsSpokenAndPartOfTheCacheKey() throws IOException {
        final Path lexicon = dir.resolve("names.lex");
        Files.writeString(lexicon, "# how this voice says names\nzyxwv Z AY1 K S W AH0 V IY1 Z AY1 K S W AH0 V IY1\n");
        final Path presetFile = dir.resolve("guide-lex.json");
        Files.writeString(presetFile, Files.readString(Path.of("../presets/guide-low.json"))
                .replace("\"guide-low\"", "\"guide-lex\"").replace("\"engine\"", "\"lexicon\": \"names.lex\", \"engine\""));
        final VoicePreset withLexicon = PresetReader.read(presetFile);
        final Script s = script("name.cues", "# understudy-cues 1\n@ 0s\nHello zyxwv.\n");
        final RenderService cached = new RenderService(frontend, new RenderCache(dir.resolve("cache")));
        final List<Integer> rendered = new ArrayList<>();
        cached.render(new RenderJob(s, low, Map.of(), 48000, WavFile.Format.FLOAT32, dir.resolve("plain.wav"), false), RenderListener.NONE);
        cached.render(new RenderJob(s, withLexicon, Map.of(), 48000, WavFile.Format.FLOAT32, dir.resolve("lex.wav"), false), (d, t, cue) -> rendered.add(cue));
        assertEquals(2, rendered.size(), "another voice: rendered, not reused");
        // the lexicon's pronunciation (six syllables) is far longer than the letter-to-sound guess
        assertTrue(WavFile.read(dir.resolve("lex.wav")).frames() > WavFile.read(dir.resolve("plain.wav")).frames() + 0.4 * 48000,
                WavFile.read(dir.resolve("lex.wav")).frames() + " vs " + WavFile.read(dir.resolve("plain.wav")).frames());

        rendered.clear();
        cached.render(new RenderJob(s, withLexicon, Map.of(), 48000, WavFile.Format.FLOAT32, dir.resolve("lex2.wav"), false), (d, t, cue) -> rendered.add(cue));
        assertEquals(1, rendered.size(), "unchanged: from the cache");
        Files.writeString(lexicon, "zyxwv Z IH1 K S W IY0\n");
        rendered.clear();
        cached.render(new RenderJob(s, withLexicon, Map.of(), 48000, WavFile.Format.FLOAT32, dir.resolve("lex3.wav"), false), (d, t, cue) -> rendered.add(cue));
        assertEquals(2, rendered.size(), "the lexicon changed: rendered again");

        Files.writeString(lexicon, "zyxwv Z QQ1\n");
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> cached.render(new RenderJob(s, withLexicon, Map.of(), 48000, WavFile.Format.FLOAT32, dir.resolve("bad.wav"), false), RenderListener.NONE));
        assertTrue(e.getMessage().contains("names.lex") && e.getMessage().contains("QQ1"), e.getMessage());
    }

    @Test
    void speedSettingShortensTheCue() throws IOException {
        final Script normal = script("n.cues", "# understudy-cues 1\n@ 0s\nIs it three o'clock already?\n");
        final Script fast = script("f.cues", "# understudy-cues 1\n@ 0s speed=1.3\nIs it three o'clock already?\n");
        final double ratio = (double) WavFile.read(dir.resolve(write(normal, "n.wav"))).frames() / WavFile.read(dir.resolve(write(fast, "f.wav"))).frames();
        assertEquals(1.3, ratio, 0.1);
    }

    private String write(Script s, String name) throws IOException {
        render(s, name);
        return name;
    }

    private byte[] render(Script s, String name) throws IOException {
        service.render(new RenderJob(s, low, Map.of(), 48000, WavFile.Format.PCM24, dir.resolve(name), false), RenderListener.NONE);
        return Files.readAllBytes(dir.resolve(name));
    }

    @Test
    void perCueFilesInAFolder() throws IOException {
        final Path folder = dir.resolve("cues-out");
        final RenderService.Result r = service.render(new RenderJob(scene(), low, Map.of("guide-high", high), 96000, WavFile.Format.PCM24, folder, true), RenderListener.NONE);
        for (RenderedCue c : r.cues()) {
            final WavFile.Audio a = WavFile.read(folder.resolve(String.format("cue-%03d.wav", c.number())));
            assertEquals(c.end() - c.start(), a.frames() / 96000.0, 1e-9);
            assertEquals(-18, Loudness.integrated(a.samples()[0], 96000), 0.2);
        }
        assertTrue(Files.exists(folder.resolve("cues.srt")) && Files.exists(folder.resolve("cues.json")));
    }

    @Test
    void cancellingWritesNothingAndProgressCountsSentences() throws IOException {
        final List<int[]> seen = new ArrayList<>();
        final RenderListener cancelAtThird = new RenderListener() {
            @Override
            public void progress(int done, int total, int cue) {
                seen.add(new int[] {done, total, cue});
            }

            @Override
            public boolean cancelled() {
                return seen.size() >= 2;
            }
        };
        final Path out = dir.resolve("cancelled.wav");
        assertThrows(CancellationException.class, () -> service.render(new RenderJob(scene(), low, Map.of("guide-high", high), 48000, WavFile.Format.PCM16, out, false), cancelAtThird));
        assertEquals(2, seen.size());
        assertEquals(3, seen.get(0)[1], "one piece per cue: cut1 keeps up to four sentences together");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("scene.cues"), files.map(f -> f.getFileName().toString()).toList());
        }
    }

    @Test
    void unknownOrUnrenderableVoicesAreRefusedBeforeAnythingIsRendered() throws IOException {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> service.render(new RenderJob(scene(), low, Map.of(), 48000, WavFile.Format.PCM16, dir.resolve("x.wav"), false), RenderListener.NONE));
        assertTrue(e.getMessage().contains("cue 2 asks for voice \"guide-high\", which is not loaded (loaded: guide-low)"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("x.wav")));
    }
}
