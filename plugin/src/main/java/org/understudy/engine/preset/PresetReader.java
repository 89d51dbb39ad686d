package org.understudy.engine.preset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.understudy.engine.guide.GuideVoice;
import org.understudy.engine.text.TextSegmentation;

/**
 * Reads and validates a voice preset. Every problem names the file, the field (as a dotted path) and
 * what is wrong; unknown fields are refused so a typo cannot silently do nothing. [any-thread]
 */
public final class PresetReader {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> LANGUAGES = Set.of("auto", "auto_yue", "zh", "en", "ja", "ko", "yue", "all_zh", "all_ja", "all_ko", "all_yue");

    /** A preset that cannot be used, with the reason. */
    public static final class PresetException extends IOException {
        private static final long serialVersionUID = 1L;

        PresetException(Path file, String problem) {
            super(file + ": " + problem);
        }
    }

    /** The refusal of a GPT-SoVITS preset without a reference, as {@code understudy import-gsv} writes them. */
    static final String NO_REFERENCE = "gptSovits.references: empty; add a reference recording (3-10 s, `understudy prepare-reference` makes one)"
            + " with its transcript and language, as {\"audio\": \"reference.wav\", \"text\": \"what it says, word for word\", \"language\": \"en\"}";
    static final String NO_PROVENANCE = ", and fill in provenance (speaker, consent, source)";

    private final Path file;

    private PresetReader(Path file) {
        this.file = file;
    }

    /** [any-thread] */
    public static VoicePreset read(Path file) throws PresetException {
        final Path f = file.toAbsolutePath().normalize();
        try {
            return new PresetReader(f).parse(Files.readAllBytes(f));
        } catch (NoSuchFileException e) {
            throw new PresetException(f, "no such file");
        } catch (PresetException e) {
            throw e;                                                        // the content's problem, already naming the file
        } catch (IOException e) {
            throw new PresetException(f, "cannot be read: " + e.getMessage());
        }
    }

    /**
     * [any-thread] A preset's {@code content} as if read from {@code file} (relative paths resolve
     * against its folder): a copy embedded in a project, under the name of the file it came from.
     */
    public static VoicePreset read(Path file, byte[] content) throws PresetException {
        return new PresetReader(file.toAbsolutePath().normalize()).parse(content);
    }

