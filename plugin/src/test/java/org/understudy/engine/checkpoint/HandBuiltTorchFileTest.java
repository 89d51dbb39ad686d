package org.understudy.engine.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Torch files written by {@link TorchFileBuilder}: the types, views and pickle forms the fixtures do not contain. */
class HandBuiltTorchFileTest {
    private static final String SUPPORTED_TYPES = " (it reads float64, float32, float16, bfloat16, int64, int32, int16, int8, uint8 and bool)";

    @TempDir
    Path dir;

    /**
     * An OrderedDict state dict, keys deliberately not sorted, holding float16, bfloat16, int64, four
     * float32 views of one storage, an nn.Parameter of float64, an int64 scalar, and the usual
     * {@code _metadata} BUILD state.
     */
    private static TorchFileBuilder stateDict() {
        final TorchFileBuilder b = new TorchFileBuilder().orderedDict().mark();
        b.string("zeta.half").tensor("HalfStorage", "0", 6, 0, new long[] {2, 3}, new long[] {3, 1});
        b.string("alpha.bf16").tensor("BFloat16Storage", "1", 2, 0, new long[] {2}, new long[] {1});
        b.string("mid.int64").tensor("LongStorage", "2", 3, 0, new long[] {3}, new long[] {1});
        b.string("view.column").tensor("FloatStorage", "3", 12, 1, new long[] {3}, new long[] {4});
        b.string("view.rows").tensor("FloatStorage", "3", 12, 4, new long[] {2, 4}, new long[] {4, 1});
        b.string("view.transposed").tensor("FloatStorage", "3", 12, 0, new long[] {4, 3}, new long[] {1, 4});
        b.string("view.row").tensor("FloatStorage", "3", 12, 4, new long[] {1, 4}, new long[] {1, 1}); // a column transposed: odd size-1 stride
        b.string("param.double").global("torch._utils", "_rebuild_parameter").mark()
                .tensor("DoubleStorage", "4", 2, 0, new long[] {2}, new long[] {1}).bool(true).orderedDict().tuple().reduce();
        b.string("scalar.count").tensor("LongStorage", "5", 1, 0, new long[] {}, new long[] {});
        b.setItems();
        // state_dict._metadata = OrderedDict({"": {"version": 1}}), pickled as the dict's BUILD state
        b.emptyDict().string("_metadata").orderedDict().mark().string("").emptyDict().mark().string("version").integer(1).setItems().setItems()
                .op('s').build();
        b.storage("0", TorchFileBuilder.halves(0x3c00, 0xc000, 0x3800, 0x7bff, 0x0400, 0x0001));
        b.storage("1", TorchFileBuilder.halves(0x3fc0, 0xc000));
        b.storage("2", TorchFileBuilder.longs(1, -2, 1L << 40));
        b.storage("3", TorchFileBuilder.floats(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11));
        b.storage("4", TorchFileBuilder.doubles(0.25, -3.0));
        b.storage("5", TorchFileBuilder.longs(7));
        return b;
    }

    @Test
    void readsEveryTypeViewAndFormInOrder() throws Exception {
        final Checkpoint ckpt = Checkpoint.open(stateDict().write(dir.resolve("mixed.pth"), "archive", null));
        assertEquals(Checkpoint.Content.STATE_DICT, ckpt.content());
        assertEquals(List.of("zeta.half", "alpha.bf16", "mid.int64", "view.column", "view.rows", "view.transposed", "view.row", "param.double", "scalar.count"),
                ckpt.keys());

        final Tensor half = ckpt.tensor("zeta.half", 2, 3);
        assertEquals(DType.FLOAT16, half.dtype());
        assertArrayEquals(new float[] {1, -2, 0.5f, 65504, 0x1p-14f, 0x1p-24f}, half.toFloatArray());
        final FloatBuffer converted = half.toFloatBuffer();
        assertTrue(converted.isDirect());
        assertEquals(0x1p-24f, converted.get(5));

        assertEquals(DType.BFLOAT16, ckpt.tensor("alpha.bf16").dtype());
        assertArrayEquals(new float[] {1.5f, -2}, ckpt.tensor("alpha.bf16").toFloatArray());
        assertEquals(DType.INT64, ckpt.tensor("mid.int64").dtype());
        assertArrayEquals(new long[] {1, -2, 1L << 40}, ckpt.tensor("mid.int64").toLongArray());

        final Tensor column = ckpt.tensor("view.column", 3);
        assertFalse(column.isContiguous());
        assertArrayEquals(new float[] {1, 5, 9}, column.toFloatArray());
        final ByteBuffer columnBytes = column.bytes();
        assertEquals(12, columnBytes.remaining());
        assertEquals(9f, columnBytes.order(ByteOrder.LITTLE_ENDIAN).getFloat(8));

        final Tensor rows = ckpt.tensor("view.rows", 2, 4);
        assertTrue(rows.isContiguous());
        assertArrayEquals(new float[] {4, 5, 6, 7, 8, 9, 10, 11}, rows.toFloatArray());
        assertTrue(rows.toFloatBuffer().isReadOnly()); // a view of the mapping: no copy

        final Tensor transposed = ckpt.tensor("view.transposed", 4, 3);
        assertFalse(transposed.isContiguous());
        assertArrayEquals(new long[] {1, 4}, transposed.strides());
        assertArrayEquals(new float[] {0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11}, transposed.toFloatArray());

        final Tensor row = ckpt.tensor("view.row", 1, 4);
        assertTrue(row.isContiguous()); // the stride of a size-1 axis does not matter
        assertTrue(row.toFloatBuffer().isReadOnly());
        assertArrayEquals(new float[] {4, 5, 6, 7}, row.toFloatArray());

        assertEquals(DType.FLOAT64, ckpt.tensor("param.double").dtype());
        assertArrayEquals(new float[] {0.25f, -3}, ckpt.tensor("param.double").toFloatArray());

        final Tensor scalar = ckpt.tensor("scalar.count");
        assertEquals(0, scalar.rank());
        assertEquals(1, scalar.elementCount());
        assertArrayEquals(new long[] {7}, scalar.expectShape().toLongArray());
    }

