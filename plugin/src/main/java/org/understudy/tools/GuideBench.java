package org.understudy.tools;

import java.util.ArrayList;
import java.util.List;
import org.understudy.engine.guide.GuideVoice;

/** {@code bench guide}: how much faster than real time the guide voice renders, on the calling thread (one core). */
final class GuideBench {
    private GuideBench() {}

    static void run(String[] args) {
        final int rate = args.length > 0 ? Integer.parseInt(args[0]) : 48000;
        final List<String> english = List.of("DH", "AH0", "K", "W", "IH1", "K", "B", "R", "AW1", "N", "F", "AA1", "K", "S", ",",
                "JH", "AH1", "M", "P", "S", "OW1", "V", "ER0", "DH", "AH0", "L", "EY1", "Z", "IY0", "D", "AO1", "G", ".");
        final List<String> mandarin = List.of("n", "i3", "h", "ao3", ",", "j", "in1", "t", "ian1", "t", "ian1", "q", "i4", "h", "en3", "h", "ao3", ".");
        final GuideVoice voice = new GuideVoice(GuideVoice.Settings.LOW);
        for (int warm = 0; warm < 20; warm++) voice.speak(english, GuideVoice.Language.ENGLISH, rate, warm);
        for (var c : List.of(new Object[] {"English", english, GuideVoice.Language.ENGLISH}, new Object[] {"Mandarin", mandarin, GuideVoice.Language.MANDARIN})) {
            @SuppressWarnings("unchecked") final List<String> phones = (List<String>) c[1];
            final List<Double> ratios = new ArrayList<>();
            for (int r = 0; r < 7; r++) {
                final long t0 = System.nanoTime();
                double audio = 0;
                for (int i = 0; i < 20; i++) audio += voice.speak(phones, (GuideVoice.Language) c[2], rate, i).length / (double) rate;
                ratios.add(audio / ((System.nanoTime() - t0) / 1e9));
            }
            ratios.sort(Double::compare);
            System.out.printf("guide voice, %s at %d Hz: %.0fx faster than real time (median of 7, one thread; needs >= 200x)%n",
                    c[0], rate, ratios.get(3));
        }
    }
}
