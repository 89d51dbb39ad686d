package org.understudy.engine.checkpoint;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes small torch zip checkpoints by hand, for cases the fixtures lack (bfloat16, int64, strided
 * views, parameters, unknown classes). The pickle is protocol 2 with the opcodes torch.save emits;
 * the calls read like the stack machine: {@code mark().string("a").integer(1).tuple()} pushes ("a", 1).
 */
final class TorchFileBuilder {
    private final ByteArrayOutputStream pickle = new ByteArrayOutputStream();
    private final Map<String, byte[]> storages = new LinkedHashMap<>();
    private boolean compress;

    TorchFileBuilder() {
        op(0x80).op(2); // PROTO 2
    }

    TorchFileBuilder op(int opcode) {
        pickle.write(opcode);
        return this;
    }

    TorchFileBuilder mark() {
        return op('(');
    }

    TorchFileBuilder tuple() {
        return op('t');
    }

    TorchFileBuilder emptyTuple() {
        return op(')');
    }

    TorchFileBuilder emptyDict() {
        return op('}');
    }

    TorchFileBuilder setItems() {
        return op('u');
    }

    TorchFileBuilder reduce() {
        return op('R');
    }

    TorchFileBuilder build() {
        return op('b');
    }

    TorchFileBuilder bool(boolean value) {
        return op(value ? 0x88 : 0x89);
    }

    TorchFileBuilder global(String module, String name) {
        op('c');
        pickle.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    TorchFileBuilder string(String value) {
        final byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        op('X');
        pickle.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(utf8.length).array());
        pickle.writeBytes(utf8);
        return this;
    }

    TorchFileBuilder integer(long value) {
        if (value == (int) value) {
            op('J'); // BININT
            pickle.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) value).array());
        } else {
            op(0x8a).op(8); // LONG1, 8 bytes, two's complement little-endian
            pickle.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array());
        }
        return this;
    }

    TorchFileBuilder ints(long... values) {
        mark();
        for (long v : values) integer(v);
        return tuple();
    }

    /** Pushes an empty {@code collections.OrderedDict()}. */
    TorchFileBuilder orderedDict() {
        return global("collections", "OrderedDict").emptyTuple().reduce();
    }

    /** Pushes {@code _rebuild_tensor_v2(storage, offset, shape, strides, False, OrderedDict())} over record {@code data/<key>}. */
    TorchFileBuilder tensor(String storageClass, String key, long storageElements, long offset, long[] shape, long[] strides) {
        global("torch._utils", "_rebuild_tensor_v2").mark();
        mark().string("storage").global("torch", storageClass).string(key).string("cpu").integer(storageElements).tuple().op('Q'); // BINPERSID
        integer(offset).ints(shape).ints(strides).bool(false).orderedDict();
        return tuple().reduce();
    }

    /** Adds record {@code data/<key>} with these raw little-endian bytes. */
    TorchFileBuilder storage(String key, byte[] bytes) {
        storages.put(key, bytes);
        return this;
    }

    /** Writes every entry DEFLATE-compressed, as a zip tool repacking a checkpoint would. */
    TorchFileBuilder compressed() {
        compress = true;
        return this;
    }

    /** Ends the pickle (STOP) and writes the zip under {@code root/}; {@code versionCode} replaces "PK" when not null. */
    Path write(Path file, String root, String versionCode) throws IOException {
        final ByteArrayOutputStream zipBytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(zipBytes)) {
            final byte[] pickleBytes = pickle.toByteArray();
            final byte[] stopped = Arrays.copyOf(pickleBytes, pickleBytes.length + 1);
            stopped[pickleBytes.length] = '.';
            put(zip, root + "/data.pkl", stopped);
            for (Map.Entry<String, byte[]> s : storages.entrySet()) put(zip, root + "/data/" + s.getKey(), s.getValue());
            put(zip, root + "/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        }
        final byte[] bytes = zipBytes.toByteArray();
        if (versionCode != null) {
            bytes[0] = (byte) versionCode.charAt(0);
            bytes[1] = (byte) versionCode.charAt(1);
        }
        return Files.write(file, bytes);
    }

    private void put(ZipOutputStream zip, String name, byte[] data) throws IOException {
        final ZipEntry entry = new ZipEntry(name);
        if (!compress) {
            final CRC32 crc = new CRC32();
            crc.update(data);
            entry.setMethod(ZipEntry.STORED);
            entry.setSize(data.length);
            entry.setCompressedSize(data.length);
            entry.setCrc(crc.getValue());
        }
        zip.putNextEntry(entry);
        zip.write(data);
        zip.closeEntry();
    }

    static byte[] halves(int... bits) {
        final ByteBuffer b = ByteBuffer.allocate(bits.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : bits) b.putShort((short) v);
        return b.array();
    }

    static byte[] floats(float... values) {
        final ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) b.putFloat(v);
        return b.array();
    }

    static byte[] doubles(double... values) {
        final ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) b.putDouble(v);
        return b.array();
    }

    static byte[] longs(long... values) {
        final ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) b.putLong(v);
        return b.array();
    }
}
