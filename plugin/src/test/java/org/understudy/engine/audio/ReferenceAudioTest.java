package org.understudy.engine.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Mix-down, the 3–10 s gate and its messages, the prompt silence, and the two resampled waves. */
class ReferenceAudioTest {

    private static ReferenceAudioException rejected(int samples16k) {
        return assertThrows(ReferenceAudioException.class, () -> ReferenceAudio.checkLength(samples16k));
    }

    @Test
    void gateAcceptsThreeToTenSecondsInclusive() {
        assertDoesNotThrow(() -> ReferenceAudio.checkLength(48000));
        assertDoesNotThrow(() -> ReferenceAudio.checkLength(100000));
        assertDoesNotThrow(() -> ReferenceAudio.checkLength(160000));
    }

    @Test
    void gateNamesTheLengthAndTheWindow() {
        final ReferenceAudioException shortClip = rejected(47999);
        assertEquals("The reference audio is 2.999 s long; it must be between 3 and 10 seconds. Choose a longer clip.",
                shortClip.getMessage());
        assertEquals(47999 / 16000.0, shortClip.seconds(), 0);

        final ReferenceAudioException longClip = rejected(160001);
        assertEquals("The reference audio is 10.001 s long; it must be between 3 and 10 seconds. Trim it or choose a shorter clip.",
                longClip.getMessage());

        assertTrue(rejected(0).getMessage().startsWith("The reference audio is 0.000 s long;"));
        assertTrue(rejected(12 * 16000).getMessage().startsWith("The reference audio is 12.000 s long;"));
    }

    @Test
    void gateMeasuresAtSixteenKilohertzWhateverTheInputRate() {
        // 132 300 samples at 44.1 kHz are exactly 3 s; 132 297 round to 47 999 samples at 16 kHz
        assertDoesNotThrow(() -> ReferenceAudio.of(new float[132300], 1, 44100));
        final ReferenceAudioException e = assertThrows(ReferenceAudioException.class, () -> ReferenceAudio.of(new float[132297], 1, 44100));
        assertTrue(e.getMessage().startsWith("The reference audio is 2.999 s long;"), e.getMessage());
        // stereo: the frame count counts, not the sample count
        assertThrows(ReferenceAudioException.class, () -> ReferenceAudio.of(new float[2 * 47999], 2, 16000));
        assertDoesNotThrow(() -> ReferenceAudio.of(new float[2 * 160000], 2, 16000));
    }

    @Test
    void mixesChannelsToTheirMean() {
        assertArrayEquals(new float[] {2f, 3f}, ReferenceAudio.mixToMono(new float[] {1f, 3f, 2f, 4f}, 2), 0f);
        assertArrayEquals(new float[] {0f}, ReferenceAudio.mixToMono(new float[] {1f, -2f, 1f}, 3), 0f);
        assertArrayEquals(new float[] {0.5f, -1f}, ReferenceAudio.mixToMono(new float[] {0.5f, -1f}, 1), 0f);
        assertThrows(IllegalArgumentException.class, () -> ReferenceAudio.mixToMono(new float[3], 2));
        assertThrows(IllegalArgumentException.class, () -> ReferenceAudio.mixToMono(new float[3], 0));
    }

    @Test
    void hubertInputEndsWithSixTenthsOfASecondOfSilence() throws ReferenceAudioException {
        final float[] wav = new float[16000 * 4];
        Arrays.fill(wav, 0.25f);
        final ReferenceAudio ref = ReferenceAudio.of(wav, 1, 16000);
        final float[] hubert = ref.hubertInput();
        assertEquals(64000 + 9600, hubert.length);
        assertArrayEquals(wav, Arrays.copyOf(hubert, 64000), 0f);                 // 16 kHz in: no resampling
        assertArrayEquals(new float[9600], Arrays.copyOfRange(hubert, 64000, hubert.length), 0f);
        assertEquals(64000, ref.wav16k().length, "the 16 kHz wave itself has no silence");
    }

    @Test
    void resamplesStereo48kToBothRates() throws ReferenceAudioException {
        final int n = 48000 * 4;
        final float[] left = ToneFit.tone(n, 1000, 48000, 0.6, 0), right = ToneFit.tone(n, 1000, 48000, 0.2, 0);
        final float[] stereo = new float[2 * n];
        for (int i = 0; i < n; i++) {
            stereo[2 * i] = left[i];
            stereo[2 * i + 1] = right[i];
        }
        final ReferenceAudio ref = ReferenceAudio.of(stereo, 2, 48000);
        final float[] w16 = ref.wav16k(), w32 = ref.wav32k();
        assertEquals(64000, w16.length);
        assertEquals(128000, w32.length);
        final ToneFit fit16 = ToneFit.of(w16, 16000, 32000, 1000, 16000), fit32 = ToneFit.of(w32, 32000, 64000, 1000, 32000);
        assertEquals(0.4, fit16.amplitude(), 1e-5);
        assertEquals(0.4, fit32.amplitude(), 1e-5);
        assertEquals(0, fit16.phase(), 1e-4);
        assertEquals(0, fit32.phase(), 1e-4);
    }

    @Test
    void the32kWaveIsPeakLimitedLikeUpstream() throws ReferenceAudioException {
        final float[] loud = new float[32000 * 3];
        Arrays.fill(loud, 1.5f);
        loud[100] = 1.6f;
        final ReferenceAudio ref = ReferenceAudio.of(loud, 1, 32000);
        assertEquals(1.5f / 1.6f, ref.wav32k()[50000], 0f);                        // divided by the peak
        assertEquals(1.5f, ref.wav16k()[20000], 1e-5f, "the 16 kHz wave keeps its level");

        final float[] speaker = ref.speakerInput16k();                             // from the limited 32 kHz wave
        assertEquals(48000, speaker.length);
        assertEquals(1.5f / 1.6f, speaker[20000], 1e-5f);

        Arrays.fill(loud, 3f);
        assertEquals(1.5f, ReferenceAudio.of(loud, 1, 32000).wav32k()[50000], 0f);  // divided by at most 2

        Arrays.fill(loud, 0.9f);
        assertEquals(0.9f, ReferenceAudio.of(loud, 1, 32000).wav32k()[50000], 0f);  // not scaled up
    }
}
