package org.understudy.engine.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Expected values printed by jaraco/inflect@262a247 (number_to_words, ordinal). */
class NumberWordsTest {
    @Test
    void cardinalsAndOrdinalsAsInflect() {
        assertEquals("one thousand, two hundred and thirty-four", NumberWords.toWords("1234", "and"));
        assertEquals("one thousand, two hundred thirty-four", NumberWords.toWords("1234", ""));
        assertEquals("one million", NumberWords.toWords("1000000", "and"));
        assertEquals("one million and one", NumberWords.toWords("1000001", "and"));
        assertEquals("one million one", NumberWords.toWords("1000001", ""));
        assertEquals("one hundred and ten", NumberWords.toWords("110", "and"));
        assertEquals("one thousand and five", NumberWords.toWords("1005", "and"));
        assertEquals("one hundred billion", NumberWords.toWords("100000000000", "and"));
        assertEquals("twelve", NumberWords.toWords("12", "and"));
        assertEquals("ninety", NumberWords.toWords("90", "and"));
        assertEquals("zero", NumberWords.toWords("0", "and"));
        assertEquals("twenty-first", NumberWords.toWords("21st", "and"));
        assertEquals("twelfth", NumberWords.toWords("12th", "and"));
        assertEquals("one hundredth", NumberWords.toWords("100th", "and"));
        assertEquals("one thousandth", NumberWords.toWords("1000th", "and"));
        assertEquals("one thousand and second", NumberWords.toWords("1002nd", "and"));
    }

    @Test
    void pairsAsInflectGroup2() {
        assertEquals("nineteen eighty-four", NumberWords.pairs("1984"));
        assertEquals("nineteen oh five", NumberWords.pairs("1905"));
        assertEquals("eleven eleven", NumberWords.pairs("1111"));
        assertEquals("twenty-nine ninety-nine", NumberWords.pairs("2999"));
        assertEquals("ten oh one", NumberWords.pairs("1001"));
    }

    @Test
    void ordinalForms() {
        assertEquals("twentieth", NumberWords.subOrd("twenty"));
        assertEquals("fourth", NumberWords.subOrd("four"));
        assertEquals("ninth", NumberWords.subOrd("nine"));
        assertEquals("one hundredth", NumberWords.subOrd("one hundred"));
        assertEquals("zeroth", NumberWords.subOrd("zero"));
        for (String[] c : new String[][] {{"1", "1st"}, {"2", "2nd"}, {"3", "3rd"}, {"11", "11th"}, {"12", "12th"},
                {"13", "13th"}, {"21", "21st"}, {"111", "111th"}, {"112", "112th"}, {"1000", "1000th"}}) {
            assertEquals(c[1], NumberWords.ordinalSuffix(c[0]));
        }
    }
}
