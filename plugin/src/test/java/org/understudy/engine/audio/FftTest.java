package org.understudy.engine.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The radix-2 FFT against a direct DFT (computed with exact angles) on random complex input. */
class FftTest {

    @Test
    void matchesTheDirectDft() {
        final SplittableRandom random = new SplittableRandom(5);
        for (int n : new int[] {1, 2, 4, 8, 64, 512, 2048}) {
            final double[] re = new double[n], im = new double[n];
            for (int i = 0; i < n; i++) {
                re[i] = random.nextDouble(-1, 1);
                im[i] = random.nextDouble(-1, 1);
            }
            final double[] fr = re.clone(), fi = im.clone();
            new Fft(n).transform(fr, fi);
            for (int k = 0; k < n; k++) {
                double sr = 0, si = 0;
                for (int t = 0; t < n; t++) {
                    final double a = -2 * Math.PI * (((long) k * t) % n) / n;
                    sr += re[t] * Math.cos(a) - im[t] * Math.sin(a);
                    si += re[t] * Math.sin(a) + im[t] * Math.cos(a);
                }
                assertEquals(sr, fr[k], 1e-10 * n, "re, n " + n + " bin " + k);
                assertEquals(si, fi[k], 1e-10 * n, "im, n " + n + " bin " + k);
            }
        }
    }

    @Test
    void refusesOtherSizes() {
        assertThrows(IllegalArgumentException.class, () -> new Fft(400));
        assertThrows(IllegalArgumentException.class, () -> new Fft(0));
    }
}
