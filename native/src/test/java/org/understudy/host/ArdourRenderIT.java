package org.understudy.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.understudy.bridge.StateBlob;
import org.understudy.engine.render.RenderListener;
import org.understudy.engine.render.RenderService;
import org.understudy.engine.text.CmuDict;
import org.understudy.engine.text.Frontend;
import org.understudy.engine.text.Lexicon;
import org.understudy.project.TrackProject;

/**
 * Understudy in a real host: Ardour 7.3 with two tracks, each an Understudy instance with its own
 * guide-voice preset and cues (one placed in beats, in a session whose tempo is 90, not the default
 * 120). An offline export (which waits for the Java engine) must hold every cue at its sample, the two
 * voices at their own pitch, silence outside the cues; saving, reloading and exporting again gives the
 * same audio. Ardour runs without text data, so English is read by letter-to-sound rules, as the
 * engine does here for the expected audio.
 */
class ArdourRenderIT {
    private static final double TEMPO = 90, RANGE_START = 0.25, RANGE_END = 9.0;
    private static final int BLOCK = 1024;

    private static TrackProject track(String preset, List<TrackProject.ProjectCue> cues) throws IOException {
        return new TrackProject(TrackProject.Voice.of(Path.of("..", "presets", preset)), List.of(), cues);
    }

    @TempDir
    Path work;

    @ParameterizedTest(name = "{0} Hz")
    @ValueSource(ints = {44100, 48000})
    void twoTracksTwoVoicesEveryCueOnItsSampleAndTheSameAfterReload(int rate) throws Exception {
        final TrackProject low = track("guide-low.json", List.of(
                TrackProject.ProjectCue.at(0.5, "Good evening."),
                TrackProject.ProjectCue.at(3.5, "The train is late again."),
                TrackProject.ProjectCue.atBeat(9, "Nobody minds.")));                 // 9 beats at 90 = 6 s (4.5 s at 120)
        final TrackProject high = track("guide-high.json", List.of(
                TrackProject.ProjectCue.at(2.0, "Are you sure?"),
                TrackProject.ProjectCue.at(7.5, "Quite sure.")));
        final List<TrackProject> tracks = List.of(low, high);

        final Ardour ardour = new Ardour(Path.of(System.getProperty("understudy.bundle")), work);
        final Path session = ardour.createSession("s" + rate, rate, TEMPO, "Low", "High");
        for (int t = 0; t < 2; t++) Ardour.setPluginState(session, t, StateBlob.of(tracks.get(t).toBytes()).encode());

        final long start = Math.round(RANGE_START * rate), end = Math.round(RANGE_END * rate);
        final float[][] first = export(ardour, session, start, end, "first", true, rate);
        assertEquals(end - start, first[0].length, "export length");

        // what the engine renders for the same cues, placed at 90 beats per minute
        final float[] expected = new float[(int) (end - start)];
        final boolean[] inside = new boolean[expected.length];
        final List<double[]> f0 = new ArrayList<>();                                  // median F0 per cue, per track
        try (RenderService engine = new RenderService(new Frontend(CmuDict.empty(), Lexicon.EMPTY, null))) {
            for (TrackProject t : tracks) {
                final List<float[]> audio = engine.renderCues(t.scriptCues(TEMPO), t.voice().resolve(), Map.of(), rate, RenderListener.NONE).audio();
                final double[] pitches = new double[audio.size()];
                for (int c = 0; c < audio.size(); c++) {
                    final long at = Math.round(t.cues().get(c).seconds(TEMPO) * rate) - start;
                    for (int k = 0; k < audio.get(c).length; k++) {
                        expected[(int) (at + k)] += audio.get(c)[k];
                        inside[(int) (at + k)] = true;
                    }
                    final float[] heard = Arrays.copyOfRange(first[0], (int) at, (int) at + audio.get(c).length);
                    final long onset = onset(first[0], at);
                    assertTrue(onset >= at && onset - at <= BLOCK, t.voice().id() + " cue " + (c + 1) + ": speech starts at sample " + (start + onset)
                            + ", placed at " + (start + at));
                    pitches[c] = medianF0(heard, rate);
                }
                f0.add(pitches);
            }
        }
        System.out.printf("Ardour at %d Hz: median F0 per cue, guide-low %s, guide-high %s%n", rate, Arrays.toString(f0.get(0)), Arrays.toString(f0.get(1)));
        for (double lowF0 : f0.get(0)) for (double highF0 : f0.get(1)) assertTrue(highF0 > 1.4 * lowF0, "the two tracks' voices differ in pitch: " + lowF0 + " vs " + highF0 + " Hz");
        for (int ch = 0; ch < 2; ch++) {
            assertArrayEquals(expected, first[ch], 1e-5f, "channel " + ch + " differs from the engine's render");
            for (int i = 0; i < inside.length; i++) {
                if (!inside[i] && first[ch][i] != 0f) throw new AssertionError("sound outside the cues at sample " + (start + i) + ": " + first[ch][i]);
            }
        }

        // Ardour saved the session after the export: each instance's state holds its track
        final Set<TrackProject> saved = Set.of(TrackProject.parse(StateBlob.decode(Ardour.pluginState(session, 0)).payload()),
                TrackProject.parse(StateBlob.decode(Ardour.pluginState(session, 1)).payload()));
        assertEquals(Set.of(low, high), saved, "saved states");
        final float[][] second = export(ardour, session, start, end, "second", false, rate);
        for (int ch = 0; ch < 2; ch++) assertArrayEquals(first[ch], second[ch], 0f, "re-export after reload differs");
    }

