package org.understudy.engine.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WavFileTest {
    @TempDir
    Path dir;

    private static float[][] stereoTone(int frames) {
        final float[][] x = new float[2][frames];
        for (int i = 0; i < frames; i++) {
            x[0][i] = (float) (0.5 * Math.sin(2 * Math.PI * 440 * i / 48000));
            x[1][i] = -x[0][i] * 0.5f;
        }
        return x;
    }

    @ParameterizedTest
    @EnumSource(WavFile.Format.class)
    void roundTripsWithMetadata(WavFile.Format format) throws IOException {
        final Path f = dir.resolve("cue.wav");
        final float[][] x = stereoTone(4801);
        WavFile.write(f, x, 48000, format, "AI-generated voice: Understudy, preset narrator", Map.of("ICMT", "AI-generated speech", "ISFT", "Understudy"));
        final WavFile.Audio back = WavFile.read(f);
        assertEquals(48000, back.sampleRate());
        assertEquals(4801, back.frames());
        final float tolerance = format == WavFile.Format.FLOAT32 ? 0f : format == WavFile.Format.PCM24 ? 2e-7f : 4e-5f;
        for (int c = 0; c < 2; c++) assertArrayEquals(x[c], back.samples()[c], tolerance, format + " channel " + c);
        assertEquals("AI-generated speech", back.info().get("ICMT"));
        assertEquals("Understudy", back.info().get("ISFT"));
        assertEquals("AI-generated voice: Understudy, preset narrator", back.info().get("bext.description"));
    }

    @ParameterizedTest
    @EnumSource(value = WavFile.Format.class, names = {"PCM16", "PCM24"})
    void pcmSamplesSurviveAWriteAndReadExactly(WavFile.Format format) throws IOException {
        final float full = format == WavFile.Format.PCM16 ? 32768f : 8388608f;
        final float[][] x = {{0f, 1f / full, -1f / full, 0.5f, -0.5f, -1f, (full - 1) / full, 1f, 1.5f, -2f}};
        final Path f = dir.resolve("exact.wav");
        WavFile.write(f, x, 44100, format, "", Map.of());
        assertArrayEquals(new float[] {0f, 1f / full, -1f / full, 0.5f, -0.5f, -1f, (full - 1) / full, (full - 1) / full, (full - 1) / full, -1f},
                WavFile.read(f).samples()[0], format + ": same scale both ways, clipped to the format's range");
    }

    @Test
    void javaSoundReadsWhatWeWrite() throws Exception {
        final Path f = dir.resolve("pcm.wav");
        WavFile.write(f, stereoTone(1000), 48000, WavFile.Format.PCM16, "test", Map.of());
        try (AudioInputStream in = AudioSystem.getAudioInputStream(f.toFile())) {
            assertEquals(2, in.getFormat().getChannels());
            assertEquals(1000, in.getFrameLength());
        }
    }

    @Test
    void badFilesAreRefusedByName() throws IOException {
        final Path text = Files.writeString(dir.resolve("notes.wav"), "hello, not audio");
        assertTrue(assertThrows(IOException.class, () -> WavFile.read(text)).getMessage().contains("notes.wav: not a WAV file"));
        final Path good = dir.resolve("good.wav");
        WavFile.write(good, stereoTone(100), 48000, WavFile.Format.PCM16, "", Map.of());
        final byte[] bytes = Files.readAllBytes(good);
        final Path noData = dir.resolve("cut.wav");
        Files.write(noData, java.util.Arrays.copyOf(bytes, 40));
        assertTrue(assertThrows(IOException.class, () -> WavFile.read(noData)).getMessage().contains("cut.wav"));
    }

    @Test
    void writesAtomicallyAndSaysWhenItCannot() throws IOException {
        final Path missing = dir.resolve("no-such-folder").resolve("x.wav");
        assertTrue(assertThrows(IOException.class, () -> WavFile.write(missing, stereoTone(10), 48000, WavFile.Format.PCM16, "", Map.of()))
                .getMessage().contains("does not exist"));
        final Path f = dir.resolve("final.wav");
        WavFile.write(f, stereoTone(10), 48000, WavFile.Format.PCM24, "", Map.of());
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".part")), "no temporary file is left");
        }
        final Path plain = Files.write(dir.resolve("plain.bin"), new byte[1]);
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(f), "permissions as any new file, not a temp file's 0600");
    }
}
