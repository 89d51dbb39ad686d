package org.understudy.engine.onnx;

import ai.onnxruntime.OnnxJavaType;
import org.understudy.engine.onnx.proto.Onnx.TensorProto;

/** Tensor element types the engine's graphs use, with their ONNX code and ORT's Java type. [any-thread] */
public enum DType {
    FLOAT(TensorProto.DataType.FLOAT, OnnxJavaType.FLOAT),
    FLOAT16(TensorProto.DataType.FLOAT16, OnnxJavaType.FLOAT16),
    BFLOAT16(TensorProto.DataType.BFLOAT16, OnnxJavaType.BFLOAT16),
    DOUBLE(TensorProto.DataType.DOUBLE, OnnxJavaType.DOUBLE),
    INT64(TensorProto.DataType.INT64, OnnxJavaType.INT64),
    INT32(TensorProto.DataType.INT32, OnnxJavaType.INT32),
    INT8(TensorProto.DataType.INT8, OnnxJavaType.INT8),
    UINT8(TensorProto.DataType.UINT8, OnnxJavaType.UINT8),
    BOOL(TensorProto.DataType.BOOL, OnnxJavaType.BOOL);

    final TensorProto.DataType onnx;
    final OnnxJavaType java;

    DType(TensorProto.DataType onnx, OnnxJavaType java) {
        this.onnx = onnx;
        this.java = java;
    }

    /** Bytes per element. */
    public int bytes() {
        return java.size;
    }

    /** [any-thread] The type ORT reports for a tensor, or an exception naming the unsupported one. */
    public static DType of(OnnxJavaType type) {
        for (DType t : values()) {
            if (t.java == type) return t;
        }
        throw new IllegalArgumentException("tensor element type " + type + " is not used by Understudy's graphs");
    }
}
