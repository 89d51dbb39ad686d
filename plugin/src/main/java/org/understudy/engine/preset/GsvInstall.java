package org.understudy.engine.preset;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.understudy.engine.checkpoint.Checkpoint;
import org.understudy.engine.checkpoint.CheckpointException;
import org.understudy.engine.gptsovits.SovitsConfig;
import org.understudy.engine.gptsovits.T2SConfig;

/**
 * What a GPT-SoVITS install holds, for {@code understudy import-gsv}: the trained weights in the
 * {@code GPT_weights*} and {@code SoVITS_weights*} folders (each opened to tell its kind and version
 * from its contents), the pretrained models and the frontend data under {@code GPT_SoVITS/}, and the
 * voices that pair a GPT and a SoVITS file by upstream's file names ({@code <name>-e<epoch>.ckpt},
 * {@code <name>_e<epoch>_s<step>.pth}). A file that cannot be used is reported with the reason and
 * does not stop the others. [any-thread]
 */
public final class GsvInstall {
    /** Which of the two models a weight file holds. */
    public enum Kind {
        GPT("GPT"), SOVITS("SoVITS");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** Something the install should hold: a pretrained model or a frontend file, what it is for, and whether it is there. */
    public record Part(String path, String purpose, boolean present) {}

    /**
     * A usable weight file: its kind, the voice name and epoch from its file name (epoch -1 when the
     * name does not follow upstream's pattern), and the version read from its contents.
     */
    public record Weight(Path file, Kind kind, String name, int epoch, String version) {
        /** The phoneme set the model was trained with: "v1" (322 symbols) or "v2" (732). */
        public String symbols() {
            return version.equals("v1") ? "v1" : "v2";
        }
    }

    /** A file in a weight folder that cannot be used, and why. */
    public record Skipped(Path file, String reason) {}

    /** A GPT and a SoVITS model of the same name; {@code others} are the other epochs of that name, not used. */
    public record Voice(String id, String name, Weight gpt, Weight sovits, List<Weight> others) {
        public Voice {
            others = List.copyOf(others);
        }

        /** The voice's version as upstream names it: the SoVITS version (the GPT is the same for v2 and later). */
        public String version() {
            return sovits.version();
        }
    }

    /** Everything found: the install folder (absolute), its parts, the voices, and what could not be used. */
    public record Scan(Path folder, List<Path> weightFolders, List<Part> pretrained, List<Part> frontend, List<Voice> voices,
                       List<Skipped> skippedFiles, List<String> skippedVoices) {
        public Scan {
            weightFolders = List.copyOf(weightFolders);
            pretrained = List.copyOf(pretrained);
            frontend = List.copyOf(frontend);
            voices = List.copyOf(voices);
            skippedFiles = List.copyOf(skippedFiles);
            skippedVoices = List.copyOf(skippedVoices);
        }
    }

    /** The folder is not a GPT-SoVITS install; the message says what was expected. */
    public static final class NotAnInstallException extends IOException {
        private static final long serialVersionUID = 1L;

        NotAnInstallException(String message) {
            super(message);
        }
    }

    static final String SPEAKER_VERIFICATION = "GPT_SoVITS/pretrained_models/sv/pretrained_eres2netv2w24s4ep4.ckpt";
    private static final Pattern GPT_FOLDER = Pattern.compile("GPT_weights(_[A-Za-z0-9]+)?");
    private static final Pattern SOVITS_FOLDER = Pattern.compile("SoVITS_weights(_[A-Za-z0-9]+)?");
    /** {@code s1_train.py}: {@code <exp_name>-e<epoch>.ckpt}. */
    private static final Pattern GPT_NAME = Pattern.compile("(.+)-e(\\d+)\\.ckpt");
    /** {@code process_ckpt.savee}: {@code <exp_name>_e<epoch>_s<step>.pth}, LoRA files with {@code _l<rank>} added. */
    private static final Pattern SOVITS_NAME = Pattern.compile("(.+)_e(\\d+)_s(\\d+)(_l\\d+)?\\.pth");
    private static final Set<String> SUPPORTED_SOVITS = Set.of("v1", "v2", "v2Pro", "v2ProPlus");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private GsvInstall() {}

