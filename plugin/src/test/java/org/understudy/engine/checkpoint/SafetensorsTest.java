package org.understudy.engine.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A safetensors file written by hand, with the types the HuBERT fixture (all float32) lacks. */
class SafetensorsTest {
    @TempDir
    Path dir;

    /** An 8-byte little-endian header length, the JSON header, the data. */
    static Path writeSafetensors(Path file, String header, byte[] data) throws Exception {
        final byte[] json = header.getBytes(StandardCharsets.UTF_8);
        final ByteBuffer bytes = ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putLong(json.length).put(json).put(data);
        return Files.write(file, bytes.array());
    }

    @Test
    void readsHalfBfloatIntegerAndFloatTensorsInHeaderOrder() throws Exception {
        final ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.writeBytes(TorchFileBuilder.halves(0x3c00, 0xbc00, 0x7c00, 0x0001)); // 1, -1, inf, smallest subnormal
        data.writeBytes(TorchFileBuilder.halves(0x3fc0, 0x4049)); // bfloat16 1.5, 3.140625
        data.writeBytes(TorchFileBuilder.longs(-5, 1L << 50));
        data.writeBytes(TorchFileBuilder.floats(0.5f, 2, 4, 8, 16, 32));
        final String header = "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"zz.half\":{\"dtype\":\"F16\",\"shape\":[2,2],\"data_offsets\":[0,8]},"
                + "\"aa.bf16\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[8,12]},"
                + "\"mm.ids\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[12,28]},"
                + "\"bb.weight\":{\"dtype\":\"F32\",\"shape\":[3,2],\"data_offsets\":[28,52]}}";
        final Checkpoint ckpt = Checkpoint.open(writeSafetensors(dir.resolve("small.safetensors"), header, data.toByteArray()));

        assertEquals(List.of("zz.half", "aa.bf16", "mm.ids", "bb.weight"), ckpt.keys());
        assertEquals("pt", ckpt.value("__metadata__", "format"));
        assertEquals(DType.FLOAT16, ckpt.tensor("zz.half").dtype());
        assertArrayEquals(new float[] {1, -1, Float.POSITIVE_INFINITY, 0x1p-24f}, ckpt.tensor("zz.half", 2, 2).toFloatArray());
        assertArrayEquals(new float[] {1.5f, 3.140625f}, ckpt.tensor("aa.bf16", 2).toFloatArray());
        assertArrayEquals(new long[] {-5, 1L << 50}, ckpt.tensor("mm.ids", 2).toLongArray());

        final Tensor weight = ckpt.tensor("bb.weight", 3, 2);
        assertArrayEquals(new long[] {2, 1}, weight.strides());
        assertTrue(weight.isContiguous());
        assertTrue(weight.toFloatBuffer().isReadOnly()); // mapped view
        assertEquals(32f, weight.toFloatBuffer().get(5));
        assertEquals("bb.weight float32[3, 2]", weight.toString());
    }
}
