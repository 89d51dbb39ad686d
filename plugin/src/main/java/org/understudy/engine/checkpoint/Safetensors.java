package org.understudy.engine.checkpoint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a Hugging Face safetensors file: an 8-byte little-endian header length, a JSON header
 * ({@code {"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, "__metadata__": {..}}}),
 * then the raw little-endian data, which is memory-mapped tensor by tensor.
 */
final class Safetensors {
    private static final long MAX_HEADER = 100L << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a file holds: tensors in header order, and the {@code __metadata__} strings. */
    record Contents(Map<String, Tensor> tensors, Map<String, Object> metadata) {}

    private Safetensors() {}

    /** [any-thread] */
    static Contents read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            final long size = channel.size();
            final long headerLength = MappedZip.readAt(channel, 0, 8).getLong(0);
            if (headerLength < 2 || headerLength > MAX_HEADER) {
                throw new CheckpointException(file, "the safetensors header length (" + headerLength + " bytes) is not plausible; the file is damaged");
            }
            if (8 + headerLength > size) {
                throw new CheckpointException(file, "the file is cut short (truncated): its safetensors header needs " + headerLength
                        + " bytes but the file has " + (size - 8) + " after the length. Copy or download it again.");
            }
            final ByteBuffer headerBytes = MappedZip.readAt(channel, 8, (int) headerLength);
            final Map<String, Object> header;
            try {
                header = JSON.readValue(new String(headerBytes.array(), StandardCharsets.UTF_8), LinkedHashMap.class);
            } catch (JsonProcessingException e) {
                throw new CheckpointException(file, "the safetensors header is not valid JSON: " + e.getOriginalMessage(), e);
            }
            final long dataStart = 8 + headerLength;
            final Map<String, Tensor> tensors = new LinkedHashMap<>();
            Map<String, Object> metadata = Map.of();
            for (Map.Entry<String, Object> entry : header.entrySet()) {
                final String key = entry.getKey();
                if (key.equals("__metadata__")) {
                    metadata = asMap(file, key, entry.getValue());
                    continue;
                }
                final Map<String, Object> info = asMap(file, key, entry.getValue());
                final DType dtype = DType.ofSafetensors(String.valueOf(info.get("dtype")));
                if (dtype == null) {
                    throw new CheckpointException(file, "tensor '" + key + "' has type " + info.get("dtype") + ", which Understudy does not read"
                            + " (it reads F64, F32, F16, BF16, I64, I32, I16, I8, U8 and BOOL)");
                }
                final long[] shape = longs(file, key, "shape", info.get("shape"));
                final long[] offsets = longs(file, key, "data_offsets", info.get("data_offsets"));
                long elements = 1;
                for (long d : shape) elements *= d;
                if (offsets.length != 2 || offsets[0] < 0 || offsets[1] - offsets[0] != elements * dtype.byteSize()) {
                    throw new CheckpointException(file, "tensor '" + key + "' has data_offsets that do not match its shape and type; the file is damaged");
                }
                if (offsets[1] - offsets[0] > Integer.MAX_VALUE) {
                    throw new CheckpointException(file, "tensor '" + key + "' is over 2 GB, which is not supported");
                }
                if (dataStart + offsets[1] > size) {
                    throw new CheckpointException(file, "the file is cut short (truncated): tensor '" + key
                            + "' ends past the end of the file. Copy or download it again.");
                }
                final ByteBuffer bytes = channel.map(FileChannel.MapMode.READ_ONLY, dataStart + offsets[0], offsets[1] - offsets[0]);
                tensors.put(key, new Tensor(file, key, dtype, shape, rowMajorStrides(shape), bytes));
            }
            return new Contents(tensors, metadata);
        }
    }

    static long[] rowMajorStrides(long[] shape) {
        final long[] strides = new long[shape.length];
        long stride = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            strides[d] = stride;
            stride *= shape[d];
        }
        return strides;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Path file, String key, Object value) throws CheckpointException {
        if (value instanceof Map<?, ?> map) return (Map<String, Object>) map;
        throw new CheckpointException(file, "the safetensors header entry '" + key + "' is not a JSON object; the file is damaged");
    }

    private static long[] longs(Path file, String key, String field, Object value) throws CheckpointException {
        if (value instanceof List<?> list && list.stream().allMatch(v -> v instanceof Number n && n.longValue() >= 0)) {
            return list.stream().mapToLong(v -> ((Number) v).longValue()).toArray();
        }
        throw new CheckpointException(file, "tensor '" + key + "' has a malformed " + field + " in the safetensors header; the file is damaged");
    }
}
