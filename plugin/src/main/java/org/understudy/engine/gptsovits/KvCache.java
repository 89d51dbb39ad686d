package org.understudy.engine.gptsovits;

import ai.onnxruntime.OnnxTensor;
import java.nio.FloatBuffer;
import org.understudy.engine.onnx.Tensors;

/**
 * The T2S key/value cache: per layer, K and V as rows [position, H·dh] in direct buffers sized for
 * the whole decode. The step graph reads the first {@link #length()} rows in place and ORT writes the
 * new token's row straight into row {@code length}: nothing is copied per step. [engine-worker]
 */
final class KvCache {
    private final int heads, dh, width, capacity;
    private final FloatBuffer[] k, v;
    private int length;

    KvCache(T2SConfig c, int capacity) {
        this.heads = c.heads();
        this.width = c.width();
        this.dh = width / heads;
        this.capacity = capacity;
        k = new FloatBuffer[c.layers()];
        v = new FloatBuffer[c.layers()];
        for (int i = 0; i < c.layers(); i++) {
            k[i] = Tensors.directFloats((long) capacity * width);
            v[i] = Tensors.directFloats((long) capacity * width);
        }
    }

    int length() {
        return length;
    }

    /** Positions this cache holds at most. */
    int capacity() {
        return capacity;
    }

    /** Loads layer i from the prefill's k, v [s, D] (the same row layout); the length becomes s (a cache may be reloaded). */
    void load(int layer, FloatBuffer kRows, FloatBuffer vRows, int s) {
        k[layer].put(0, kRows, 0, s * width);
        v[layer].put(0, vRows, 0, s * width);
        length = s;
    }

    /** A view of rows [0, length) of layer i's K (or V) as [length, H, dh]. */
    OnnxTensor past(int layer, boolean key) {
        return Tensors.view((key ? k : v)[layer].slice(0, length * width), length, heads, dh);
    }

    /** A view of row {@code length} of layer i's K (or V) as [1, H, dh], for ORT to write into. */
    OnnxTensor next(int layer, boolean key) {
        if (length >= capacity) throw new IllegalStateException("KV cache full at " + capacity + " positions");
        return Tensors.view((key ? k : v)[layer].slice(length * width, width), 1, heads, dh);
    }

    /** The row written by the last step becomes part of the cache. */
    void advance() {
        length++;
    }
}
