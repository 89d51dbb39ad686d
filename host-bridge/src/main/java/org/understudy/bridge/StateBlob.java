package org.understudy.bridge;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * The component-state blob the host stores in its project, as written by the shim's getState
 * (layout in native/src/state.h). Java reads and writes it for project files and tests.
 */
public record StateBlob(double gain, boolean bypass, byte[] payload) {
    public static final int VERSION = 1;
    public static final int HEADER = 32;
    /** The normalised output gain that means 0 dB (the scale runs from -60 to +12 dB). */
    public static final double UNITY_GAIN = 60.0 / 72.0;
    private static final byte[] MAGIC = {'U', 'S', 'T', 'D'};

    public StateBlob {
        if (!(gain >= 0 && gain <= 1)) throw new IllegalArgumentException("gain must be normalised to [0, 1], not " + gain);
        payload = payload.clone();
    }

    public static StateBlob of(byte[] payload) {
        return new StateBlob(UNITY_GAIN, false, payload);
    }

    public byte[] encode() {
        final ByteBuffer b = ByteBuffer.allocate(HEADER + payload.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putShort((short) VERSION).putShort((short) HEADER).putInt(payload.length).putInt(0);
        b.putDouble(gain).put((byte) (bypass ? 1 : 0)).put(new byte[7]).put(payload);
        final byte[] out = b.array();
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putInt(12, crc(out));
        return out;
    }

    /** Decodes a blob; the exception message says what is wrong with it. */
    public static StateBlob decode(byte[] blob) {
        if (blob.length < HEADER) throw new IllegalArgumentException("state blob truncated: " + blob.length + " bytes");
        if (!Arrays.equals(Arrays.copyOf(blob, 4), MAGIC)) throw new IllegalArgumentException("not an Understudy state blob");
        final ByteBuffer b = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
        final int version = b.getShort(4);
        if (version < 1 || version > VERSION) throw new IllegalArgumentException("state blob version " + version + " is not supported");
        if (b.getShort(6) != HEADER) throw new IllegalArgumentException("unexpected state header size " + b.getShort(6));
        final int length = b.getInt(8);
        if (length < 0 || length > blob.length - HEADER) throw new IllegalArgumentException("state payload truncated");
        if (b.getInt(12) != crc(Arrays.copyOf(blob, HEADER + length))) throw new IllegalArgumentException("state blob checksum mismatch");
        return new StateBlob(b.getDouble(16), blob[24] != 0, Arrays.copyOfRange(blob, HEADER, HEADER + length));
    }

    private static int crc(byte[] blob) {
        final CRC32 crc = new CRC32();
        crc.update(blob, 16, blob.length - 16);
        return (int) crc.getValue();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StateBlob s && s.gain == gain && s.bypass == bypass && Arrays.equals(s.payload, payload);
    }

    @Override
    public int hashCode() {
        return Double.hashCode(gain) * 31 + Arrays.hashCode(payload) + (bypass ? 1 : 0);
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }
}
