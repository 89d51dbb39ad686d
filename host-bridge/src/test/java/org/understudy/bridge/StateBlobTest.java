package org.understudy.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StateBlobTest {
    private static final byte[] PAYLOAD = "{\"hello\":1}".getBytes(StandardCharsets.UTF_8);

    @Test
    void roundTrips() {
        final StateBlob blob = new StateBlob(0.25, true, PAYLOAD);
        final StateBlob back = StateBlob.decode(blob.encode());
        assertEquals(blob, back);
        assertArrayEquals(PAYLOAD, back.payload());
        assertEquals(0.25, back.gain());
        assertTrue(back.bypass());
    }

    @Test
    void layoutMatchesTheShim() {
        final byte[] b = StateBlob.of(PAYLOAD).encode();
        assertEquals(StateBlob.HEADER + PAYLOAD.length, b.length);
        assertEquals("USTD", new String(b, 0, 4, StandardCharsets.US_ASCII));
        assertEquals(1, b[4]);
        assertEquals(32, b[6]);
        assertEquals(PAYLOAD.length, b[8]);
        // 0 dB = 60/72 as a little-endian double at offset 16
        assertEquals(StateBlob.UNITY_GAIN, java.nio.ByteBuffer.wrap(b, 16, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getDouble());
    }

    @Test
    void refusesDamage() {
        final byte[] good = StateBlob.of(PAYLOAD).encode();
        final byte[] flipped = good.clone();
        flipped[good.length - 1] ^= 1;
        assertThrows(IllegalArgumentException.class, () -> StateBlob.decode(flipped), "checksum");
        final byte[] magic = good.clone();
        magic[0] = 'X';
        assertThrows(IllegalArgumentException.class, () -> StateBlob.decode(magic));
        final byte[] newer = good.clone();
        newer[4] = 9;
        assertThrows(IllegalArgumentException.class, () -> StateBlob.decode(newer));
        assertThrows(IllegalArgumentException.class, () -> StateBlob.decode(java.util.Arrays.copyOf(good, good.length - 1)));
        assertThrows(IllegalArgumentException.class, () -> StateBlob.decode(new byte[5]));
    }
}
