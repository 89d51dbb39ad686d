package org.understudy.engine.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class Float16Test {
    /** IEEE 754 binary16 by its definition, in double arithmetic. */
    private static double halfByDefinition(int bits) {
        final double sign = (bits & 0x8000) != 0 ? -1 : 1;
        final int exponent = (bits >> 10) & 0x1f;
        final int mantissa = bits & 0x3ff;
        if (exponent == 0x1f) return mantissa == 0 ? sign * Double.POSITIVE_INFINITY : Double.NaN;
        if (exponent == 0) return sign * Math.pow(2, -14) * (mantissa / 1024.0);
        return sign * Math.pow(2, exponent - 15) * (1 + mantissa / 1024.0);
    }

    /** The same float, bit for bit (so -0 differs from +0); any NaN for NaN. */
    private static void assertSameFloat(double expected, float actual, int pattern) {
        if (Double.isNaN(expected)) {
            assertTrue(Float.isNaN(actual), () -> "NaN pattern " + Integer.toHexString(pattern));
        } else {
            assertEquals(Float.floatToRawIntBits((float) expected), Float.floatToRawIntBits(actual), () -> "pattern " + Integer.toHexString(pattern));
        }
    }

    @Test
    void everyHalfBitPatternConvertsToItsExactValue() {
        for (int bits = 0; bits < 0x10000; bits++) assertSameFloat(halfByDefinition(bits), Float16.toFloat((short) bits), bits);
    }

    @Test
    void edgeCasesByName() {
        assertEquals(65504f, Float16.toFloat((short) 0x7bff)); // largest half
        assertEquals(0x1p-14f, Float16.toFloat((short) 0x0400)); // smallest normal
        assertEquals(0x1p-24f, Float16.toFloat((short) 0x0001)); // smallest subnormal
        assertEquals(0x3ffp-24f, Float16.toFloat((short) 0x03ff)); // largest subnormal
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(Float16.toFloat((short) 0x8000)));
        assertEquals(Float.NEGATIVE_INFINITY, Float16.toFloat((short) 0xfc00));
        assertTrue(Float.isNaN(Float16.toFloat((short) 0x7e00)));
        assertEquals(-2.5f, Float16.toFloat((short) 0xc100));
    }

    @Test
    void everyBfloat16BitPatternConvertsToItsExactValue() {
        for (int bits = 0; bits < 0x10000; bits++) {
            final int exponent = (bits >> 7) & 0xff;
            final int mantissa = bits & 0x7f;
            final double sign = (bits & 0x8000) != 0 ? -1 : 1;
            final double expected = exponent == 0xff ? (mantissa == 0 ? sign * Double.POSITIVE_INFINITY : Double.NaN)
                    : exponent == 0 ? sign * Math.pow(2, -126) * (mantissa / 128.0)
                    : sign * Math.pow(2, exponent - 127) * (1 + mantissa / 128.0);
            assertSameFloat(expected, Float16.bfloat16ToFloat((short) bits), bits);
        }
    }
}