    /**
     * Exports and reads the WAV. Ardour 7.3's exporter occasionally (about 1 run in 30 here) writes
     * a constant non-audio value into the right channel every 16 KiB of the file, whatever the
     * plugins play; values that large cannot come from Understudy, so such a file is exported once more.
     */
    private static float[][] export(Ardour ardour, Path session, long start, long end, String name, boolean save, int rate)
            throws Exception {
        float[][] audio = readWav(ardour.export(session, start, end, name, save), rate);
        if (hostGarbage(audio)) {
            System.out.println("Ardour wrote non-audio values into " + name + ".wav; exporting again");
            audio = readWav(ardour.export(session, start, end, name + "-again", false), rate);
        }
        return audio;
    }

    private static boolean hostGarbage(float[][] audio) {
        for (float[] channel : audio) for (float v : channel) if (!(Math.abs(v) < 100f)) return true;
        return false;
    }

    /** Where speech starts: in the first 5 ms window from {@code from - 100} on whose level is above -70 dBFS, its first sample above -80 dBFS. */
    private static long onset(float[] x, long from) {
        final int w = 240;
        for (int i = (int) Math.max(0, from - 100); i + w < x.length; i += 16) {
            double sum = 0;
            for (int k = 0; k < w; k++) sum += (double) x[i + k] * x[i + k];
            if (10 * Math.log10(sum / w + 1e-20) > -70) {
                for (int k = i; k < i + w; k++) if (Math.abs(x[k]) > 1e-4f) return k;          // its first sample above -80 dBFS
            }
        }
        return Long.MAX_VALUE;
    }

    /** Median F0 of the voiced 40 ms frames (normalised autocorrelation above 0.5, 60-400 Hz). */
    private static double medianF0(float[] x, int rate) {
        final int n = (int) (0.04 * rate), minLag = rate / 400, maxLag = rate / 60;
        final List<Double> f = new ArrayList<>();
        for (int s = 0; s + n + maxLag < x.length; s += n / 2) {
            double energy = 0;
            for (int i = 0; i < n; i++) energy += (double) x[s + i] * x[s + i];
            if (energy / n < 1e-5) continue;
            double best = 0;
            int lag = 0;
            for (int l = minLag; l <= maxLag; l++) {
                double c = 0, e2 = 0;
                for (int i = 0; i < n; i++) {
                    c += (double) x[s + i] * x[s + i + l];
                    e2 += (double) x[s + i + l] * x[s + i + l];
                }
                final double r = c / Math.sqrt(energy * e2 + 1e-20);
                if (r > best) {
                    best = r;
                    lag = l;
                }
            }
            if (best > 0.5) f.add((double) rate / lag);
        }
        if (f.isEmpty()) return Double.NaN;
        f.sort(null);
        return f.get(f.size() / 2);
    }

    private static float[][] readWav(Path file, int rate) throws IOException, UnsupportedAudioFileException {
        assertTrue(Files.exists(file), "Ardour wrote no " + file);
        try (AudioInputStream in = AudioSystem.getAudioInputStream(file.toFile())) {
            final AudioFormat f = in.getFormat();
            assertEquals(AudioFormat.Encoding.PCM_FLOAT, f.getEncoding(), "export format");
            assertEquals(32, f.getSampleSizeInBits());
            assertEquals(2, f.getChannels());
            assertEquals(rate, f.getSampleRate(), 0.0);
            final ByteBuffer b = ByteBuffer.wrap(in.readAllBytes()).order(f.isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
            final int frames = b.remaining() / 8;
            final float[][] out = new float[2][frames];
            for (int i = 0; i < frames; i++) {
                out[0][i] = b.getFloat();
                out[1][i] = b.getFloat();
            }
            return out;
        }
    }
}
