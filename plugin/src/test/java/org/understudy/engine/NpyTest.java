package org.understudy.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The .npy reader on files laid out byte for byte as NumPy 1.0 writes them. */
class NpyTest {
    @TempDir
    Path dir;

    /** Magic, version 1.0, header length, the header dict padded with spaces and '\n' to a multiple of 64, then the data. */
    private Path write(String name, String dict, byte[] data) throws IOException {
        final StringBuilder header = new StringBuilder(dict);
        while ((10 + header.length() + 1) % 64 != 0) header.append(' ');
        header.append('\n');
        final ByteBuffer b = ByteBuffer.allocate(10 + header.length() + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length());
        b.put(header.toString().getBytes(StandardCharsets.US_ASCII)).put(data);
        return Files.write(dir.resolve(name), b.array());
    }

    private static byte[] littleEndian(int bytesPerValue, long... values) {
        final ByteBuffer b = ByteBuffer.allocate(values.length * bytesPerValue).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            if (bytesPerValue == 8) b.putLong(v);
            else if (bytesPerValue == 4) b.putInt((int) v);
            else b.put((byte) v);
        }
        return b.array();
    }

    @Test
    void readsEveryFixtureType() throws Exception {
        final ByteBuffer floats = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.5f).putFloat(-2);
        final Npy f32 = Npy.read(write("f.npy", "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2), }", floats.array()));
        assertEquals("float32", f32.dtype());
        assertArrayEquals(new long[] {1, 2}, f32.shape());
        assertArrayEquals(new float[] {1.5f, -2}, f32.toFloatArray());

        assertArrayEquals(new long[] {-1, 1L << 40}, Npy.read(write("l.npy", "{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }",
                littleEndian(8, -1, 1L << 40))).toLongArray());
        final Npy i32 = Npy.read(write("i.npy", "{'descr': '<i4', 'fortran_order': False, 'shape': (3,), }", littleEndian(4, 7, -8, 9)));
        assertEquals("int32", i32.dtype());
        assertArrayEquals(new long[] {7, -8, 9}, i32.toLongArray());
        final Npy mask = Npy.read(write("m.npy", "{'descr': '|u1', 'fortran_order': False, 'shape': (2, 2), }", littleEndian(1, 0, 1, 255, 0)));
        assertArrayEquals(new int[] {0, 1, 255, 0}, mask.toUnsignedByteArray());
        assertEquals(4, mask.elementCount());
    }

    @Test
    void refusesWhatItDoesNotRead() throws Exception {
        final Path fortran = write("fortran.npy", "{'descr': '<f4', 'fortran_order': True, 'shape': (1,), }", new byte[4]);
        assertEquals(fortran + ": Fortran order is not read", assertThrows(IOException.class, () -> Npy.read(fortran)).getMessage());
        final Path bigEndian = write("big.npy", "{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }", new byte[4]);
        assertEquals(bigEndian + ": dtype >f4 is not read", assertThrows(IOException.class, () -> Npy.read(bigEndian)).getMessage());
        final Path truncated = write("short.npy", "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", new byte[4]);
        assertEquals(truncated + ": data size does not match the shape", assertThrows(IOException.class, () -> Npy.read(truncated)).getMessage());
    }
}
