package org.understudy.engine.onnx;

/** A tensor in a graph under construction: its ONNX name, element type and (symbolic) shape. Immutable: [any-thread]. */
public record Value(String name, DType type, Shape shape) {
    public int rank() {
        return shape.rank();
    }

    @Override
    public String toString() {
        return name + " " + type + " " + shape;
    }
}
