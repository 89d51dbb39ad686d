package org.understudy.engine.guide;

import java.util.ArrayList;
import java.util.List;

/**
 * The built-in guide voice: phones in (the frontend's ARPAbet with stress digits, or Mandarin
 * initials and finals with tone digits, plus punctuation), speech out, with no model files. Durations,
 * F0 and coarticulation come from rules; {@link FormantSynth} makes the sound. Deterministic for a
 * given seed, at any sample rate. [engine-worker]
 */
public final class GuideVoice {
    /** Frame hop of the parameter track. */
    static final double HOP = 0.005;

    /**
     * Voice settings kept in a guide preset. {@code rate}: 1 = normal speaking rate, 2 = twice as fast;
     * {@code basePitch}: Hz at the bottom of the speaker's range; {@code pitchRange}: semitones above it;
     * {@code breathiness}: 0 (modal) to 1 (breathy), mixes aspiration into voicing.
     */
    public record Settings(double rate, double basePitch, double pitchRange, double breathiness) {
        public static final Settings LOW = new Settings(1.0, 95, 7, 0.15);
        public static final Settings HIGH = new Settings(1.0, 185, 9, 0.25);

        public Settings {
            if (!(rate >= 0.25 && rate <= 4)) throw new IllegalArgumentException("speaking rate must be in [0.25, 4], not " + rate);
            if (!(basePitch >= 50 && basePitch <= 400)) throw new IllegalArgumentException("base pitch must be 50..400 Hz, not " + basePitch);
            if (!(pitchRange >= 0 && pitchRange <= 24)) throw new IllegalArgumentException("pitch range must be 0..24 semitones, not " + pitchRange);
            if (!(breathiness >= 0 && breathiness <= 1)) throw new IllegalArgumentException("breathiness must be 0..1, not " + breathiness);
        }
    }

    public enum Language { ENGLISH, MANDARIN, JAPANESE }

    private final Settings settings;

    public GuideVoice(Settings settings) {
        this.settings = settings;
    }

    /** [engine-worker] Speaks {@code phones} at {@code sampleRate}; mono, peak at most 0.8, faded at both ends. */
    public float[] speak(List<String> phones, Language language, double sampleRate, long seed) {
        final List<FormantSynth.Frame> frames = new Prosody(settings, language).frames(phones);
        final FormantSynth synth = new FormantSynth(sampleRate, seed);
        final int perFrame = Math.max(1, (int) Math.round(HOP * sampleRate));
        final float[] out = new float[frames.size() * perFrame];
        synth.render(frames.toArray(new FormantSynth.Frame[0]), HOP, out, 0);
        return finish(out, sampleRate);
    }

    /** Peak-normalises to at most 0.8 and fades 5 ms in and out. */
    private static float[] finish(float[] x, double rate) {
        float peak = 0;
        for (float v : x) {
            if (!Float.isFinite(v)) throw new IllegalStateException("the guide voice produced a non-finite sample");
            peak = Math.max(peak, Math.abs(v));
        }
        final float gain = peak > 0.8f ? 0.8f / peak : 1f;
        final int fade = Math.min(x.length / 2, (int) (0.005 * rate));
        for (int i = 0; i < x.length; i++) {
            float g = gain;
            if (i < fade) g *= (float) i / fade;
            if (i >= x.length - fade) g *= (float) (x.length - 1 - i) / fade;
            x[i] *= g;
        }
        return x;
    }

    /** Turns a phone list into a parameter track: durations, F0 and coarticulated formant paths. */
    static final class Prosody {
        private final Settings s;
        private final Language language;

        Prosody(Settings s, Language language) {
            this.s = s;
            this.language = language;
        }

        /** A phone instance with its targets, duration and pitch information. */
        private record Segment(PhoneTargets.Target target, double seconds, int stress, int tone, boolean phraseFinal,
                               boolean question, double pause, int syllable) {
            Segment with(double newSeconds, boolean last, boolean isQuestion, double newPause) {
                return new Segment(target, newSeconds, stress, tone, last, isQuestion, newPause, syllable);
            }
        }

