package org.understudy.engine.gptsovits;

import ai.onnxruntime.OnnxTensor;
import java.nio.FloatBuffer;
import org.understudy.engine.onnx.Tensors;

/**
 * The T2S key/value cache in the layout the step graph reads in place: per layer, K transposed
 * [H, dh, capacity] and V [H, capacity, dh], plus the additive mask [1, 1, capacity] (0 below the
 * length, -inf above). Capacity grows by {@link Text2SemanticDecoder#CACHE_BLOCK} positions; growing
 * re-lays the cache out once, so on average a step copies only length/CACHE_BLOCK rows. [engine-worker]
 */
final class KvCache {
    private final int layers, heads, dh;
    private int capacity;
    private int length;
    private FloatBuffer[] kT, v;
    private FloatBuffer mask;

    KvCache(T2SConfig c, int initialLength) {
        this.layers = c.layers();
        this.heads = c.heads();
        this.dh = c.width() / c.heads();
        allocate(roundUp(initialLength + 1));
    }

    int capacity() {
        return capacity;
    }

    int length() {
        return length;
    }

    /** Loads layer i from the prefill's row-major k, v [s, H·dh]; the length becomes s. */
    void load(int layer, FloatBuffer k, FloatBuffer vRows, int s) {
        final int d = heads * dh;
        for (int p = 0; p < s; p++) {
            for (int h = 0; h < heads; h++) {
                for (int j = 0; j < dh; j++) {
                    kT[layer].put((h * dh + j) * capacity + p, k.get(p * d + h * dh + j));
                    v[layer].put((h * capacity + p) * dh + j, vRows.get(p * d + h * dh + j));
                }
            }
        }
        setLength(s);
    }

    /** Writes the new token's k, v [H, 1, dh] of layer i at position {@link #length()}. */
    void append(int layer, FloatBuffer k, FloatBuffer vNew) {
        for (int h = 0; h < heads; h++) {
            for (int j = 0; j < dh; j++) {
                kT[layer].put((h * dh + j) * capacity + length, k.get(h * dh + j));
                v[layer].put((h * capacity + length) * dh + j, vNew.get(h * dh + j));
            }
        }
    }

    /** The appended position becomes visible; grows the capacity when it is full. */
    void advance() {
        setLength(length + 1);
        if (length == capacity) grow();
    }

    /** New zero-copy tensors over the current buffers (valid until the capacity changes). */
    OnnxTensor kTensor(int layer) {
        return Tensors.view(kT[layer].duplicate().clear(), heads, dh, capacity);
    }

    OnnxTensor vTensor(int layer) {
        return Tensors.view(v[layer].duplicate().clear(), heads, capacity, dh);
    }

    OnnxTensor maskTensor() {
        return Tensors.view(mask.duplicate().clear(), 1, 1, capacity);
    }

    private void setLength(int n) {
        for (int p = length; p < n; p++) mask.put(p, 0f);
        length = n;
    }

    private void allocate(int cap) {
        final FloatBuffer[] oldK = kT, oldV = v;
        final int oldCap = capacity;
        kT = new FloatBuffer[layers];
        v = new FloatBuffer[layers];
        for (int i = 0; i < layers; i++) {
            kT[i] = Tensors.directFloats((long) heads * dh * cap);
            v[i] = Tensors.directFloats((long) heads * dh * cap);
            if (oldK != null) {
                for (int row = 0; row < heads * dh; row++) {           // kT rows are (h, j); copy their first `length` columns
                    kT[i].put(row * cap, oldK[i].slice(row * oldCap, length), 0, length);
                }
                for (int h = 0; h < heads; h++) {
                    v[i].put(h * cap * dh, oldV[i].slice(h * oldCap * dh, length * dh), 0, length * dh);
                }
            }
        }
        mask = Tensors.directFloats(cap);
        for (int p = 0; p < cap; p++) mask.put(p, p < length ? 0f : Float.NEGATIVE_INFINITY);
        capacity = cap;
    }

    private void grow() {
        allocate(capacity + Text2SemanticDecoder.CACHE_BLOCK);
    }

    private static int roundUp(int n) {
        final int b = Text2SemanticDecoder.CACHE_BLOCK;
        return (n + b - 1) / b * b;
    }
}
