package org.understudy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.understudy.engine.audio.Loudness;
import org.understudy.engine.audio.WavFile;
import org.understudy.engine.guide.GuideVoice;

/** prepare-reference on real WAV files: spoken phrases (the guide voice) in room noise, trimmed, windowed and normalised. */
class PrepareReferenceTest {
    private static final int RATE = 44100;
    private static final List<String> PHRASE = List.of("HH", "AH0", "L", "OW1", "W", "ER1", "L", "D", ",", "DH", "IH1", "S", "IH1", "Z", "AH0", "T", "EH1", "S", "T", ".");

    @TempDir
    Path dir;

    /** {@code phrases} spoken phrases with {@code gap} seconds between, {@code lead} seconds of room noise at each end, in stereo. */
    private Path recording(String name, int phrases, double gap, double lead) throws IOException {
        final float[] phrase = new GuideVoice(GuideVoice.Settings.LOW).speak(PHRASE, GuideVoice.Language.ENGLISH, RATE, 1);
        final List<Float> x = new ArrayList<>();
        final Random noise = new Random(5);
        final int leadSamples = (int) (lead * RATE), gapSamples = (int) (gap * RATE);
        for (int i = 0; i < leadSamples; i++) x.add(0f);
        for (int p = 0; p < phrases; p++) {
            if (p > 0) for (int i = 0; i < gapSamples; i++) x.add(0f);
            for (float v : phrase) x.add(v * 0.5f);
        }
        for (int i = 0; i < leadSamples; i++) x.add(0f);
        final float[][] stereo = new float[2][x.size()];
        for (int i = 0; i < x.size(); i++) {
            final float n = (float) (0.0003 * noise.nextGaussian());          // about -70 dBFS of room noise
            stereo[0][i] = x.get(i) + n;
            stereo[1][i] = 0.8f * x.get(i) + n;
        }
        final Path f = dir.resolve(name);
        WavFile.write(f, stereo, RATE, WavFile.Format.PCM24, "", Map.of());
        return f;
    }

    @Test
    void trimsMixesAndNormalises() throws IOException {
        final Path in = recording("take.wav", 3, 0.4, 1.5);
        final Path out = dir.resolve("ref.wav");
        final CliRun r = CliRun.of("prepare-reference", in.toString(), "-o", out.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        final WavFile.Audio a = WavFile.read(out);
        assertEquals(1, a.samples().length);
        assertEquals(RATE, a.sampleRate());
        final double inSeconds = WavFile.read(in).frames() / (double) RATE;
        final double seconds = a.frames() / (double) RATE;
        // 1.5 s of room noise at each end trimmed (100 ms kept); the phrases' own final pause may go too
        assertTrue(seconds <= inSeconds - 3 + 0.21 && seconds > inSeconds - 3 - 1, seconds + " s of " + inSeconds + ": " + r.out());
        assertEquals(-20, Loudness.integrated(a.samples()[0], RATE), 0.3);
        assertTrue(r.out().contains("2 channel(s)"), r.out());
    }

    @Test
    void longRecordingsGetTheBestSpanOnRequest() throws IOException {
        final Path in = recording("long.wav", 12, 0.5, 0.5);
        final Path out = dir.resolve("ref.wav");
        CliRun r = CliRun.of("prepare-reference", in.toString(), "-o", out.toString());
        assertEquals(Understudy.BAD_INPUT, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("longer than upstream's 10 s; the best span is ") && r.err().contains("--use-best-span"), r.err());
        assertFalse(Files.exists(out));
        r = CliRun.of("prepare-reference", in.toString(), "-o", out.toString(), "--use-best-span");
        assertEquals(0, r.code(), r.out() + r.err());
        final double seconds = WavFile.read(out).frames() / (double) RATE;
        assertTrue(seconds >= 3 && seconds <= 10, seconds + " s");
    }

    @Test
    void tooShortOrSilentIsRefused() throws IOException {
        CliRun r = CliRun.of("prepare-reference", recording("short.wav", 1, 0, 0.5).toString(), "-o", dir.resolve("a.wav").toString());
        assertEquals(Understudy.BAD_INPUT, r.code());
        assertTrue(r.err().contains("s of speech; a reference needs 3-10 s"), r.err());
        r = CliRun.of("prepare-reference", recording("silent.wav", 0, 0, 2).toString(), "-o", dir.resolve("b.wav").toString());
        assertEquals(Understudy.BAD_INPUT, r.code());
        assertTrue(r.err().contains("no speech found"), r.err());
        assertFalse(Files.exists(dir.resolve("a.wav")) || Files.exists(dir.resolve("b.wav")));
    }
}