    /** [any-thread] Scans {@code folder}; refuses one that has neither {@code GPT_SoVITS/} nor a weight folder. */
    public static Scan scan(Path folder) throws IOException {
        final Path root = folder.toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) throw new NotAnInstallException(root + ": no such folder; expected a GPT-SoVITS install folder");
        final List<Path> gptFolders = children(root, GPT_FOLDER), sovitsFolders = children(root, SOVITS_FOLDER);
        if (gptFolders.isEmpty() && sovitsFolders.isEmpty() && !Files.isDirectory(root.resolve("GPT_SoVITS"))) {
            final Path parent = root.getParent();
            final String hint = parent != null && root.getFileName().toString().equals("GPT_SoVITS") && Files.isDirectory(parent)
                    ? "; this looks like the GPT_SoVITS folder inside an install, so try its parent " + parent : "";
            throw new NotAnInstallException(root + ": not a GPT-SoVITS install: expected the folder that holds GPT_SoVITS/ (with pretrained_models/ and text/)"
                    + " and the weight folders training writes (GPT_weights*, SoVITS_weights*)" + hint);
        }

        final List<Skipped> skipped = new ArrayList<>();
        final List<Weight> weights = new ArrayList<>();
        for (Path f : gptFolders) weights.addAll(readFolder(f, Kind.GPT, skipped));
        for (Path f : sovitsFolders) weights.addAll(readFolder(f, Kind.SOVITS, skipped));
        final List<String> skippedVoices = new ArrayList<>();
        final List<Voice> voices = pair(weights, skippedVoices);

        final Path models = root.resolve("GPT_SoVITS").resolve("pretrained_models"), text = root.resolve("GPT_SoVITS").resolve("text");
        final List<Part> pretrained = List.of(
                new Part("GPT_SoVITS/pretrained_models/chinese-hubert-base/", "HuBERT, turns the reference recording into semantic tokens; every voice needs it",
                        hfFolder(models.resolve("chinese-hubert-base"))),
                new Part("GPT_SoVITS/pretrained_models/chinese-roberta-wwm-ext-large/", "Chinese BERT, features of Chinese text; needed for Chinese",
                        hfFolder(models.resolve("chinese-roberta-wwm-ext-large"))),
                new Part(SPEAKER_VERIFICATION, "speaker verification (ERes2NetV2); v2Pro and v2ProPlus voices need it",
                        Files.isRegularFile(root.resolve(SPEAKER_VERIFICATION))));
        final List<Part> frontend = List.of(
                new Part("GPT_SoVITS/text/cmudict.rep", "CMUdict, English pronunciations", Files.isRegularFile(text.resolve("cmudict.rep"))),
                new Part("GPT_SoVITS/text/cmudict-fast.rep", "more English pronunciations", Files.isRegularFile(text.resolve("cmudict-fast.rep"))),
                new Part("GPT_SoVITS/text/engdict-hot.rep", "English pronunciation overrides", Files.isRegularFile(text.resolve("engdict-hot.rep"))),
                new Part("GPT_SoVITS/text/opencpop-strict.txt", "Chinese pinyin to phonemes", Files.isRegularFile(text.resolve("opencpop-strict.txt"))),
                new Part("GPT_SoVITS/text/G2PWModel/", "g2pW Chinese polyphone model; not used by Understudy yet", Files.isDirectory(text.resolve("G2PWModel"))));
        final List<Path> weightFolders = new ArrayList<>(gptFolders);
        weightFolders.addAll(sovitsFolders);
        return new Scan(root, weightFolders, pretrained, frontend, voices, skipped, skippedVoices);
    }

    /** A Hugging Face model folder with its config and weights. */
    private static boolean hfFolder(Path dir) {
        return Files.isRegularFile(dir.resolve("config.json"))
                && (Files.isRegularFile(dir.resolve("pytorch_model.bin")) || Files.isRegularFile(dir.resolve("model.safetensors")));
    }

