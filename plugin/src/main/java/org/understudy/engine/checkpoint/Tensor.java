package org.understudy.engine.checkpoint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * One tensor of a checkpoint: its type, shape and strides, over a read-only view of the
 * memory-mapped file. Nothing is copied or converted until asked, and then only what has to be.
 * Immutable; every method may be called from any thread.
 */
public final class Tensor {
    private final Path file;
    private final String key;
    private final DType dtype;
    private final long[] shape;
    private final long[] strides;
    private final ByteBuffer data; // read-only; element (0, …, 0) first; strides in elements

    Tensor(Path file, String key, DType dtype, long[] shape, long[] strides, ByteBuffer data) {
        this.file = file;
        this.key = key;
        this.dtype = dtype;
        this.shape = shape.clone();
        this.strides = strides.clone();
        this.data = data.asReadOnlyBuffer();
    }

    /** [any-thread] The state-dict key, e.g. {@code model.h.layers.0.linear1.weight}. */
    public String key() {
        return key;
    }

    /** [any-thread] */
    public DType dtype() {
        return dtype;
    }

    /** [any-thread] A copy of the shape; empty for a scalar. */
    public long[] shape() {
        return shape.clone();
    }

    /** [any-thread] A copy of the strides, in elements, as PyTorch stored them. */
    public long[] strides() {
        return strides.clone();
    }

    /** [any-thread] */
    public int rank() {
        return shape.length;
    }

    /** [any-thread] The number of elements: the product of the shape (1 for a scalar). */
    public int elementCount() {
        long n = 1;
        for (long d : shape) n *= d;
        return (int) n; // a tensor fits in one mapped record of under 2 GB
    }

    /** [any-thread] True if the elements lie in row-major (C) order with no gaps. */
    public boolean isContiguous() {
        long expected = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] == 0) return true;
            if (shape[d] != 1 && strides[d] != expected) return false;
            expected *= shape[d];
        }
        return true;
    }

    /**
     * [any-thread] The elements in row-major order, little-endian, read-only: a view of the mapped
     * file when the tensor is contiguous, otherwise a gathered copy.
     */
    public ByteBuffer bytes() {
        final int size = elementCount() * dtype.byteSize();
        if (isContiguous()) return data.duplicate().order(ByteOrder.LITTLE_ENDIAN).slice(0, size).order(ByteOrder.LITTLE_ENDIAN);
        return gather(size).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** [any-thread] The values as floats in row-major order; float16 and bfloat16 are widened exactly. */
    public float[] toFloatArray() throws CheckpointException {
        requireFloatingPoint();
        final ByteBuffer bytes = bytes();
        final float[] values = new float[elementCount()];
        switch (dtype) {
            case FLOAT32 -> bytes.asFloatBuffer().get(values);
            case FLOAT16 -> {
                final ShortBuffer halves = bytes.asShortBuffer();
                for (int i = 0; i < values.length; i++) values[i] = Float16.toFloat(halves.get(i));
            }
            case BFLOAT16 -> {
                final ShortBuffer halves = bytes.asShortBuffer();
                for (int i = 0; i < values.length; i++) values[i] = Float16.bfloat16ToFloat(halves.get(i));
            }
            case FLOAT64 -> {
                final DoubleBuffer doubles = bytes.asDoubleBuffer();
                for (int i = 0; i < values.length; i++) values[i] = (float) doubles.get(i);
            }
            default -> throw new AssertionError(dtype);
        }
        return values;
    }

    /**
     * [any-thread] The values as a direct float buffer in native order, row-major. A contiguous
     * float32 tensor gives a read-only view of the mapped file (no copy); any other a converted copy.
     */
    public FloatBuffer toFloatBuffer() throws CheckpointException {
        requireFloatingPoint();
        if (dtype == DType.FLOAT32 && isContiguous() && ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) {
            return bytes().asFloatBuffer();
        }
        final float[] values = toFloatArray();
        return ByteBuffer.allocateDirect(values.length * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer().put(values).flip();
    }

    /** [any-thread] The values of an integer tensor as longs, row-major. */
    public long[] toLongArray() throws CheckpointException {
        if (!dtype.isInteger()) throw new CheckpointException(file, "tensor '" + key + "' is " + dtype + ", expected an integer tensor");
        final ByteBuffer bytes = bytes();
        final long[] values = new long[elementCount()];
        for (int i = 0; i < values.length; i++) {
            values[i] = switch (dtype) {
                case INT64 -> bytes.getLong(i * 8);
                case INT32 -> bytes.getInt(i * 4);
                case INT16 -> bytes.getShort(i * 2);
                case INT8 -> bytes.get(i);
                case UINT8 -> bytes.get(i) & 0xff;
                default -> throw new AssertionError(dtype);
            };
        }
        return values;
    }

    /** [any-thread] This tensor, if its shape is {@code expected}; otherwise an error naming file, key and both shapes. */
    public Tensor expectShape(long... expected) throws CheckpointException {
        if (!Arrays.equals(shape, expected)) {
            throw new CheckpointException(file, "tensor '" + key + "' has shape " + Arrays.toString(shape) + ", expected " + Arrays.toString(expected));
        }
        return this;
    }

    /** [any-thread] e.g. {@code model.bert_proj.weight float16[96, 1024]}. */
    @Override
    public String toString() {
        return key + " " + dtype + Arrays.toString(shape);
    }

    private void requireFloatingPoint() throws CheckpointException {
        if (!dtype.isFloatingPoint()) throw new CheckpointException(file, "tensor '" + key + "' is " + dtype + ", expected a floating-point tensor");
    }

    /** Copies a strided view into row-major order, one element at a time. */
    private ByteBuffer gather(int size) {
        final int elementSize = dtype.byteSize();
        final ByteBuffer out = ByteBuffer.allocateDirect(size);
        final long[] index = new long[shape.length];
        long offset = 0;
        for (int n = size / elementSize; n > 0; n--) {
            for (int b = 0; b < elementSize; b++) out.put(data.get((int) (offset * elementSize) + b));
            for (int d = shape.length - 1; d >= 0; d--) { // next index, last axis fastest
                if (++index[d] < shape[d]) {
                    offset += strides[d];
                    break;
                }
                offset -= (shape[d] - 1) * strides[d];
                index[d] = 0;
            }
        }
        return out.flip();
    }
}