    @Test
    void reportsTheVersionCodeWrittenOverPK() throws Exception {
        final Path file = stateDict().write(dir.resolve("lora.pth"), "archive", "03");
        assertEquals("03", MappedZip.open(file).versionCode().orElseThrow());
        final Checkpoint ckpt = Checkpoint.open(file);
        assertEquals("03", ckpt.versionCode().orElseThrow());
        assertEquals("archive", ckpt.zipRoot().orElseThrow());
        assertEquals(9, ckpt.keys().size());
    }

    @Test
    void aFileWithoutWeightsOpensAsOther() throws Exception {
        final Path file = new TorchFileBuilder().emptyDict().mark().string("note").string("hello").string("nothing").op('N').setItems()
                .write(dir.resolve("notes.pth"), "notes", null);
        final Checkpoint ckpt = Checkpoint.open(file);
        assertEquals(Checkpoint.Content.OTHER, ckpt.content());
        assertEquals(List.of(), ckpt.keys());
        assertEquals("hello", ckpt.value("note"));
        assertEquals(null, ckpt.value("nothing"));
        assertEquals(file + ": expected a GPT-SoVITS GPT model (.ckpt), but this is a PyTorch file without model weights",
                assertThrows(CheckpointException.class, () -> ckpt.expectContent(Checkpoint.Content.GPT)).getMessage());
    }

    @Test
    void refusesAnUnknownStorageClassByName() throws Exception {
        final TorchFileBuilder b = new TorchFileBuilder().orderedDict().mark();
        b.string("w").tensor("ComplexFloatStorage", "0", 2, 0, new long[] {2}, new long[] {1}).setItems();
        final Path file = b.storage("0", new byte[16]).write(dir.resolve("complex.pth"), "archive", null);
        assertMessage(file + ": cannot read its pickled contents (archive/data.pkl): it holds tensors of type torch.ComplexFloatStorage,"
                + " which Understudy does not read" + SUPPORTED_TYPES, file);
    }

    @Test
    void refusesAnyOtherPythonClassByName() throws Exception {
        final Path file = new TorchFileBuilder().global("os", "system").mark().string("echo hello").tuple().reduce()
                .write(dir.resolve("evil.pth"), "archive", null);
        assertMessage(file + ": cannot read its pickled contents (archive/data.pkl): it uses the Python class os.system, which Understudy does not read",
                file);
    }

    @Test
    void refusesATensorWhoseStorageRecordIsMissing() throws Exception {
        final TorchFileBuilder b = new TorchFileBuilder().orderedDict().mark();
        b.string("w").tensor("FloatStorage", "9", 4, 0, new long[] {4}, new long[] {1}).setItems();
        final Path file = b.write(dir.resolve("missing.pth"), "archive", null);
        assertMessage(file + ": is damaged: tensor 'w' refers to archive/data/9, which is missing", file);
    }

    @Test
    void refusesAViewThatReachesPastItsStorage() throws Exception {
        final TorchFileBuilder b = new TorchFileBuilder().orderedDict().mark();
        b.string("w").tensor("FloatStorage", "0", 4, 2, new long[] {3}, new long[] {1}).setItems();
        final Path file = b.storage("0", TorchFileBuilder.floats(0, 1, 2, 3)).write(dir.resolve("overrun.pth"), "archive", null);
        assertMessage(file + ": is damaged: tensor 'w' (shape [3], offset 2, strides [1]) does not fit in its storage of 4 elements", file);
    }

    @Test
    void refusesCompressedEntries() throws Exception {
        final Path file = stateDict().compressed().write(dir.resolve("repacked.pth"), "archive", null);
        assertMessage(file + ": zip entry archive/data.pkl is compressed (zip method 8); PyTorch stores entries uncompressed,"
                + " so another tool has repacked this file. Use the file as PyTorch saved it.", file);
    }

    @Test
    void typedAccessorsSayWhatTheTensorIs() throws Exception {
        final Path file = stateDict().write(dir.resolve("mixed.pth"), "archive", null);
        final Checkpoint ckpt = Checkpoint.open(file);
        final var notInteger = assertThrows(CheckpointException.class, () -> ckpt.tensor("view.rows").toLongArray());
        assertEquals(file + ": tensor 'view.rows' is float32, expected an integer tensor", notInteger.getMessage());
        final var notFloat = assertThrows(CheckpointException.class, () -> ckpt.tensor("mid.int64").toFloatArray());
        assertEquals(file + ": tensor 'mid.int64' is int64, expected a floating-point tensor", notFloat.getMessage());
    }

    private static void assertMessage(String expected, Path file) {
        assertEquals(expected, assertThrows(CheckpointException.class, () -> Checkpoint.open(file)).getMessage());
    }
}
