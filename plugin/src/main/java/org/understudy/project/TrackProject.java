package org.understudy.project;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.understudy.engine.preset.PresetReader;
import org.understudy.engine.preset.VoicePreset;
import org.understudy.engine.script.Cue;

/**
 * One narration track: its voice preset (by reference, with an embedded copy so that the project opens
 * on another machine), any other voices its cues name, and the cues. The plugin keeps it as its state
 * payload; the standalone window saves it as a project file. Versioned JSON, fields in a fixed order:
 *
 * <pre>{"format":"understudy-track","version":2,
 *  "voice":{"file":"/…/guide-low.json","preset":{…}},"voices":[…],
 *  "cues":[{"start":1.5,"text":"…"},{"beat":8,"text":"…","voice":"guide-high","settings":{"speed":1.2}}]}</pre>
 *
 * A cue starts at {@code start} seconds, or at {@code beat} quarter notes from the project start
 * (as VST3 counts musical time), which follows the host's tempo. With an {@code audio} budget, the
 * rendered cues are kept in the project too (deflated float samples, base64), up to that many bytes,
 * so the track plays on a machine without the render cache. Immutable: [any-thread].
 */
public record TrackProject(Voice voice, List<Voice> otherVoices, List<ProjectCue> cues, EmbeddedAudio audio) {
    public static final String FORMAT = "understudy-track";
    public static final int VERSION = 2;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SETTINGS = List.of("topK", "topP", "temperature", "repetitionPenalty", "speed", "pauseSeconds", "seed");

    /** A voice preset: the file it came from and its content when it was chosen. */
    public record Voice(Path file, ObjectNode preset) {
        /** [any-thread] Reads the preset file and embeds its content. */
        public static Voice of(Path file) throws IOException {
            final Path f = file.toAbsolutePath().normalize();
            PresetReader.read(f);                                            // refused here if it cannot be used
            final JsonNode content = JSON.readTree(Files.readAllBytes(f));
            return new Voice(f, (ObjectNode) content);
        }

        /** [any-thread] The embedded copy as a preset; its relative paths resolve against the original file's folder. */
        public VoicePreset resolve() throws PresetReader.PresetException {
            try {
                return PresetReader.read(file, JSON.writeValueAsBytes(preset));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        public String id() {
            return preset.path("id").asText();
        }
    }

    /** One cue: where it starts (seconds or musical beats), its text, an optional voice id and settings. */
    public record ProjectCue(OptionalDouble start, OptionalDouble beat, String text, Optional<String> voice, Map<String, Double> settings) {
        public ProjectCue {
            settings = Map.copyOf(settings);
            if (start.isPresent() == beat.isPresent()) throw new IllegalArgumentException("a cue has either a start in seconds or a beat, not " + (start.isPresent() ? "both" : "neither"));
            if (start.isPresent() && !(start.getAsDouble() >= 0 && start.getAsDouble() < 86400)) throw new IllegalArgumentException("a cue's start must be 0..86400 s");
            if (beat.isPresent() && !(beat.getAsDouble() >= 0 && beat.getAsDouble() < 1e6)) throw new IllegalArgumentException("a cue's beat must be 0..1e6");
            if (text.isBlank()) throw new IllegalArgumentException("a cue needs text");
            for (String k : settings.keySet()) if (!SETTINGS.contains(k)) throw new IllegalArgumentException("unknown cue setting " + k + " (known: " + SETTINGS + ")");
        }

        public static ProjectCue at(double seconds, String text) {
            return new ProjectCue(OptionalDouble.of(seconds), OptionalDouble.empty(), text, Optional.empty(), Map.of());
        }

        public static ProjectCue atBeat(double beat, String text) {
            return new ProjectCue(OptionalDouble.empty(), OptionalDouble.of(beat), text, Optional.empty(), Map.of());
        }

        public ProjectCue withText(String t) {
            return new ProjectCue(start, beat, t, voice, settings);
        }

        public ProjectCue withVoice(Optional<String> v) {
            return new ProjectCue(start, beat, text, v, settings);
        }

        public ProjectCue withStart(double seconds) {
            return new ProjectCue(OptionalDouble.of(seconds), OptionalDouble.empty(), text, voice, settings);
        }

        /** [any-thread] Where the cue starts at {@code tempo} quarter notes per minute. */
        public double seconds(double tempo) {
            return start.isPresent() ? start.getAsDouble() : beat.getAsDouble() * 60 / tempo;
        }
    }

    /**
     * Rendered cue audio kept in the project: at most {@code budgetBytes} (0: none), at {@code rate},
     * by {@link #audioKey} of the cue.
     */
    public record EmbeddedAudio(long budgetBytes, int rate, Map<String, byte[]> clips) {
        public static final EmbeddedAudio NONE = new EmbeddedAudio(0, 0, Map.of());

        public EmbeddedAudio {
            if (budgetBytes < 0) throw new IllegalArgumentException("the audio budget cannot be negative");
            clips = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(clips));
        }

        /** [any-thread] The samples kept for {@code key} at {@code atRate}, if any. */
        public Optional<float[]> samples(String key, int atRate) {
            final byte[] packed = clips.get(key);
            return packed == null || atRate != rate ? Optional.empty() : Optional.of(unpack(packed));
        }

        /** Equal when the budget, rate and kept cues are (the samples follow from the cues). */
        @Override
        public boolean equals(Object o) {
            return o instanceof EmbeddedAudio e && e.budgetBytes == budgetBytes && e.rate == rate && e.clips.keySet().equals(clips.keySet());
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(budgetBytes, rate, clips.keySet());
        }
    }

