package org.understudy.engine.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The entries of a PyTorch zip checkpoint ({@code .ckpt}, {@code .pth}, {@code pytorch_model.bin}),
 * found through the zip's central directory and memory-mapped: each entry is a zero-copy,
 * read-only, little-endian slice of the file.
 *
 * <p>Neither {@code java.util.zip} class can do this. {@code ZipInputStream} rejects the data
 * descriptors PyTorch sets on its uncompressed entries, and {@code ZipFile} rejects the GPT-SoVITS
 * files whose first two bytes ({@code PK}) were overwritten with a version code such as {@code 05}.
 * This reader accepts such a code and reports it. It reads uncompressed (STORED) entries only, as
 * PyTorch writes them, and not ZIP64 archives (over 4 GB).
 */
public final class MappedZip {
    private static final int LOCAL_HEADER = 0x04034b50;
    private static final int CENTRAL_HEADER = 0x02014b50;
    private static final int END_RECORD = 0x06054b50;
    private static final int END_RECORD_SIZE = 22;
    private static final int LOCAL_HEADER_SIZE = 30;
    private static final int CENTRAL_HEADER_SIZE = 46;
    private static final String CUT_SHORT = "the file is cut short (truncated): ";
    private static final String COPY_AGAIN = ". Copy or download it again.";

    private final Path file;
    private final String versionCode;
    private final Map<String, ByteBuffer> entries;

    private MappedZip(Path file, String versionCode, Map<String, ByteBuffer> entries) {
        this.file = file;
        this.versionCode = versionCode;
        this.entries = entries;
    }

