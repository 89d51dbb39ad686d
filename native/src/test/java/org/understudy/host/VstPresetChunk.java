package org.understudy.host;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The .vstpreset-style chunk Ardour keeps per VST3 plugin (little-endian): "VST3", int32 version,
 * the class id as 32 hex characters, int64 offset of the list, the chunk data, then "List",
 * int32 count and {id[4], int64 offset, int64 size} per entry. We use only the 'Comp' entry.
 */
final class VstPresetChunk {
    private static final int HEADER = 48;

    private VstPresetChunk() {}

    static byte[] of(String classId, byte[] component) {
        final int listAt = HEADER + component.length;
        final ByteBuffer b = ByteBuffer.allocate(listAt + 4 + 4 + 20).order(ByteOrder.LITTLE_ENDIAN);
        b.put("VST3".getBytes(StandardCharsets.US_ASCII)).putInt(1).put(classId.getBytes(StandardCharsets.US_ASCII)).putLong(listAt);
        b.put(component);
        b.put("List".getBytes(StandardCharsets.US_ASCII)).putInt(1);
        b.put("Comp".getBytes(StandardCharsets.US_ASCII)).putLong(HEADER).putLong(component.length);
        return b.array();
    }

    /** The 'Comp' entry of a chunk. */
    static byte[] component(byte[] chunk) {
        final ByteBuffer b = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
        if (chunk.length < HEADER || !"VST3".equals(new String(chunk, 0, 4, StandardCharsets.US_ASCII))) {
            throw new IllegalArgumentException("not a VST3 preset chunk");
        }
        final int listAt = (int) b.getLong(40);
        if (!"List".equals(new String(chunk, listAt, 4, StandardCharsets.US_ASCII))) throw new IllegalArgumentException("chunk list missing");
        final int count = b.getInt(listAt + 4);
        for (int i = 0; i < count; i++) {
            final int entry = listAt + 8 + 20 * i;
            if ("Comp".equals(new String(chunk, entry, 4, StandardCharsets.US_ASCII))) {
                final int offset = (int) b.getLong(entry + 4), size = (int) b.getLong(entry + 12);
                return Arrays.copyOfRange(chunk, offset, offset + size);
            }
        }
        throw new IllegalArgumentException("chunk has no component state");
    }
}
