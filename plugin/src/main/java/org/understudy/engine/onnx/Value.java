package org.understudy.engine.onnx;

/** A tensor in a graph under construction: its ONNX name, element type and (symbolic) shape. Immutable: [any-thread]. */
public record Value(String name, DType type, Shape shape) {
    public int rank() {
        return shape.rank();
    }

    /** The sizes of a fully fixed shape (weights have one); −1 for a symbolic dimension. */
    public long[] dims() {
        final long[] d = new long[rank()];
        for (int i = 0; i < d.length; i++) d[i] = shape.size(i);
        return d;
    }

    @Override
    public String toString() {
        return name + " " + type + " " + shape;
    }
}