    private static List<Path> children(Path root, Pattern name) throws IOException {
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(p -> Files.isDirectory(p) && name.matcher(p.getFileName().toString()).matches()).sorted().toList();
        }
    }

    private static List<Weight> readFolder(Path folder, Kind expected, List<Skipped> skipped) throws IOException {
        final List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.filter(p -> {
                final String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                return Files.isRegularFile(p) && (n.endsWith(".ckpt") || n.endsWith(".pth"));
            }).sorted().toList();
        }
        final List<Weight> out = new ArrayList<>();
        for (Path f : files) {
            try {
                read(f, expected, folder.getFileName().toString()).ifPresent(out::add);
            } catch (Unusable e) {
                skipped.add(new Skipped(f, e.getMessage()));
            }
        }
        return out;
    }

    /** A weight file that cannot be used; the message is the reason, without the file name. */
    private static final class Unusable extends Exception {
        private static final long serialVersionUID = 1L;

        Unusable(String reason) {
            super(reason, null, false, false);
        }
    }

    private static Optional<Weight> read(Path f, Kind expected, String folderName) throws Unusable {
        final Checkpoint ckpt;
        try {
            ckpt = Checkpoint.open(f);
        } catch (CheckpointException e) {
            throw new Unusable(withoutFile(f, e));
        }
        final Kind kind = switch (ckpt.content()) {
            case GPT -> Kind.GPT;
            case SOVITS -> Kind.SOVITS;
            default -> throw new Unusable("not a GPT-SoVITS " + expected.label() + " model: it is " + ckpt.description());
        };
        if (kind != expected) {
            throw new Unusable("it is " + ckpt.description() + ", but " + folderName + " is a " + expected.label() + " folder; move it to a "
                    + (kind == Kind.GPT ? "GPT_weights" : "SoVITS_weights") + " folder");
        }
        final String fileName = f.getFileName().toString();
        final Matcher m = (kind == Kind.GPT ? GPT_NAME : SOVITS_NAME).matcher(fileName);
        final String name = m.matches() ? m.group(1) : fileName.substring(0, fileName.lastIndexOf('.'));
        final int epoch = m.matches() ? parseEpoch(m.group(2)) : -1;
        try {
            return Optional.of(new Weight(f, kind, name, epoch, kind == Kind.GPT ? gptVersion(ckpt) : sovitsVersion(ckpt)));
        } catch (CheckpointException | RuntimeException e) {
            throw new Unusable("cannot read its " + kind.label() + " configuration: "
                    + (e instanceof CheckpointException ce ? withoutFile(f, ce) : e.getMessage()));
        }
    }

    private static int parseEpoch(String digits) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException tooLong) {
            return Integer.MAX_VALUE;
        }
    }

    /** v1 GPT models embed 512 phonemes (upstream's s1longer.yaml), v2 and later 732. */
    private static String gptVersion(Checkpoint ckpt) throws CheckpointException, Unusable {
        final int phonemes = T2SConfig.from(ckpt).phonemeVocab();
        return switch (phonemes) {
            case 512 -> "v1";
            case 732 -> "v2";
            default -> throw new Unusable("its phoneme vocabulary has " + phonemes + " entries; GPT-SoVITS GPT models have 512 (v1) or 732 (v2 and later)");
        };
    }

    /** v3/v4 (and their LoRA files) are told by the version code in the header or by the CFM weights; the rest as SovitsConfig does. */
    private static String sovitsVersion(Checkpoint ckpt) throws CheckpointException, Unusable {
        final String code = ckpt.versionCode().orElse("");
        final String v3v4 = switch (code) {
            case "02" -> "v3";
            case "03" -> "v3 (LoRA)";
            case "04" -> "v4 (LoRA)";
            default -> null;
        };
        String unsupported = v3v4;
        if (unsupported == null && ckpt.keys().stream().anyMatch(k -> k.startsWith("cfm."))) {
            final Object declared = ckpt.map("config", "model").get("version");
            unsupported = "v4".equals(declared) ? "v4" : "v3".equals(declared) ? "v3" : "v3 or v4";
        }
        if (unsupported == null && !code.isEmpty() && !Set.of("00", "01", "05", "06").contains(code)) unsupported = "version code " + code;
        if (unsupported != null) {
            throw new Unusable("SoVITS " + unsupported + ", which Understudy does not support yet (it runs v1, v2, v2Pro and v2ProPlus)");
        }
        final String version = SovitsConfig.from(ckpt).version();
        if (!SUPPORTED_SOVITS.contains(version)) throw new Unusable("SoVITS " + version + ", which Understudy does not support");
        return version;
    }

    private static String withoutFile(Path f, IOException e) {
        final String prefix = f + ": ";
        final String message = String.valueOf(e.getMessage());
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    /** Groups by name; per name the highest-epoch SoVITS and the highest-epoch GPT trained with the same phoneme set. */
    private static List<Voice> pair(List<Weight> weights, List<String> skippedVoices) {
        final Map<String, List<Weight>> byName = new LinkedHashMap<>();
        for (Weight w : weights) byName.computeIfAbsent(w.name(), k -> new ArrayList<>()).add(w);
        final Comparator<Weight> newest = Comparator.comparingInt(Weight::epoch);
        final List<Voice> voices = new ArrayList<>();
        final Set<String> ids = new LinkedHashSet<>();
        for (Map.Entry<String, List<Weight>> e : sortedByName(byName).entrySet()) {
            final String name = e.getKey();
            final List<Weight> all = e.getValue();
            final Optional<Weight> sovits = all.stream().filter(w -> w.kind() == Kind.SOVITS).reduce((a, b) -> newest.compare(b, a) >= 0 ? b : a);
            final List<Weight> gpts = all.stream().filter(w -> w.kind() == Kind.GPT).toList();
            if (sovits.isEmpty()) {
                skippedVoices.add(name + ": GPT model " + files(gpts) + " but no SoVITS model named " + name + "_e<epoch>_s<step>.pth");
                continue;
            }
            if (gpts.isEmpty()) {
                skippedVoices.add(name + ": SoVITS model " + sovits.get().file().getFileName() + " but no GPT model named " + name + "-e<epoch>.ckpt");
                continue;
            }
            final Optional<Weight> gpt = gpts.stream().filter(g -> g.symbols().equals(sovits.get().symbols()))
                    .reduce((a, b) -> newest.compare(b, a) >= 0 ? b : a);
            if (gpt.isEmpty()) {
                final Weight g = gpts.stream().max(newest).orElseThrow();
                skippedVoices.add(String.format(Locale.ROOT, "%s: GPT %s is %s (%s phoneme set) but SoVITS %s is %s (%s phoneme set); they cannot be used together",
                        name, g.file().getFileName(), g.version(), g.symbols(), sovits.get().file().getFileName(), sovits.get().version(), sovits.get().symbols()));
                continue;
            }
            final List<Weight> others = all.stream().filter(w -> w != gpt.get() && w != sovits.get()).toList();
            String id = idFor(name);
            for (int n = 2; ids.contains(id); n++) id = idFor(name) + "-" + n;
            ids.add(id);
            voices.add(new Voice(id, name, gpt.get(), sovits.get(), others));
        }
        return voices;
    }

    /** Names in alphabetical order, ignoring case. */
    private static Map<String, List<Weight>> sortedByName(Map<String, List<Weight>> byName) {
        final Map<String, List<Weight>> sorted = new java.util.TreeMap<>(Comparator.comparing((String n) -> n.toLowerCase(Locale.ROOT)).thenComparing(Comparator.naturalOrder()));
        sorted.putAll(byName);
        return sorted;
    }

    private static String files(List<Weight> ws) {
        return String.join(", ", ws.stream().map(w -> w.file().getFileName().toString()).toList());
    }

    /** [any-thread] A preset id from a voice name: lower-case, other characters as '-', at most 64, starting with a letter or digit. */
    public static String idFor(String name) {
        String id = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-").replaceAll("^[^a-z0-9]+", "").replaceAll("-+$", "");
        if (id.length() > 60) id = id.substring(0, 60);
        return id.isEmpty() ? "voice" : id;
    }

    /**
     * [any-thread] The preset for {@code voice} in schema {@value VoicePreset#SCHEMA} v1: absolute model and
     * install paths, upstream's inference defaults, no reference and empty provenance, so that
     * {@link PresetReader} refuses it until the user adds both.
     */
    public static String presetJson(Scan scan, Voice voice) {
        final ObjectNode root = JSON.createObjectNode();
        root.put("schema", VoicePreset.SCHEMA);
        root.put("version", VoicePreset.VERSION);
        root.put("id", voice.id());
        root.put("name", voice.name());
        root.put("engine", "gpt-sovits");
        root.put("language", "auto");
        final ObjectNode gsv = root.putObject("gptSovits");
        gsv.put("gpt", voice.gpt().file().toString());
        gsv.put("sovits", voice.sovits().file().toString());
        gsv.put("install", scan.folder().toString());
        gsv.putArray("references");
        final VoicePreset.Inference d = VoicePreset.Inference.UPSTREAM;
        final ObjectNode inf = root.putObject("inference");
        inf.put("topK", d.topK());
        inf.put("topP", d.topP());
        inf.put("temperature", d.temperature());
        inf.put("repetitionPenalty", d.repetitionPenalty());
        inf.put("speed", d.speed());
        inf.put("pauseSeconds", d.pauseSeconds());
        inf.put("cutMethod", d.cutMethod());
        inf.put("seed", d.seed());
        final ObjectNode loud = root.putObject("loudness");
        loud.put("targetLufs", VoicePreset.Loudness.DEFAULT.targetLufs());
        loud.put("truePeakDbtp", VoicePreset.Loudness.DEFAULT.truePeakDbtp());
        final ObjectNode prov = root.putObject("provenance");
        prov.put("speaker", "");
        prov.put("consent", "");
        prov.put("source", "");
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
