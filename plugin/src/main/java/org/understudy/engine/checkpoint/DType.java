package org.understudy.engine.checkpoint;

/** Element types a checkpoint tensor can have, with their PyTorch and safetensors names. */
public enum DType {
    FLOAT64("float64", 8, "DoubleStorage", "F64"),
    FLOAT32("float32", 4, "FloatStorage", "F32"),
    FLOAT16("float16", 2, "HalfStorage", "F16"),
    BFLOAT16("bfloat16", 2, "BFloat16Storage", "BF16"),
    INT64("int64", 8, "LongStorage", "I64"),
    INT32("int32", 4, "IntStorage", "I32"),
    INT16("int16", 2, "ShortStorage", "I16"),
    INT8("int8", 1, "CharStorage", "I8"),
    UINT8("uint8", 1, "ByteStorage", "U8"),
    BOOL("bool", 1, "BoolStorage", "BOOL");

    private final String displayName;
    private final int byteSize;
    private final String torchStorage;
    private final String safetensorsName;

    DType(String displayName, int byteSize, String torchStorage, String safetensorsName) {
        this.displayName = displayName;
        this.byteSize = byteSize;
        this.torchStorage = torchStorage;
        this.safetensorsName = safetensorsName;
    }

    /** [any-thread] Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** [any-thread] True for the types {@link Tensor#toFloatArray()} converts. */
    public boolean isFloatingPoint() {
        return this == FLOAT64 || this == FLOAT32 || this == FLOAT16 || this == BFLOAT16;
    }

    /** [any-thread] True for the types {@link Tensor#toLongArray()} converts. */
    public boolean isInteger() {
        return this == INT64 || this == INT32 || this == INT16 || this == INT8 || this == UINT8;
    }

    /** [any-thread] The PyTorch name, e.g. {@code float16}. */
    @Override
    public String toString() {
        return displayName;
    }

    /** The type of a {@code torch.<name>} storage class, or null if it is not one we read. */
    static DType ofTorchStorage(String name) {
        for (DType t : values()) if (t.torchStorage.equals(name)) return t;
        return null;
    }

    /** The type of a safetensors dtype string such as {@code F16}, or null if it is not one we read. */
    static DType ofSafetensors(String name) {
        for (DType t : values()) if (t.safetensorsName.equals(name)) return t;
        return null;
    }
}
