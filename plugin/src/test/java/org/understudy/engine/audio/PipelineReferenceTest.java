package org.understudy.engine.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import org.junit.jupiter.api.Test;
import org.understudy.engine.Fixtures;
import org.understudy.engine.Npy;

/**
 * The pipeline-small reference recording (32 kHz, 16-bit WAV) through ReferenceAudio: the 32 kHz
 * wave gives upstream's ref_spec, and the 16 kHz wave is compared with upstream's, which librosa
 * resampled with libsoxr HQ. The two filters differ only in their transition bands (from 7.3 kHz,
 * where this recording holds deliberately strong content): below 6.8 kHz (Blackman-Harris-windowed
 * spectra) the waves must agree to 100 dB, the whole band to 55 dB.
 */
class PipelineReferenceTest {
    private static final String CASE = "pipeline-small";

    private static float[] readMono16Bit(String file) throws IOException {
        return Fixtures.wavMono16(CASE, file, 32000f);
    }

    @Test
    void referenceWavGivesUpstreamsSpectrogramAndA16kWaveCloseToSoxr() throws Exception {
        final ReferenceAudio ref = ReferenceAudio.of(readMono16Bit("ref.wav"), 1, 32000);

        final Npy specNpy = Npy.read(Fixtures.path(CASE, "ref_spec.npy"));
        final float[] expectedSpec = specNpy.toFloatArray();
        final int frames = (int) specNpy.shape()[2];
        final float[][] spec = new Spectrogram(Spectrogram.ALL_BINS).compute(ref.wav32k());
        assertEquals(frames, spec[0].length);
        double specError = 0;
        for (int b = 0; b < Spectrogram.ALL_BINS; b++) {
            for (int f = 0; f < frames; f++) specError = Math.max(specError, Math.abs(spec[b][f] - expectedSpec[b * frames + f]));
        }

        final float[] soxr = Npy.read(Fixtures.path(CASE, "ref_16k.npy")).toFloatArray();
        final float[] ours = ref.wav16k();
        assertEquals(soxr.length, ours.length, "16 kHz length");
        double signal = 0, noise = 0, worst = 0;
        for (int i = 0; i < ours.length; i++) {
            signal += (double) soxr[i] * soxr[i];
            noise += (double) (ours[i] - soxr[i]) * (ours[i] - soxr[i]);
            worst = Math.max(worst, Math.abs(ours[i] - soxr[i]));
        }
        final double snr = 10 * Math.log10(signal / noise);
        final double inBand = 10 * Math.log10(bandEnergy(ours, soxr, 6800) / bandEnergy(soxr, new float[soxr.length], 6800));
        System.out.printf("pipeline-small ref.wav: spectrogram max abs error %.2e; 16 kHz vs librosa/soxr_hq: "
                + "difference below 6.8 kHz %.1f dB, whole band SNR %.1f dB (max abs %.2e)%n", specError, inBand, snr, worst);
        assertTrue(specError <= 1e-4, "spectrogram max abs error " + specError);
        assertTrue(inBand <= -100, "16 kHz wave vs soxr_hq below 6.8 kHz: " + inBand + " dB");
        assertTrue(snr >= 55, "16 kHz wave vs soxr_hq: SNR " + snr + " dB");
        assertEquals(48800 + ReferenceAudio.PROMPT_SILENCE_16K, ref.hubertInput().length);
    }

    /** Energy of a − b below {@code maxHz} (16 kHz signals), Blackman-Harris window, zero-padded FFT. */
    private static double bandEnergy(float[] a, float[] b, double maxHz) {
        final int n = a.length, size = Integer.highestOneBit(n) * 2;
        final double[] re = new double[size], im = new double[size];
        for (int i = 0; i < n; i++) {
            final double x = 2 * Math.PI * i / (n - 1);
            final double w = 0.35875 - 0.48829 * Math.cos(x) + 0.14128 * Math.cos(2 * x) - 0.01168 * Math.cos(3 * x);
            re[i] = (a[i] - b[i]) * w;
        }
        new Fft(size).transform(re, im);
        double energy = 0;
        for (int k = 0; k * 16000.0 / size < maxHz; k++) energy += re[k] * re[k] + im[k] * im[k];
        return energy;
    }
}