    public TrackProject {
        otherVoices = List.copyOf(otherVoices);
        cues = List.copyOf(cues);
        java.util.Objects.requireNonNull(audio);
    }

    public TrackProject(Voice voice, List<Voice> otherVoices, List<ProjectCue> cues) {
        this(voice, otherVoices, cues, EmbeddedAudio.NONE);
    }

    /**
     * [any-thread] What identifies cue {@code index}'s audio at {@code rate}: its text, settings and the
     * content of the preset that speaks it.
     */
    public String audioKey(int index, int rate) {
        final ProjectCue c = cues.get(index);
        Voice v = voice;
        if (c.voice().isPresent() && !c.voice().get().equals(voice.id())) {
            for (Voice o : otherVoices) if (o.id().equals(c.voice().get())) v = o;
        }
        try {
            final java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            for (Object part : List.of(c.text(), new java.util.TreeMap<>(c.settings()), JSON.writeValueAsString(v.preset()), rate)) {
                final byte[] b = String.valueOf(part).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                sha.update((b.length + ":").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                sha.update(b);
            }
            return java.util.HexFormat.of().formatHex(sha.digest());
        } catch (java.security.NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** [any-thread] The ready cues' audio at {@code rate}, in cue order, as much as fits in the budget. */
    public TrackProject withRenderedAudio(List<float[]> ready, int rate) {
        if (audio.budgetBytes() == 0) return this;
        final Map<String, byte[]> clips = new LinkedHashMap<>();
        long used = 0;
        for (int i = 0; i < cues.size() && i < ready.size(); i++) {
            if (ready.get(i) == null) continue;
            final String key = audioKey(i, rate);
            final byte[] packed = audio.rate() == rate && audio.clips().containsKey(key) ? audio.clips().get(key) : pack(ready.get(i));
            if (used + packed.length > audio.budgetBytes()) break;
            clips.put(key, packed);
            used += packed.length;
        }
        return new TrackProject(voice, otherVoices, cues, new EmbeddedAudio(audio.budgetBytes(), rate, clips));
    }

    /** [any-thread] Keep up to {@code bytes} of rendered audio in the project (0: none). */
    public TrackProject withAudioBudget(long bytes) {
        return new TrackProject(voice, otherVoices, cues, bytes == 0 ? EmbeddedAudio.NONE : new EmbeddedAudio(bytes, audio.rate(), audio.clips()));
    }

    static byte[] pack(float[] samples) {
        final java.nio.ByteBuffer raw = java.nio.ByteBuffer.allocate(samples.length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(samples);
        final java.util.zip.Deflater d = new java.util.zip.Deflater(java.util.zip.Deflater.BEST_SPEED);
        d.setInput(raw.array());
        d.finish();
        final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(samples.length * 3);
        final byte[] buf = new byte[1 << 16];
        while (!d.finished()) out.write(buf, 0, d.deflate(buf));
        d.end();
        return out.toByteArray();
    }

    static float[] unpack(byte[] packed) {
        final java.util.zip.Inflater inf = new java.util.zip.Inflater();
        inf.setInput(packed);
        final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(packed.length * 2);
        final byte[] buf = new byte[1 << 16];
        try {
            while (!inf.finished()) {
                final int n = inf.inflate(buf);
                if (n == 0 && (inf.needsInput() || inf.needsDictionary())) throw new IllegalArgumentException("damaged embedded audio");
                out.write(buf, 0, n);
            }
        } catch (java.util.zip.DataFormatException e) {
            throw new IllegalArgumentException("damaged embedded audio: " + e.getMessage());
        } finally {
            inf.end();
        }
        final java.nio.FloatBuffer f = java.nio.ByteBuffer.wrap(out.toByteArray()).order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        final float[] samples = new float[f.remaining()];
        f.get(samples);
        return samples;
    }

    /** [any-thread] The cues for the render service, numbered from 1, at {@code tempo}. */
    public List<Cue> scriptCues(double tempo) {
        final List<Cue> out = new ArrayList<>();
        for (int i = 0; i < cues.size(); i++) {
            final ProjectCue c = cues.get(i);
            out.add(new Cue(i + 1, OptionalDouble.of(c.seconds(tempo)), OptionalDouble.empty(), c.text(), c.voice(), c.settings()));
        }
        return out;
    }

    /** [any-thread] Every voice by id: the track's and the others. */
    public Map<String, VoicePreset> resolveOthers() throws PresetReader.PresetException {
        final Map<String, VoicePreset> out = new LinkedHashMap<>();
        for (Voice v : otherVoices) out.put(v.id(), v.resolve());
        return out;
    }

    public TrackProject withCues(List<ProjectCue> c) {
        return new TrackProject(voice, otherVoices, c, audio);
    }

    public TrackProject withVoice(Voice v) {
        return new TrackProject(v, otherVoices, cues, audio);
    }

    public TrackProject withOtherVoices(List<Voice> v) {
        return new TrackProject(voice, v, cues, audio);
    }

    // ---- the payload ----------------------------------------------------------------------------

    /** [any-thread] */
    public byte[] toBytes() {
        final ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.set("voice", voiceNode(voice));
        final ArrayNode others = root.putArray("voices");
        for (Voice v : otherVoices) others.add(voiceNode(v));
        final ArrayNode list = root.putArray("cues");
        for (ProjectCue c : cues) {
            final ObjectNode n = list.addObject();
            if (c.start().isPresent()) n.put("start", c.start().getAsDouble());
            else n.put("beat", c.beat().getAsDouble());
            n.put("text", c.text());
            c.voice().ifPresent(v -> n.put("voice", v));
            if (!c.settings().isEmpty()) {
                final ObjectNode s = n.putObject("settings");
                for (String k : SETTINGS) if (c.settings().containsKey(k)) s.put(k, c.settings().get(k));
            }
        }
        if (audio.budgetBytes() > 0) {
            final ObjectNode a = root.putObject("audio");
            a.put("budget", audio.budgetBytes());
            a.put("rate", audio.rate());
            final ObjectNode clips = a.putObject("clips");
            audio.clips().forEach((k, v) -> clips.put(k, java.util.Base64.getEncoder().encodeToString(v)));
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the track", e);
        }
    }

    private static ObjectNode voiceNode(Voice v) {
        final ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("file", v.file().toString());
        n.set("preset", v.preset());
        return n;
    }

    /**
     * [any-thread] Reads a payload or project file. A foreign, corrupt or newer one is refused with a
     * message for the user; the caller keeps the bytes, so nothing is lost.
     */
    public static TrackProject parse(byte[] bytes) throws InvalidProjectException {
        final JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new InvalidProjectException("the saved track is not valid JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject() || !FORMAT.equals(root.path("format").asText())) {
            throw new InvalidProjectException("the saved track is not an Understudy track (format is not \"" + FORMAT + "\")");
        }
        final int version = root.path("version").asInt(-1);
        if (version > VERSION) throw new InvalidProjectException("the saved track has version " + version + "; this Understudy reads up to " + VERSION + ": update Understudy");
        if (version != VERSION) throw new InvalidProjectException("the saved track has version " + version + " (a development build's test tones), which holds no cues");
        try {
            final Voice voice = voice(root.path("voice"), "voice");
            final List<Voice> others = new ArrayList<>();
            final JsonNode vs = root.path("voices");
            if (!vs.isMissingNode() && !vs.isArray()) throw new InvalidProjectException("voices: must be a list");
            for (int i = 0; i < vs.size(); i++) others.add(voice(vs.get(i), "voices[" + i + "]"));
            final List<ProjectCue> cues = new ArrayList<>();
            final JsonNode cs = root.path("cues");
            if (!cs.isArray()) throw new InvalidProjectException("cues: must be a list");
            for (int i = 0; i < cs.size(); i++) cues.add(cue(cs.get(i), "cues[" + i + "]"));
            return new TrackProject(voice, others, cues, audio(root.path("audio")));
        } catch (IllegalArgumentException e) {
            throw new InvalidProjectException("the saved track has a bad cue: " + e.getMessage());
        }
    }

    private static EmbeddedAudio audio(JsonNode n) throws InvalidProjectException {
        if (n.isMissingNode()) return EmbeddedAudio.NONE;
        if (!n.path("budget").canConvertToLong() || !n.path("rate").canConvertToInt() || !n.path("clips").isObject()) {
            throw new InvalidProjectException("audio: needs \"budget\", \"rate\" and \"clips\"");
        }
        final Map<String, byte[]> clips = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.path("clips").fields(); it.hasNext();) {
            final Map.Entry<String, JsonNode> e = it.next();
            try {
                clips.put(e.getKey(), java.util.Base64.getDecoder().decode(e.getValue().asText()));
            } catch (IllegalArgumentException bad) {
                throw new InvalidProjectException("audio.clips." + e.getKey() + ": not base64");
            }
        }
        return new EmbeddedAudio(n.path("budget").asLong(), n.path("rate").asInt(), clips);
    }

    private static Voice voice(JsonNode n, String at) throws InvalidProjectException {
        if (!n.path("file").isTextual() || !n.path("preset").isObject()) throw new InvalidProjectException(at + ": needs \"file\" and an embedded \"preset\"");
        return new Voice(Path.of(n.path("file").asText()), (ObjectNode) n.path("preset"));
    }

    private static ProjectCue cue(JsonNode n, String at) throws InvalidProjectException {
        if (!n.isObject()) throw new InvalidProjectException(at + ": must be an object");
        for (Iterator<String> it = n.fieldNames(); it.hasNext();) {
            final String f = it.next();
            if (!List.of("start", "beat", "text", "voice", "settings").contains(f)) throw new InvalidProjectException(at + "." + f + ": unknown field");
        }
        final Map<String, Double> settings = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.path("settings").fields(); it.hasNext();) {
            final Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isNumber()) throw new InvalidProjectException(at + ".settings." + e.getKey() + ": must be a number");
            settings.put(e.getKey(), e.getValue().asDouble());
        }
        return new ProjectCue(n.has("start") ? OptionalDouble.of(n.path("start").asDouble()) : OptionalDouble.empty(),
                n.has("beat") ? OptionalDouble.of(n.path("beat").asDouble()) : OptionalDouble.empty(), n.path("text").asText(""),
                n.has("voice") ? Optional.of(n.path("voice").asText()) : Optional.empty(), settings);
    }

    /** A payload that cannot be used; the message is for the user. */
    public static final class InvalidProjectException extends Exception {
        private static final long serialVersionUID = 1L;

        public InvalidProjectException(String message) {
            super(message);
        }
    }
}
