package org.understudy.daw;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What one plugin instance keeps in the host project (the state payload): its clips. Versioned
 * JSON with stable keys in a fixed order, so a saved project reads back byte for byte.
 *
 * <pre>{"format":"understudy-track","version":1,"clips":[{"index":0,"start":0.5,"length":0.25}]}</pre>
 *
 * {@code start} and {@code length} are seconds on the host timeline; they become samples at
 * whatever rate the host runs.
 */
public record TrackDocument(List<Clip> clips) {
    public static final String FORMAT = "understudy-track";
    public static final int VERSION = 1;
    public static final TrackDocument EMPTY = new TrackDocument(List.of());

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    /** One clip: {@code index} picks the tone (the seam where a cue's text will go). */
    public record Clip(int index, double start, double length) {
        public Clip {
            if (index < 0 || index > 127) throw new IllegalArgumentException("clip index must be 0..127, not " + index);
            if (!Double.isFinite(start)) throw new IllegalArgumentException("clip start must be a finite number of seconds");
            if (!(length > 0 && length <= 3600)) throw new IllegalArgumentException("clip length must be in (0, 3600] seconds, not " + length);
        }
    }

    private record Json(String format, int version, List<Clip> clips) {}

    public TrackDocument {
        clips = clips.stream().sorted(Comparator.comparingDouble(Clip::start).thenComparingInt(Clip::index)).toList();
    }

    public byte[] toBytes() {
        try {
            return JSON.writeValueAsBytes(new Json(FORMAT, VERSION, clips));
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode track document", e);
        }
    }

    /** Parses a payload; the message of the exception says what is wrong, for the user. */
    public static TrackDocument parse(byte[] bytes) throws InvalidDocumentException {
        if (bytes.length == 0) return EMPTY;
        final JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new InvalidDocumentException("the saved track is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidDocumentException("the saved track cannot be read: " + e.getMessage());
        }
        if (root == null || !FORMAT.equals(root.path("format").asText())) {
            throw new InvalidDocumentException("the saved track is not an Understudy track (format is not \"" + FORMAT + "\")");
        }
        final int version = root.path("version").asInt(-1);
        if (version < 1 || version > VERSION) {
            throw new InvalidDocumentException("the saved track has version " + version + "; this Understudy reads up to " + VERSION);
        }
        try {
            final Json json = JSON.treeToValue(root, Json.class);
            return new TrackDocument(json.clips() == null ? List.of() : new ArrayList<>(json.clips()));
        } catch (IOException | IllegalArgumentException e) {
            final Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
            throw new InvalidDocumentException("the saved track has a bad clip: " + cause.getMessage());
        }
    }

    /** A payload that cannot be used; the instance keeps it unchanged so nothing is lost. */
    public static final class InvalidDocumentException extends Exception {
        public InvalidDocumentException(String message) {
            super(message);
        }
    }
}