        List<FormantSynth.Frame> frames(List<String> phones) {
            final List<Segment> segments = segments(phones);
            final List<FormantSynth.Frame> out = new ArrayList<>();
            double total = 0;
            for (Segment g : segments) total += g.seconds() + g.pause();
            // each syllable's start and length, so a tone or an accent spans the whole syllable
            final java.util.Map<Integer, double[]> syllables = new java.util.HashMap<>();
            double time = 0;
            for (Segment g : segments) {
                final double[] span = syllables.computeIfAbsent(g.syllable(), k -> new double[] {0, 0});
                if (span[1] == 0) span[0] = time;
                span[1] += g.seconds();
                time += g.seconds() + g.pause();
            }
            time = 0;
            for (int i = 0; i < segments.size(); i++) {
                final Segment g = segments.get(i);
                final PhoneTargets.Target prev = i > 0 ? segments.get(i - 1).target() : g.target();
                final PhoneTargets.Target next = i + 1 < segments.size() ? segments.get(i + 1).target() : g.target();
                final double[] span = syllables.get(g.syllable());
                final int n = Math.max(1, (int) Math.round(g.seconds() / HOP));
                for (int k = 0; k < n; k++) {
                    final double u = (k + 0.5) / n, now = time + u * g.seconds();
                    out.add(frame(g, prev, next, u, pitch(g, now / total, (now - span[0]) / span[1])));
                }
                time += g.seconds();
                final int pause = (int) Math.round(g.pause() / HOP);
                for (int k = 0; k < pause; k++) out.add(silence());
                time += g.pause();
            }
            if (out.isEmpty()) out.add(silence());
            return out;
        }

        private List<Segment> segments(List<String> phones) {
            final List<Segment> out = new ArrayList<>();
            final List<Integer> tones = new ArrayList<>();
            for (String p : phones) if (language == Language.MANDARIN && p.matches(".*[1-5]$")) tones.add(p.charAt(p.length() - 1) - '0');
            applyThirdToneSandhi(tones);
            int toneIndex = 0, syllable = 0;
            for (String p : phones) {
                final double pause = pauseAfter(p);
                if (pause > 0) {
                    markPhraseEnd(out, p.equals("?") || p.equals("？"), pause / s.rate());
                    continue;
                }
                if (p.isBlank() || p.equals("-") || p.startsWith("SP") || p.equals("UNK") || p.equals("[") || p.equals("]") || p.equals("#")) continue;
                final boolean nucleus = switch (language) {
                    case MANDARIN -> p.matches(".*[1-5]$");
                    case ENGLISH -> p.matches(".*[0-2]$");
                    case JAPANESE -> p.matches("[aiueoAIUEON]");                    // a mora's vowel, or the moraic nasal
                };
                final int stress = language == Language.ENGLISH && nucleus ? p.charAt(p.length() - 1) - '0' : -1;
                // a Mandarin initial carries the tone of the final that follows it
                final int tone = language == Language.MANDARIN && toneIndex < tones.size() ? tones.get(toneIndex) : 0;
                final List<PhoneTargets.Target> parts = language == Language.JAPANESE ? PhoneTargets.japanese(p) : PhoneTargets.of(p, language == Language.MANDARIN);
                for (PhoneTargets.Target t : parts) {
                    double seconds = t.durationMs() / 1000 / s.rate() / (parts.size() > 1 ? 1.4 : 1);
                    if (stress == 1) seconds *= 1.3;
                    if (stress == 0) seconds *= 0.7;
                    if (tone == 5) seconds *= 0.6;                              // the neutral tone is short
                    out.add(new Segment(t, seconds, stress, tone, false, false, 0, syllable));
                }
                if (nucleus) {
                    syllable++;
                    if (language == Language.MANDARIN) toneIndex++;
                }
            }
            return out;
        }

        /** Phrase-final lengthening from the last vowel on, the question flag, and the pause after it. */
        private static void markPhraseEnd(List<Segment> out, boolean question, double pause) {
            if (out.isEmpty()) return;
            int from = out.size() - 1;
            while (from > 0 && out.get(from).target().kind() != PhoneTargets.Kind.VOWEL) from--;
            for (int i = from; i < out.size(); i++) {
                final Segment g = out.get(i);
                final boolean vowel = g.target().kind() == PhoneTargets.Kind.VOWEL;
                out.set(i, g.with(g.seconds() * (vowel ? 1.4 : 1), true, question, i == out.size() - 1 ? pause : 0));
            }
        }

