package org.understudy.engine.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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

/**
 * FLAC files made by the reference encoder ({@code flac}, installed by CI) decode to exactly the
 * samples of the WAV they were made from, across bit depths, rates, channel layouts, block sizes and
 * compression levels; damaged files are refused.
 */
class FlacFileTest {
    @TempDir
    Path dir;

    /** Speech-like test audio: tones and noise (LPC and verbatim subframes), a silent stretch (constant), correlated channels (mid/side). */
    private static float[][] signal(int channels, int rate, double seconds) {
        final int n = (int) (rate * seconds);
        final float[][] s = new float[channels][n];
        final Random random = new Random(7);
        for (int i = 0; i < n; i++) {
            final double t = (double) i / rate;
            final boolean silent = t > seconds * 0.4 && t < seconds * 0.6;
            final double noise = t > seconds * 0.8 ? 0.5 * random.nextGaussian() : 0.002 * random.nextGaussian();
            final double v = silent ? 0 : 0.4 * Math.sin(2 * Math.PI * 220 * t) + 0.2 * Math.sin(2 * Math.PI * 1330 * t * (1 + t)) + noise;
            for (int c = 0; c < channels; c++) s[c][i] = (float) Math.max(-1, Math.min(0.999, v * (1 - 0.3 * c) + (silent ? 0 : 0.01 * c * random.nextGaussian())));
        }
        return s;
    }

    private Path encode(Path wav, String... options) throws IOException, InterruptedException {
        final Path flac = dir.resolve(wav.getFileName() + "." + String.join("", options).replaceAll("[^A-Za-z0-9]", "") + ".flac");
        final List<String> cmd = new ArrayList<>(List.of("flac", "-f", "-o", flac.toString()));
        cmd.addAll(List.of(options));
        cmd.add(wav.toString());
        final Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("this test needs the reference FLAC encoder: apt-get install flac", e);
        }
        final String output = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), output);
        return flac;
    }

    private void roundTrip(int channels, int rate, WavFile.Format format, String... options) throws Exception {
        final Path wav = dir.resolve(channels + "ch" + rate + format + ".wav");
        WavFile.write(wav, signal(channels, rate, 1.3), rate, format, "", Map.of());
        final WavFile.Audio expected = WavFile.read(wav);
        final WavFile.Audio flac = FlacFile.read(encode(wav, options));
        assertEquals(rate, flac.sampleRate());
        assertEquals(channels, flac.samples().length);
        for (int c = 0; c < channels; c++) assertArrayEquals(expected.samples()[c], flac.samples()[c], "channel " + c + " with " + List.of(options));
    }

    @Test
    void stereo16BitAtEveryCompressionLevel() throws Exception {
        for (String level : new String[] {"-0", "-3", "-5", "-8"}) roundTrip(2, 44100, WavFile.Format.PCM16, level);
    }

    @Test
    void mono24BitAt96k() throws Exception {
        roundTrip(1, 96000, WavFile.Format.PCM24, "-8");
    }

    @Test
    void oddBlockSizesRatesAndLayouts() throws Exception {
        roundTrip(2, 48000, WavFile.Format.PCM24, "--lax", "-b", "1000", "-l", "32", "-q", "15");
        roundTrip(3, 22050, WavFile.Format.PCM16, "-5", "-b", "192", "--channel-map=none");
        roundTrip(1, 11025, WavFile.Format.PCM16, "-7", "-b", "4608");
        roundTrip(2, 16000, WavFile.Format.PCM16, "--lax", "-b", "65535", "-r", "0,15", "-e", "-p");
    }

    @Test
    void midSideStereoAndWastedBits() throws Exception {
        final int rate = 44100, n = rate;
        final Random random = new Random(3);
        final int[][] pcm = new int[2][n];
        for (int i = 0; i < n; i++) {
            final double mid = 0.5 * Math.sin(2 * Math.PI * 300 * i / rate), side = 0.05 * random.nextGaussian();
            // 16-bit values in a 24-bit file: the low 8 bits are always zero ("wasted bits")
            pcm[0][i] = (int) Math.round((mid + side) * 32767) << 8;
            pcm[1][i] = (int) Math.round((mid - side) * 32767) << 8;
        }
        final Path wav = dir.resolve("midside.wav");
        final java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(44 + n * 6).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x46464952).putInt(36 + n * 6).putInt(0x45564157).putInt(0x20746D66).putInt(16).putShort((short) 1).putShort((short) 2)
                .putInt(rate).putInt(rate * 6).putShort((short) 6).putShort((short) 24).putInt(0x61746164).putInt(n * 6);
        for (int i = 0; i < n; i++) {
            for (int[] channel : pcm) b.put((byte) channel[i]).put((byte) (channel[i] >> 8)).put((byte) (channel[i] >> 16));
        }
        Files.write(wav, b.array());
        final WavFile.Audio flac = FlacFile.read(encode(wav, "-8"));
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < n; i++) assertEquals(pcm[c][i] / 8388608f, flac.samples()[c][i], "channel " + c + " sample " + i);
        }
    }

    @Test
    void tagsAndAnyContainerHeader() throws Exception {
        final Path wav = dir.resolve("tagged.wav");
        WavFile.write(wav, signal(1, 48000, 0.5), 48000, WavFile.Format.PCM16, "", Map.of());
        final Path flac = encode(wav, "-T", "ARTIST=Alice Example", "-T", "title=Reference take 3");
        final WavFile.Audio a = AudioFile.read(flac);
        assertEquals("Alice Example", a.info().get("ARTIST"));
        assertEquals("Reference take 3", a.info().get("TITLE"));
        assertArrayEquals(WavFile.read(wav).samples()[0], a.samples()[0]);
        assertEquals(WavFile.read(wav).samples()[0].length, AudioFile.read(wav).samples()[0].length);
    }

    @Test
    void damagedFilesAreRefused() throws Exception {
        final Path wav = dir.resolve("damage.wav");
        WavFile.write(wav, signal(2, 44100, 1.0), 44100, WavFile.Format.PCM16, "", Map.of());
        final byte[] good = Files.readAllBytes(encode(wav, "-5"));

        final byte[] flipped = good.clone();
        flipped[good.length * 2 / 3] ^= 0x10;
        assertRefused(flipped, "damaged");

        assertRefused(java.util.Arrays.copyOf(good, good.length / 2), "truncated");
        assertRefused(java.util.Arrays.copyOf(good, 30), "truncated");
        assertRefused("not audio at all".getBytes(), "not a FLAC file");
        final Path other = dir.resolve("notes.flac");
        Files.writeString(other, "plain text");
        final IOException e = assertThrows(IOException.class, () -> AudioFile.read(other));
        assertTrue(e.getMessage().contains("not a WAV or FLAC file"), e.getMessage());
    }

    private void assertRefused(byte[] bytes, String expected) throws IOException {
        final Path f = dir.resolve("bad.flac");
        Files.write(f, bytes);
        final IOException e = assertThrows(IOException.class, () -> FlacFile.read(f));
        assertTrue(e.getMessage().startsWith(f + ": ") && e.getMessage().contains(expected), e.getMessage());
    }
}
