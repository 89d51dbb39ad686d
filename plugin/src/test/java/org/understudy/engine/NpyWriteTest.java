package org.understudy.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyWriteTest {
    @TempDir
    Path dir;

    @Test
    void writesWhatItReads() throws Exception {
        final Path f = dir.resolve("a.npy"), l = dir.resolve("b.npy");
        Npy.write(f, new float[] {1.5f, -2f, 3f, 4f, 5f, 6f}, 2, 3);
        Npy.write(l, new long[] {7, 8, 9}, 3);
        final Npy a = Npy.read(f), b = Npy.read(l);
        assertArrayEquals(new long[] {2, 3}, a.shape());
        assertArrayEquals(new float[] {1.5f, -2f, 3f, 4f, 5f, 6f}, a.toFloatArray());
        assertArrayEquals(new long[] {7, 8, 9}, b.toLongArray());
        final byte[] raw = Files.readAllBytes(f);
        assertEquals(0, (10 + (raw[8] & 0xFF) + ((raw[9] & 0xFF) << 8)) % 64, "header padded to a multiple of 64 bytes");
        final String header = new String(Files.readAllBytes(l), 10, 60, java.nio.charset.StandardCharsets.US_ASCII);
        assertEquals(true, header.contains("'shape': (3,)"), header);
    }
}
