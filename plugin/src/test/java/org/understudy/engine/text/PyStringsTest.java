package org.understudy.engine.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Values checked against Python 3.11's str methods. */
class PyStringsTest {
    @Test
    void isDigitFollowsPython() {
        assertTrue(PyStrings.isDigit('7'));
        assertTrue(PyStrings.isDigit('２'));
        assertTrue(PyStrings.isDigit('²'));
        assertTrue(PyStrings.isDigit('①'));
        assertTrue(PyStrings.isDigit(0x1F101));
        assertFalse(PyStrings.isDigit('⑩'));
        assertFalse(PyStrings.isDigit('½'));
        assertFalse(PyStrings.isDigit('三'));
    }

    @Test
    void stripAndSplitFollowPython() {
        assertEquals("a b", PyStrings.strip("\u00a0\u3000 a b\n\u0085"));
        assertEquals("好的", PyStrings.strip("。。好的。", "。"));
        assertArrayEquals(new String[] {"86", "186"}, PyStrings.splitWhitespace("  86 \t186 "));
        assertEquals(2, PyStrings.len("a\uD83D\uDE42"));
    }

    @Test
    void cut5KeepsAPointBetweenPythonDigits() {
        // '²' is a digit to Python, so the point after it does not cut
        assertEquals("面积2².5平方", TextSegmentation.cut5("面积2².5平方"));
        assertEquals("面积a.\n5平方", TextSegmentation.cut5("面积a.5平方"));
        assertEquals("是a.\n5", TextSegmentation.cut5("是a.5"));
    }
}
