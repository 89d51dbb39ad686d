package org.understudy.engine.guide;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The guide voice measured the way a phonetician would: LPC formants, F0 tracks, band energies, durations. */
class GuideVoiceTest {
    private static final double RATE = 16000;
    private static final GuideVoice LOW = new GuideVoice(GuideVoice.Settings.LOW);

    private static float[] say(GuideVoice voice, GuideVoice.Language lang, String... phones) {
        return voice.speak(List.of(phones), lang, RATE, 1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"AA, 768, 1333", "IY, 342, 2322", "UW, 378, 997", "AE, 588, 1952"})
    void vowelFormantsAreNearTheTableTargets(String vowel, double f1, double f2) {
        final GuideVoice slow = new GuideVoice(new GuideVoice.Settings(0.4, 110, 0, 0));   // long, flat pitch
        final float[] x = say(slow, GuideVoice.Language.ENGLISH, vowel + "1");
        final double[] peaks = Analysis.lpcPeaks(Arrays.copyOfRange(x, x.length / 2 - 640, x.length / 2 + 640), RATE, 16);
        assertTrue(peaks.length >= 2, "found formant peaks " + Arrays.toString(peaks));
        assertEquals(f1, peaks[0], Math.max(90, 0.15 * f1), vowel + " F1 of " + Arrays.toString(peaks));
        assertEquals(f2, peaks[1], 0.12 * f2, vowel + " F2 of " + Arrays.toString(peaks));
    }

    @ParameterizedTest(name = "tone {0}")
    @ValueSource(ints = {1, 2, 3, 4})
    void mandarinTonesHaveTheirShapes(int tone) {
        final float[] x = say(LOW, GuideVoice.Language.MANDARIN, "m", "a" + tone, ".");
        final double[] f0 = Analysis.f0Track(x, RATE);
        final double[] voiced = Arrays.stream(f0).filter(v -> v > 0).toArray();
        assertTrue(voiced.length > 10, "voiced frames " + voiced.length);
        final double start = semis(voiced[2]), mid = semis(voiced[voiced.length / 2]), end = semis(voiced[voiced.length - 3]);
        final double low = semis(Arrays.stream(voiced).min().orElseThrow());
        switch (tone) {
            case 1 -> assertTrue(Math.abs(end - start) < 1.5, "tone 1 is level: " + start + " → " + end);
            case 2 -> assertTrue(end - start > 2.5, "tone 2 rises: " + start + " → " + end);
            case 3 -> assertTrue(low < start - 0.8 && low < end - 2, "tone 3 dips then rises: " + start + ", low " + low + ", " + end);
            default -> assertTrue(start - end > 3.5, "tone 4 falls: " + start + " → " + mid + " → " + end);
        }
    }

    @Test
    void thirdToneSandhiTurnsTheFirstOfTwoIntoASecond() {
        final List<Integer> tones = new ArrayList<>(List.of(3, 3, 1, 3, 3, 3));
        GuideVoice.Prosody.applyThirdToneSandhi(tones);
        assertEquals(List.of(2, 3, 1, 2, 2, 3), tones);
    }

    @Test
    void aQuestionRisesAndAStatementFalls() {
        final double[] q = voicedF0(say(LOW, GuideVoice.Language.ENGLISH, "Y", "EH1", "S", "?"));
        final double[] s = voicedF0(say(LOW, GuideVoice.Language.ENGLISH, "Y", "EH1", "S", "."));
        final double qEnd = q[q.length - 3], sEnd = s[s.length - 3];
        assertTrue(semis(qEnd) - semis(sEnd) > 3, "question end " + qEnd + " Hz vs statement end " + sEnd + " Hz");
        assertTrue(semis(q[q.length - 3]) > semis(q[q.length / 3]), "the question rises towards its end");
    }

    @Test
    void fricativesCarryHighFrequencyEnergyAndVowelsLow() {
        final double[] s = Analysis.bandEnergies(say(LOW, GuideVoice.Language.ENGLISH, "S"), RATE);
        final double[] a = Analysis.bandEnergies(say(LOW, GuideVoice.Language.ENGLISH, "AA1"), RATE);
        assertTrue(s[1] > 5 * s[0], "S: energy above 3 kHz " + s[1] + " vs below 1 kHz " + s[0]);
        assertTrue(a[0] > 5 * a[1], "AA: energy below 1 kHz " + a[0] + " vs above 3 kHz " + a[1]);
    }

    @Test
    void durationsTrackTheSpeakingRate() {
        final String[] phrase = {"HH", "AH0", "L", "OW1", "W", "ER1", "L", "D", "."};
        final float[] normal = LOW.speak(List.of(phrase), GuideVoice.Language.ENGLISH, RATE, 1);
        final float[] fast = new GuideVoice(new GuideVoice.Settings(2, 95, 7, 0.15)).speak(List.of(phrase), GuideVoice.Language.ENGLISH, RATE, 1);
        final double ratio = (double) normal.length / fast.length;
        assertEquals(2, ratio, 0.15, "normal " + normal.length + " vs fast " + fast.length + " samples");
    }

    @ParameterizedTest(name = "{0} Hz")
    @ValueSource(ints = {16000, 22050, 44100, 48000})
    void anyRateNoNaNNoClippingDeterministic(int rate) {
        final List<String> phrase = List.of("n", "i3", "h", "ao3", ",", "sh", "ir4", "j", "ie4", "!");
        final float[] x = LOW.speak(phrase, GuideVoice.Language.MANDARIN, rate, 7);
        final float[] at16 = LOW.speak(phrase, GuideVoice.Language.MANDARIN, 16000, 7);
        assertEquals((double) rate / 16000, (double) x.length / at16.length, 0.01, "length scales with the rate");
        float peak = 0;
        for (float v : x) {
            assertTrue(Float.isFinite(v));
            peak = Math.max(peak, Math.abs(v));
        }
        assertTrue(peak <= 0.8f + 1e-6 && peak > 0.1f, "peak " + peak);
        assertArrayEquals(x, LOW.speak(phrase, GuideVoice.Language.MANDARIN, rate, 7), 0f, "same seed, same samples");
        assertFalse(Arrays.equals(x, LOW.speak(phrase, GuideVoice.Language.MANDARIN, rate, 8)), "the seed drives jitter and noise");
    }

    @Test
    void anUnknownPhoneIsNamed() {
        final var e = assertThrows(IllegalArgumentException.class, () -> say(LOW, GuideVoice.Language.ENGLISH, "QQ1"));
        assertTrue(e.getMessage().contains("QQ1"), e.getMessage());
    }

    private static double[] voicedF0(float[] x) {
        return Arrays.stream(Analysis.f0Track(x, RATE)).filter(v -> v > 0).toArray();
    }

    private static double semis(double hz) {
        return 12 * Math.log(hz / 100) / Math.log(2);
    }
}
