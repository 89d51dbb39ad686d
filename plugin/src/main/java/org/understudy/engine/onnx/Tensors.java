package org.understudy.engine.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;

/** Small helpers to make ORT tensors: copies of Java arrays, and zero-copy views of direct buffers. */
public final class Tensors {
    private Tensors() {}

    /** [any-thread] A zeroed direct FloatBuffer in native order, which ORT can use without copying. */
    public static FloatBuffer directFloats(long count) {
        if (count < 0 || count * Float.BYTES > Integer.MAX_VALUE) throw new IllegalArgumentException("cannot allocate " + count + " floats in one buffer");
        return ByteBuffer.allocateDirect((int) count * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /** [any-thread] A zeroed direct LongBuffer in native order. */
    public static LongBuffer directLongs(int count) {
        return ByteBuffer.allocateDirect(count * Long.BYTES).order(ByteOrder.nativeOrder()).asLongBuffer();
    }

    /** [any-thread] An INT64 tensor over a direct buffer, without copying. */
    public static OnnxTensor view(LongBuffer buffer, long... shape) {
        if (!buffer.isDirect() || buffer.order() != ByteOrder.nativeOrder()) {
            throw new IllegalArgumentException("a tensor view needs a direct LongBuffer in native byte order");
        }
        return create(() -> OnnxTensor.createTensor(OnnxRuntime.environment(), buffer, shape));
    }

    /** [any-thread] A FLOAT tensor holding a copy of {@code data}. */
    public static OnnxTensor floats(float[] data, long... shape) {
        return create(() -> OnnxTensor.createTensor(OnnxRuntime.environment(), FloatBuffer.wrap(data), shape));
    }

    /** [any-thread] An INT64 tensor holding a copy of {@code data}. */
    public static OnnxTensor longs(long[] data, long... shape) {
        return create(() -> OnnxTensor.createTensor(OnnxRuntime.environment(), LongBuffer.wrap(data), shape));
    }

    /**
     * [any-thread] A FLOAT tensor over {@code buffer}'s position..limit, without copying: ORT reads and
     * writes that memory, so the buffer must outlive the tensor.
     */
    public static OnnxTensor view(FloatBuffer buffer, long... shape) {
        if (!buffer.isDirect() || buffer.order() != ByteOrder.nativeOrder()) {
            throw new IllegalArgumentException("a tensor view needs a direct FloatBuffer in native byte order");
        }
        final long n = Shape.fixed(shape).elementCount();
        if (n != buffer.remaining()) throw new IllegalArgumentException("shape " + Shape.fixed(shape) + " needs " + n + " floats, the buffer has " + buffer.remaining());
        return create(() -> OnnxTensor.createTensor(OnnxRuntime.environment(), buffer, shape));
    }

    /** [any-thread] A FLOAT tensor's elements, row-major (a copy). */
    public static float[] toFloats(OnnxTensor t) {
        final FloatBuffer b = t.getFloatBuffer();
        final float[] out = new float[b.remaining()];
        b.get(out);
        return out;
    }

    /** [any-thread] An INT64 tensor's elements, row-major (a copy). */
    public static long[] toLongs(OnnxTensor t) {
        final LongBuffer b = t.getLongBuffer();
        final long[] out = new long[b.remaining()];
        b.get(out);
        return out;
    }

    private interface Maker {
        OnnxTensor make() throws OrtException;
    }

    private static OnnxTensor create(Maker m) {
        try {
            return m.make();
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime could not create a tensor: " + e.getMessage(), e);
        }
    }
}