    /** [any-thread] Maps the entries of {@code file}. The mappings live as long as their buffers. */
    public static MappedZip open(Path file) throws CheckpointException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(file, channel);
        } catch (IOException e) {
            if (e instanceof CheckpointException ce) throw ce;
            throw new CheckpointException(file, "cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * [any-thread] The two ASCII digits GPT-SoVITS wrote over {@code PK} (e.g. {@code 05} for a
     * v2Pro SoVITS file), or empty for a file that starts with {@code PK}.
     */
    public Optional<String> versionCode() {
        return Optional.ofNullable(versionCode);
    }

    /** [any-thread] Entry names in central-directory order. */
    public List<String> names() {
        return List.copyOf(entries.keySet());
    }

    /** [any-thread] */
    public boolean contains(String name) {
        return entries.containsKey(name);
    }

    /** [any-thread] The bytes of entry {@code name}: a read-only little-endian view of the mapping. */
    public ByteBuffer entry(String name) throws CheckpointException {
        final ByteBuffer bytes = entries.get(name);
        if (bytes == null) throw new CheckpointException(file, "the archive has no entry " + name + "; the file is damaged");
        return bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    private static MappedZip read(Path file, FileChannel channel) throws IOException {
        final long size = channel.size();
        final ByteBuffer start = readAt(channel, 0, (int) Math.min(4, size));
        if (!startsLikeTorchZip(start)) throw new CheckpointException(file, "not a zip archive");
        final String versionCode = start.get(0) == 'P' ? null : "" + (char) start.get(0) + (char) start.get(1);

        // The end record sits in the last 22 bytes, or before a comment of up to 65535 bytes.
        final int tailLength = (int) Math.min(size, END_RECORD_SIZE + 0xffff);
        final ByteBuffer tail = readAt(channel, size - tailLength, tailLength);
        int end = -1;
        for (int i = tailLength - END_RECORD_SIZE; i >= 0 && end < 0; i--) {
            if (tail.getInt(i) == END_RECORD && i + END_RECORD_SIZE + u16(tail, i + 20) == tailLength) end = i;
        }
        if (end < 0) throw new CheckpointException(file, CUT_SHORT + "the zip directory at its end is missing" + COPY_AGAIN);
        final int count = u16(tail, end + 10);
        final long directorySize = u32(tail, end + 12);
        final long directoryOffset = u32(tail, end + 16);
        if (count == 0xffff || directorySize == 0xffffffffL || directoryOffset == 0xffffffffL) throw zip64(file);
        if (directoryOffset + directorySize > size - tailLength + end) {
            throw new CheckpointException(file, CUT_SHORT + "the zip directory starts past the end of the file" + COPY_AGAIN);
        }

        final ByteBuffer directory = channel.map(FileChannel.MapMode.READ_ONLY, directoryOffset, directorySize).order(ByteOrder.LITTLE_ENDIAN);
        final Map<String, ByteBuffer> entries = new LinkedHashMap<>();
        int at = 0;
        for (int i = 0; i < count; i++) {
            if (at + CENTRAL_HEADER_SIZE > directorySize || directory.getInt(at) != CENTRAL_HEADER) {
                throw new CheckpointException(file, "the zip directory is damaged at entry " + i);
            }
            final int flags = u16(directory, at + 8);
            final int method = u16(directory, at + 10);
            final long compressedSize = u32(directory, at + 20);
            final long length = u32(directory, at + 24);
            final int nameLength = u16(directory, at + 28);
            final int extraLength = u16(directory, at + 30);
            final int commentLength = u16(directory, at + 32);
            final long localOffset = u32(directory, at + 42);
            final byte[] nameBytes = new byte[nameLength];
            directory.get(at + CENTRAL_HEADER_SIZE, nameBytes);
            final String name = new String(nameBytes, StandardCharsets.UTF_8);
            at += CENTRAL_HEADER_SIZE + nameLength + extraLength + commentLength;

            if (compressedSize == 0xffffffffL || length == 0xffffffffL || localOffset == 0xffffffffL) throw zip64(file);
            if ((flags & 1) != 0) throw new CheckpointException(file, "zip entry " + name + " is encrypted");
            if (method != 0 || compressedSize != length) {
                throw new CheckpointException(file, "zip entry " + name + " is compressed (zip method " + method
                        + "); PyTorch stores entries uncompressed, so another tool has repacked this file. Use the file as PyTorch saved it.");
            }
            if (length > Integer.MAX_VALUE) throw new CheckpointException(file, "zip entry " + name + " is over 2 GB, which is not supported");

            // The local header's extra field can differ from the central one: PyTorch pads it to align the data.
            if (localOffset + LOCAL_HEADER_SIZE > size) {
                throw new CheckpointException(file, CUT_SHORT + "zip entry " + name + " starts past the end of the file" + COPY_AGAIN);
            }
            final ByteBuffer local = readAt(channel, localOffset, LOCAL_HEADER_SIZE);
            final boolean signed = localOffset == 0 ? local.getShort(2) == 0x0403 : local.getInt(0) == LOCAL_HEADER;
            if (!signed) throw new CheckpointException(file, "the zip archive is damaged: entry " + name + " has no local header");
            final long dataStart = localOffset + LOCAL_HEADER_SIZE + u16(local, 26) + u16(local, 28);
            if (dataStart + length > size) {
                throw new CheckpointException(file, CUT_SHORT + "zip entry " + name + " ends past the end of the file" + COPY_AGAIN);
            }
            entries.put(name, channel.map(FileChannel.MapMode.READ_ONLY, dataStart, length).asReadOnlyBuffer());
        }
        return new MappedZip(file, versionCode, Collections.unmodifiableMap(entries));
    }

    /** A local header signature, whose first two bytes may be a GPT-SoVITS version code instead of "PK". */
    static boolean startsLikeTorchZip(ByteBuffer start) {
        if (start.limit() < 4 || start.get(2) != 3 || start.get(3) != 4) return false;
        final int a = start.get(0), b = start.get(1);
        return a == 'P' && b == 'K' || a >= '0' && a <= '9' && b >= '0' && b <= '9';
    }

    private static CheckpointException zip64(Path file) {
        return new CheckpointException(file, "ZIP64 archives (over 4 GB or 65535 entries) are not supported");
    }

    static ByteBuffer readAt(FileChannel channel, long position, int length) throws IOException {
        final ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) break;
        }
        return buffer.flip();
    }

    private static int u16(ByteBuffer b, int at) {
        return b.getShort(at) & 0xffff;
    }

    private static long u32(ByteBuffer b, int at) {
        return b.getInt(at) & 0xffffffffL;
    }
}
