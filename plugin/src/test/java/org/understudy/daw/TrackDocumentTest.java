package org.understudy.daw;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrackDocumentTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void roundTripsByteForByte() throws Exception {
        final TrackDocument doc = new TrackDocument(List.of(new TrackDocument.Clip(3, 1.5, 0.25), new TrackDocument.Clip(0, 0.5, 1)));
        final byte[] bytes = doc.toBytes();
        assertEquals("{\"format\":\"understudy-track\",\"version\":1,\"clips\":[{\"index\":0,\"start\":0.5,\"length\":1.0},"
                + "{\"index\":3,\"start\":1.5,\"length\":0.25}]}", new String(bytes, StandardCharsets.UTF_8));
        final TrackDocument back = TrackDocument.parse(bytes);
        assertEquals(doc, back);
        assertArrayEquals(bytes, back.toBytes());
    }

    @Test
    void emptyPayloadIsAnEmptyTrack() throws Exception {
        assertEquals(TrackDocument.EMPTY, TrackDocument.parse(new byte[0]));
    }

    @Test
    void badPayloadsSayWhatIsWrong() {
        assertMessage("not valid JSON", "{nope");
        assertMessage("not an Understudy track", "{\"format\":\"something-else\",\"version\":1}");
        assertMessage("reads up to 1", "{\"format\":\"understudy-track\",\"version\":7,\"clips\":[]}");
        assertMessage("length", "{\"format\":\"understudy-track\",\"version\":1,\"clips\":[{\"index\":0,\"start\":0,\"length\":-2}]}");
        assertMessage("index", "{\"format\":\"understudy-track\",\"version\":1,\"clips\":[{\"index\":400,\"start\":0,\"length\":1}]}");
    }

    private static void assertMessage(String fragment, String json) {
        final var e = assertThrows(TrackDocument.InvalidDocumentException.class, () -> TrackDocument.parse(utf8(json)));
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
}