    private VoicePreset parse(byte[] content) throws PresetException {
        final JsonNode root;
        try {
            root = JSON.readTree(content);
        } catch (NoSuchFileException e) {
            throw new PresetException(file, "no such file");
        } catch (JsonProcessingException e) {
            throw new PresetException(file, "not valid JSON: " + e.getOriginalMessage() + " (line " + e.getLocation().getLineNr() + ")");
        } catch (IOException e) {
            throw new PresetException(file, "cannot be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) throw new PresetException(file, "a preset is a JSON object");
        known(root, "", "schema", "version", "id", "name", "engine", "language", "guide", "gptSovits", "inference", "loudness", "lexicon", "provenance");
        if (!VoicePreset.SCHEMA.equals(root.path("schema").asText())) {
            throw new PresetException(file, "schema: must be \"" + VoicePreset.SCHEMA + "\" (this is not an Understudy voice preset)");
        }
        final int version = root.path("version").asInt(-1);
        if (version < 1 || version > VoicePreset.VERSION) {
            throw new PresetException(file, "version: " + root.path("version") + " is not supported; this Understudy reads version " + VoicePreset.VERSION);
        }
        final String id = text(root, "id");
        if (!id.matches("[a-z0-9][a-z0-9._-]{0,63}")) throw new PresetException(file, "id: use lower-case letters, digits, '.', '_' or '-' (got \"" + id + "\")");
        final String engineName = text(root, "engine");
        final VoicePreset.Engine engine = switch (engineName) {
            case "guide" -> VoicePreset.Engine.GUIDE;
            case "gpt-sovits" -> VoicePreset.Engine.GPT_SOVITS;
            default -> throw new PresetException(file, "engine: must be \"guide\" or \"gpt-sovits\", not \"" + engineName + "\"");
        };
        final String language = root.has("language") ? text(root, "language") : "auto";
        if (!LANGUAGES.contains(language)) throw new PresetException(file, "language: \"" + language + "\" is not one of " + LANGUAGES);
        final Optional<GuideVoice.Settings> guide = engine == VoicePreset.Engine.GUIDE ? Optional.of(guide(need(root, "guide"))) : Optional.empty();
        final Optional<VoicePreset.GptSovits> gsv = engine == VoicePreset.Engine.GPT_SOVITS ? Optional.of(gptSovits(need(root, "gptSovits"), root.path("provenance"))) : Optional.empty();
        return new VoicePreset(id, text(root, "name"), engine, language, guide, gsv, inference(root.path("inference")),
                loudness(root.path("loudness")), root.has("lexicon") ? Optional.of(path(root, "lexicon")) : Optional.empty(),
                provenance(need(root, "provenance")));
    }

    private GuideVoice.Settings guide(JsonNode n) throws PresetException {
        known(n, "guide.", "rate", "basePitch", "pitchRange", "breathiness");
        return new GuideVoice.Settings(number(n, "guide.", "rate", 1.0, 0.25, 4), number(n, "guide.", "basePitch", 110, 50, 400),
                number(n, "guide.", "pitchRange", 8, 0, 24), number(n, "guide.", "breathiness", 0.2, 0, 1));
    }

    private VoicePreset.GptSovits gptSovits(JsonNode n, JsonNode provenance) throws PresetException {
        known(n, "gptSovits.", "gpt", "sovits", "install", "references");
        final List<VoicePreset.Reference> refs = new ArrayList<>();
        final JsonNode list = n.path("references");
        if (!list.isArray()) throw new PresetException(file, "gptSovits.references: a list of reference recordings is required");
        if (list.isEmpty()) throw new PresetException(file, NO_REFERENCE + (provenanceComplete(provenance) ? "" : NO_PROVENANCE));
        for (int i = 0; i < list.size(); i++) {
            final JsonNode r = list.get(i);
            final String at = "gptSovits.references[" + i + "].";
            known(r, at, "audio", "text", "language");
            final String lang = r.path("language").asText("");
            if (!Set.of("zh", "en", "ja", "ko", "yue", "auto").contains(lang)) throw new PresetException(file, at + "language: \"" + lang + "\" is not a reference language (zh, en, ja, ko, yue, auto)");
            refs.add(new VoicePreset.Reference(resolve(at + "audio", r.path("audio")), r.path("text").asText(""), lang));
        }
        return new VoicePreset.GptSovits(resolve("gptSovits.gpt", n.path("gpt")), resolve("gptSovits.sovits", n.path("sovits")),
                resolve("gptSovits.install", n.path("install")), List.copyOf(refs));
    }

    private static boolean provenanceComplete(JsonNode n) {
        for (String f : List.of("speaker", "consent", "source")) {
            if (n.path(f).asText("").isBlank()) return false;
        }
        return true;
    }

    private VoicePreset.Inference inference(JsonNode n) throws PresetException {
        final VoicePreset.Inference d = VoicePreset.Inference.UPSTREAM;
        if (n.isMissingNode()) return d;
        known(n, "inference.", "topK", "topP", "temperature", "repetitionPenalty", "speed", "pauseSeconds", "cutMethod", "seed");
        final String cut = n.has("cutMethod") ? n.path("cutMethod").asText() : d.cutMethod();
        try {
            TextSegmentation.Method.of(cut);
        } catch (IllegalArgumentException e) {
            throw new PresetException(file, "inference.cutMethod: \"" + cut + "\" is not one of cut0 … cut5");
        }
        return new VoicePreset.Inference((int) number(n, "inference.", "topK", d.topK(), 1, 1025), number(n, "inference.", "topP", d.topP(), 0.01, 1),
                number(n, "inference.", "temperature", d.temperature(), 0.01, 5), number(n, "inference.", "repetitionPenalty", d.repetitionPenalty(), 0.5, 5),
                number(n, "inference.", "speed", d.speed(), 0.25, 4), number(n, "inference.", "pauseSeconds", d.pauseSeconds(), 0, 10), cut,
                (long) number(n, "inference.", "seed", d.seed(), 0, Long.MAX_VALUE));
    }

    private VoicePreset.Loudness loudness(JsonNode n) throws PresetException {
        if (n.isMissingNode()) return VoicePreset.Loudness.DEFAULT;
        known(n, "loudness.", "targetLufs", "truePeakDbtp");
        return new VoicePreset.Loudness(number(n, "loudness.", "targetLufs", -18, -60, -5), number(n, "loudness.", "truePeakDbtp", -1, -20, 0));
    }

    private VoicePreset.Provenance provenance(JsonNode n) throws PresetException {
        known(n, "provenance.", "speaker", "consent", "source");
        for (String f : List.of("speaker", "consent", "source")) {
            if (n.path(f).asText("").isBlank()) throw new PresetException(file, "provenance." + f + ": required (say whose voice this is, their consent, and where the recordings come from)");
        }
        return new VoicePreset.Provenance(n.path("speaker").asText(), n.path("consent").asText(), n.path("source").asText());
    }

    private void known(JsonNode n, String at, String... fields) throws PresetException {
        if (!n.isObject()) throw new PresetException(file, (at.isEmpty() ? "the preset" : at.substring(0, at.length() - 1)) + ": must be an object");
        final Set<String> allowed = Set.of(fields);
        for (Iterator<String> it = n.fieldNames(); it.hasNext();) {
            final String f = it.next();
            if (!allowed.contains(f)) throw new PresetException(file, at + f + ": unknown field (known: " + String.join(", ", fields) + ")");
        }
    }

    private JsonNode need(JsonNode root, String field) throws PresetException {
        if (!root.has(field)) throw new PresetException(file, field + ": required for this engine");
        return root.get(field);
    }

    private String text(JsonNode n, String field) throws PresetException {
        final JsonNode v = n.path(field);
        if (!v.isTextual() || v.asText().isBlank()) throw new PresetException(file, field + ": required text");
        return v.asText();
    }

    private double number(JsonNode n, String at, String field, double fallback, double min, double max) throws PresetException {
        if (!n.has(field)) return fallback;
        final JsonNode v = n.get(field);
        if (!v.isNumber()) throw new PresetException(file, at + field + ": must be a number, not " + v);
        final double d = v.asDouble();
        if (!(d >= min && d <= max)) throw new PresetException(file, String.format(Locale.ROOT, "%s%s: %s is outside [%s, %s]", at, field, v, trim(min), trim(max)));
        return d;
    }

    private static String trim(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    private Path path(JsonNode n, String field) throws PresetException {
        return resolve(field, n.path(field));
    }

    /** A path field, relative paths resolved against the preset's folder. */
    private Path resolve(String at, JsonNode v) throws PresetException {
        if (!v.isTextual() || v.asText().isBlank()) throw new PresetException(file, at + ": required path");
        return file.getParent().resolve(v.asText()).normalize();
    }
}
