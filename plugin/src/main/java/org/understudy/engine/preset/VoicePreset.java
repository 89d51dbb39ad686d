package org.understudy.engine.preset;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.understudy.engine.guide.GuideVoice;

/**
 * A voice preset (schema "understudy-voice", version 1, documented in presets/README.md): who the
 * voice is, which engine speaks it, the models and references for a GPT-SoVITS voice or the settings of
 * the built-in guide voice, inference settings with upstream's defaults, the loudness target, an
 * optional pronunciation lexicon, and provenance and consent. Paths are absolute, resolved against the
 * preset's folder when it was read.
 */
public record VoicePreset(String id, String name, Engine engine, String language, Optional<GuideVoice.Settings> guide,
                          Optional<GptSovits> gptSovits, Inference inference, Loudness loudness, Optional<Path> lexicon,
                          Provenance provenance) {
    public static final String SCHEMA = "understudy-voice";
    public static final int VERSION = 1;

    public enum Engine { GUIDE, GPT_SOVITS }

    /** A GPT-SoVITS voice: the user's weights, their GPT-SoVITS install, and the reference recordings. */
    public record GptSovits(Path gpt, Path sovits, Path install, List<Reference> references) {}

    /** A reference recording with what it says and in which language. */
    public record Reference(Path audio, String text, String language) {}

    /** Upstream's inference settings (defaults: top_k 15, top_p 1, temperature 1, repetition penalty 1.35). */
    public record Inference(int topK, double topP, double temperature, double repetitionPenalty, double speed,
                            double pauseSeconds, String cutMethod, long seed) {
        public static final Inference UPSTREAM = new Inference(15, 1.0, 1.0, 1.35, 1.0, 0.3, "cut1", 0);
    }

    /** Integrated loudness target (LUFS) and true-peak ceiling (dBTP) of the rendered audio. */
    public record Loudness(double targetLufs, double truePeakDbtp) {
        public static final Loudness DEFAULT = new Loudness(-18, -1);
    }

    /** Whose voice this is, the consent statement, where the recordings come from. */
    public record Provenance(String speaker, String consent, String source) {}
}