        /** In a run of third tones every one but the last becomes a second tone (3-3 → 2-3); idempotent. */
        static void applyThirdToneSandhi(List<Integer> tones) {
            for (int i = 0; i + 1 < tones.size(); i++) {
                if (tones.get(i) != 3) continue;
                int end = i;
                while (end + 1 < tones.size() && tones.get(end + 1) == 3) end++;
                for (int j = i; j < end; j++) tones.set(j, 2);
                i = end;
            }
        }

        private static double pauseAfter(String p) {
            return switch (p) {
                case ",", "，", "、", ";", ":" -> 0.25;
                case ".", "。", "?", "？", "!", "！", "…" -> 0.5;
                case "SP", "SP2", "SP3" -> 0.15;
                default -> 0;
            };
        }

        /**
         * F0 in Hz. English: declination over the utterance, an accent on stressed vowels, a rise on a
         * question's last syllable. Mandarin: tone contours on Chao's 5-level scale over the range.
         */
        private double pitch(Segment g, double progress, double u) {
            final double bottom = s.basePitch(), range = s.pitchRange();
            double semitones;
            if (language == Language.MANDARIN && g.tone() > 0) {
                final double level = switch (g.tone()) {
                    case 1 -> 5;
                    case 2 -> 3 + 2 * u;                                          // 35
                    case 3 -> g.phraseFinal() ? (u < 0.5 ? 2 - 2 * u : 1 + 6 * (u - 0.5)) : 2 - u;   // 214, or 21 before others
                    case 4 -> 5 - 4 * u;                                          // 51
                    default -> 3;                                                 // neutral: mid
                };
                semitones = (level - 1) / 4 * range;
            } else {
                semitones = range * (0.6 - 0.35 * progress);                      // declination
                if (g.stress() == 1) semitones += 0.3 * range * Math.sin(Math.PI * u);
                if (g.question() && g.phraseFinal()) semitones += range * u;       // question rise
                if (!g.question() && g.phraseFinal()) semitones -= 0.25 * range * u;
            }
            return bottom * Math.pow(2, semitones / 12);
        }

        /** The frame at position u of a segment, gliding from the previous target and towards the next. */
        private FormantSynth.Frame frame(Segment g, PhoneTargets.Target prev, PhoneTargets.Target next, double u, double f0) {
            final PhoneTargets.Target t = g.target();
            final double w = u < 0.3 ? 0.5 + u / 0.6 : u > 0.7 ? 1 - (u - 0.7) / 0.6 : 1;     // weight of this phone
            final PhoneTargets.Target other = u < 0.5 ? prev : next;
            final double[] formants = {mix(other.f1(), t.f1(), w), mix(other.f2(), t.f2(), w), mix(other.f3(), t.f3(), w), 3300, 3750};
            final double[] bandwidths = {60, 90, 150, 200, 200};
            double voicing = 0, aspiration = 0, frication = 0, nasal = t.nasal();
            double[] gains = t.fricationGains();
            switch (t.kind()) {
                case VOWEL, LIQUID, GLIDE -> voicing = 1;
                case NASAL -> voicing = 0.6;
                case FRICATIVE -> {
                    frication = 0.5;
                    voicing = t.voiced() ? 0.35 : 0;
                }
                case ASPIRATE -> {
                    aspiration = t.aspiration();
                    formants[0] = next.f1();
                    formants[1] = next.f2();
                    formants[2] = next.f3();
                }
                case STOP, AFFRICATE -> {
                    final double release = t.kind() == PhoneTargets.Kind.STOP ? 0.6 : 0.4;
                    if (u < release) {
                        voicing = t.voiced() ? 0.15 : 0;                         // closure, with a voice bar if voiced
                        gains = new double[5];
                    } else {
                        frication = t.kind() == PhoneTargets.Kind.STOP ? (u < release + 0.12 ? 0.8 : 0) : 0.5;
                        aspiration = t.voiced() ? 0 : t.aspiration();
                        voicing = t.voiced() ? 0.5 : 0;
                    }
                }
                case SILENCE -> { }
            }
            if (voicing > 0) aspiration += s.breathiness() * 0.3 * voicing;
            return new FormantSynth.Frame(f0, voicing, aspiration, frication, formants, bandwidths, gains, nasal);
        }

        private static double mix(double a, double b, double w) {
            return a + (b - a) * w;
        }

        private static FormantSynth.Frame silence() {
            return new FormantSynth.Frame(0, 0, 0, 0, new double[] {500, 1500, 2500, 3300, 3750}, new double[] {60, 90, 150, 200, 200},
                    new double[5], 0);
        }
    }
}
