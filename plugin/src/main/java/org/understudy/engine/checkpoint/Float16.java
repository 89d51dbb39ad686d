package org.understudy.engine.checkpoint;

/** Half-precision bits to float. Java 17 has no {@code Float.float16ToFloat} (it came in 20). */
public final class Float16 {
    private Float16() {}

    /** [any-thread] IEEE 754 binary16 to float. Exact: every half value is a float value. */
    public static float toFloat(short half) {
        final int sign = (half & 0x8000) << 16;
        final int exponent = (half >>> 10) & 0x1f;
        final int mantissa = half & 0x3ff;
        if (exponent == 0x1f) return Float.intBitsToFloat(sign | 0x7f800000 | mantissa << 13); // ±inf, NaN with its payload
        if (exponent != 0) return Float.intBitsToFloat(sign | (exponent - 15 + 127) << 23 | mantissa << 13);
        return Float.intBitsToFloat(sign | Float.floatToRawIntBits(mantissa * 0x1p-24f)); // ±0 and subnormals
    }

    /** [any-thread] bfloat16 to float: bfloat16 is the upper half of a float's bits. */
    public static float bfloat16ToFloat(short bfloat16) {
        return Float.intBitsToFloat((bfloat16 & 0xffff) << 16);
    }
}
