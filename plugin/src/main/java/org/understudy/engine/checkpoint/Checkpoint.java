package org.understudy.engine.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.understudy.engine.checkpoint.TorchPickle.PythonObject;
import org.understudy.engine.checkpoint.TorchPickle.TensorRef;
import org.understudy.engine.checkpoint.TorchPickle.UnknownGlobal;

/**
 * A model file opened for reading: a PyTorch zip checkpoint (GPT-SoVITS {@code .ckpt} and
 * {@code .pth}, Hugging Face {@code pytorch_model.bin}) or a safetensors file. The kind is found
 * from the bytes, not the file name. Tensors are memory-mapped views in the file's key order; the
 * pickled rest (the GPT config dict, the SoVITS {@code utils.HParams}, {@code info}) reads as
 * ordered maps, lists, strings and numbers.
 *
 * <p>Immutable once open; every method may be called from any thread. The mapping stays alive as
 * long as a {@link Tensor} or one of its buffers is reachable.
 */
public final class Checkpoint {
    /** How the file is stored. */
    public enum Format {
        TORCH_ZIP,
        SAFETENSORS
    }

    /** What a file holds, so that a caller can refuse the wrong model with a clear message. */
    public enum Content {
        /** {@code {"weight": {"model.…": tensor}, "config": {"model": {…}}, "info": "GPT-e15"}} as {@code s1_train.py} saves it. */
        GPT("a GPT-SoVITS GPT model (.ckpt)"),
        /** {@code {"weight": {…}, "config": utils.HParams(model=…), "info": "8epoch_96iteration"}} as {@code process_ckpt.savee} saves it. */
        SOVITS("a GPT-SoVITS SoVITS model (.pth)"),
        /** Tensors by name with no GPT-SoVITS config: a Hugging Face model, a speaker model, a safetensors file. */
        STATE_DICT("a plain set of weights without a GPT-SoVITS config"),
        /** A torch file that holds no tensor dictionary we recognise. */
        OTHER("a PyTorch file without model weights");

        private final String description;

        Content(String description) {
            this.description = description;
        }
    }

    private static final List<String> SOVITS_VERSION_CODES = List.of("v1", "v2", "v3", "v3 LoRA", "v4 LoRA", "v2Pro", "v2ProPlus");

    private final Path file;
    private final Format format;
    private final String versionCode;
    private final String zipRoot;
    private final Content content;
    private final Map<String, Tensor> tensors;
    private final Map<String, Object> root;

    private Checkpoint(Path file, Format format, String versionCode, String zipRoot, Content content, Map<String, Tensor> tensors,
            Map<String, Object> root) {
        this.file = file;
        this.format = format;
        this.versionCode = versionCode;
        this.zipRoot = zipRoot;
        this.content = content;
        this.tensors = tensors;
        this.root = root;
    }

    /** [any-thread] Opens and indexes {@code file}; tensor data is mapped, not read. */
    public static Checkpoint open(Path file) throws CheckpointException {
        if (Files.isDirectory(file)) {
            throw new CheckpointException(file, "is a folder; choose the model file inside it (for example model.safetensors or pytorch_model.bin)");
        }
        if (!Files.isRegularFile(file)) throw new CheckpointException(file, "does not exist");
        try {
            final byte[] start = readStart(file);
            if (MappedZip.startsLikeTorchZip(ByteBuffer.wrap(start))) return openTorchZip(file);
            if (start.length > 8 && start[8] == '{') return openSafetensors(file);
            throw new CheckpointException(file, "is not a model checkpoint: expected a PyTorch file (.ckpt, .pth, .bin) or a safetensors file, but "
                    + describe(start));
        } catch (CheckpointException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new CheckpointException(file, "cannot be read: " + e, e);
        }
    }

    /** [any-thread] */
    public Path file() {
        return file;
    }

    /** [any-thread] */
    public Format format() {
        return format;
    }

    /** [any-thread] The GPT-SoVITS version code written over the zip's {@code PK} (e.g. {@code 05}), if any. */
    public Optional<String> versionCode() {
        return Optional.ofNullable(versionCode);
    }

    /** [any-thread] The zip's root folder (e.g. {@code archive}, or a time stamp); empty for safetensors. */
    public Optional<String> zipRoot() {
        return Optional.ofNullable(zipRoot);
    }

    /** [any-thread] */
    public Content content() {
        return content;
    }

    /** [any-thread] What the file is, for messages: e.g. {@code a GPT-SoVITS SoVITS model (.pth, v2Pro)}. */
    public String description() {
        if (content == Content.SOVITS && sovitsVersion() != null) return "a GPT-SoVITS SoVITS model (.pth, " + sovitsVersion() + ")";
        if (content == Content.STATE_DICT && format == Format.SAFETENSORS) return "a safetensors file (plain weights without a GPT-SoVITS config)";
        return content.description;
    }

    /** [any-thread] This checkpoint if it holds {@code expected}; otherwise an error that says what it is instead. */
    public Checkpoint expectContent(Content expected) throws CheckpointException {
        if (content != expected) throw new CheckpointException(file, "expected " + expected.description + ", but this is " + description());
        return this;
    }

    /** [any-thread] Tensor keys in the order the file stores them. */
    public List<String> keys() {
        return List.copyOf(tensors.keySet());
    }

    /** [any-thread] */
    public boolean contains(String key) {
        return tensors.containsKey(key);
    }

    /** [any-thread] The tensor stored under {@code key}. */
    public Tensor tensor(String key) throws CheckpointException {
        final Tensor tensor = tensors.get(key);
        if (tensor == null) throw new CheckpointException(file, "has no tensor '" + key + "' (it holds " + tensors.size() + " tensors; is it the right model?)");
        return tensor;
    }

    /** [any-thread] The tensor stored under {@code key}, which must have {@code shape}. */
    public Tensor tensor(String key, long... shape) throws CheckpointException {
        return tensor(key).expectShape(shape);
    }

    /**
     * [any-thread] A value from the pickled contents, by path: {@code value("config", "model", "n_layer")}.
     * Maps are ordered {@code Map<String, Object>}, tuples and lists are {@code List<Object>}, and
     * numbers are {@code Integer}, {@code Long}, {@code BigInteger} or {@code Double}. For safetensors
     * the only value is {@code __metadata__}.
     */
    public Object value(String... path) throws CheckpointException {
        Object node = root;
        for (int i = 0; i < path.length; i++) {
            if (!(node instanceof Map<?, ?> map) || !map.containsKey(path[i])) {
                throw new CheckpointException(file, "has no value " + String.join(".", path)
                        + (i == 0 ? "" : " (" + String.join(".", Arrays.copyOf(path, i)) + " has no '" + path[i] + "')"));
            }
            node = map.get(path[i]);
        }
        return node;
    }

    /** [any-thread] A nested map, e.g. {@code map("config", "model")}. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> map(String... path) throws CheckpointException {
        final Object value = value(path);
        if (value instanceof Map<?, ?> map) return (Map<String, Object>) map;
        throw new CheckpointException(file, String.join(".", path) + " is " + pythonType(value) + ", expected a map");
    }

    /** [any-thread] An integer value, e.g. {@code intValue("config", "model", "n_layer")}. */
    public int intValue(String... path) throws CheckpointException {
        final Object value = value(path);
        if ((value instanceof Integer || value instanceof Long) && ((Number) value).intValue() == ((Number) value).longValue()) {
            return ((Number) value).intValue();
        }
        throw new CheckpointException(file, String.join(".", path) + " is " + pythonType(value) + " (" + value + "), expected an integer");
    }

    /** [any-thread] e.g. {@code model.ckpt: a GPT-SoVITS GPT model (.ckpt), 43 tensors}. */
    @Override
    public String toString() {
        return file.getFileName() + ": " + description() + ", " + tensors.size() + " tensors";
    }

    // ---- PyTorch zip

    private static Checkpoint openTorchZip(Path file) throws IOException {
        final MappedZip zip = MappedZip.open(file);
        final String pickleName = zip.names().stream().filter(n -> n.endsWith("/data.pkl") && n.indexOf('/') == n.length() - 9).findFirst()
                .orElseThrow(() -> new CheckpointException(file, "is a zip archive but not a PyTorch checkpoint (it has no data.pkl)"));
        final String prefix = pickleName.substring(0, pickleName.length() - "data.pkl".length());
        final ByteBuffer pickleBytes = zip.entry(pickleName);
        final byte[] pickle = new byte[pickleBytes.remaining()];
        pickleBytes.get(pickle);
        final Object tree;
        try {
            tree = TorchPickle.read(pickle);
        } catch (IOException | RuntimeException e) {
            throw new CheckpointException(file, "cannot read its pickled contents (" + pickleName + "): " + e.getMessage(), e);
        }

        final Content content = classify(tree);
        final Object stateDict = stateDict(content, tree);
        final TreeConverter converter = new TreeConverter(file, zip, prefix, stateDict);
        final Object converted = converter.convert(tree, "");
        final Map<String, Object> root = converted instanceof Map<?, ?> ? asStringMap(converted) : Map.of();
        final String zipRoot = prefix.substring(0, prefix.length() - 1);
        return new Checkpoint(file, Format.TORCH_ZIP, zip.versionCode().orElse(null), zipRoot, content,
                Collections.unmodifiableMap(converter.tensors), root);
    }

    private static Content classify(Object tree) {
        if (!(tree instanceof Map<?, ?> top)) return Content.OTHER;
        if (isTensorMap(top.get("weight")) && top.get("config") instanceof Map<?, ?> config && config.get("model") instanceof Map) {
            return config instanceof PythonObject ? Content.SOVITS : Content.GPT;
        }
        if (isTensorMap(top) || isTensorMap(top.get("state_dict"))) return Content.STATE_DICT;
        return Content.OTHER;
    }

    private static Object stateDict(Content content, Object tree) {
        final Map<?, ?> top = tree instanceof Map<?, ?> m ? m : Map.of();
        return switch (content) {
            case GPT, SOVITS -> top.get("weight");
            case STATE_DICT -> isTensorMap(top) ? top : top.get("state_dict"); // the latter: a raw Lightning checkpoint
            default -> null;
        };
    }

    private static boolean isTensorMap(Object o) {
        return o instanceof Map<?, ?> map && !map.isEmpty() && map.values().stream().allMatch(v -> v instanceof TensorRef);
    }

    /** Turns the unpickled tree into plain values and the state dict's tensor references into {@link Tensor}s. */
    private static final class TreeConverter {
        final Path file;
        final MappedZip zip;
        final String prefix;
        final Object stateDict;
        final Map<String, Tensor> tensors = new LinkedHashMap<>();

        TreeConverter(Path file, MappedZip zip, String prefix, Object stateDict) {
            this.file = file;
            this.zip = zip;
            this.prefix = prefix;
            this.stateDict = stateDict;
        }

        Object convert(Object node, String path) throws CheckpointException {
            if (node != null && node == stateDict) {
                for (Map.Entry<?, ?> e : ((Map<?, ?>) node).entrySet()) {
                    final String key = String.valueOf(e.getKey());
                    tensors.put(key, tensor(key, (TensorRef) e.getValue()));
                }
                return Collections.unmodifiableMap(tensors);
            }
            if (node instanceof TensorRef ref) return tensor(path, ref);
            if (node instanceof Map<?, ?> map) {
                final Map<String, Object> out = new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    final String key = String.valueOf(e.getKey());
                    out.put(key, convert(e.getValue(), path.isEmpty() ? key : path + "/" + key));
                }
                return Collections.unmodifiableMap(out);
            }
            if (node instanceof List<?> || node instanceof Object[]) {
                final List<?> items = node instanceof Object[] tuple ? Arrays.asList(tuple) : (List<?>) node;
                final List<Object> out = new ArrayList<>(items.size());
                for (int i = 0; i < items.size(); i++) out.add(convert(items.get(i), path + "/" + i));
                return Collections.unmodifiableList(out);
            }
            if (node instanceof UnknownGlobal global) return global.toString(); // a class or function referenced by name
            return node;
        }

        Tensor tensor(String key, TensorRef ref) throws CheckpointException {
            final String record = prefix + "data/" + ref.storage().key();
            if (!zip.contains(record)) throw new CheckpointException(file, "is damaged: tensor '" + key + "' refers to " + record + ", which is missing");
            final DType dtype = ref.storage().dtype();
            final ByteBuffer storage = zip.entry(record);
            final long storageElements = ref.storage().elementCount();
            if (storageElements > storage.remaining() / dtype.byteSize()) {
                throw new CheckpointException(file, "is damaged: " + record + " holds " + storage.remaining() + " bytes, fewer than its "
                        + storageElements + " " + dtype + " elements need");
            }
            final long last = furthestElement(ref);
            if (last >= storageElements) {
                throw new CheckpointException(file, "is damaged: tensor '" + key + "' (shape " + Arrays.toString(ref.shape()) + ", offset " + ref.offset()
                        + ", strides " + Arrays.toString(ref.strides()) + ") does not fit in its storage of " + storageElements + " elements");
            }
            final int from = last < 0 ? 0 : (int) (ref.offset() * dtype.byteSize());
            final int to = last < 0 ? 0 : (int) ((last + 1) * dtype.byteSize());
            return new Tensor(file, key, dtype, ref.shape(), ref.strides(), storage.slice(from, to - from));
        }

        /** The storage index of the furthest element the view reaches; -1 if it has none, Long.MAX_VALUE if the numbers are invalid. */
        static long furthestElement(TensorRef ref) {
            final long[] shape = ref.shape(), strides = ref.strides();
            if (ref.offset() < 0 || shape.length != strides.length) return Long.MAX_VALUE;
            long last = ref.offset();
            try {
                for (int d = 0; d < shape.length; d++) {
                    if (shape[d] < 0 || strides[d] < 0) return Long.MAX_VALUE;
                    if (shape[d] == 0) return -1;
                    last = Math.addExact(last, Math.multiplyExact(shape[d] - 1, strides[d]));
                }
            } catch (ArithmeticException overflow) {
                return Long.MAX_VALUE;
            }
            return last;
        }
    }

    // ---- safetensors

    private static Checkpoint openSafetensors(Path file) throws IOException {
        final Safetensors.Contents contents = Safetensors.read(file);
        final Map<String, Object> root = new LinkedHashMap<>();
        if (!contents.metadata().isEmpty()) root.put("__metadata__", Collections.unmodifiableMap(contents.metadata()));
        return new Checkpoint(file, Format.SAFETENSORS, null, null, Content.STATE_DICT, Collections.unmodifiableMap(contents.tensors()),
                Collections.unmodifiableMap(root));
    }

    // ---- helpers

    private String sovitsVersion() {
        if (versionCode != null) {
            final int code = Integer.parseInt(versionCode);
            return code < SOVITS_VERSION_CODES.size() ? SOVITS_VERSION_CODES.get(code) : "version code " + versionCode;
        }
        final Object model = root.get("config") instanceof Map<?, ?> config ? config.get("model") : null;
        return model instanceof Map<?, ?> m && m.get("version") instanceof String version ? version : null;
    }

    private static byte[] readStart(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(16);
        }
    }

    /** Says what a file that is not a checkpoint seems to be, from its first bytes. */
    private static String describe(byte[] start) {
        if (start.length == 0) return "it is empty";
        final String ascii = new String(start, StandardCharsets.ISO_8859_1);
        if (ascii.startsWith("RIFF")) return "it is a WAV audio file";
        if ((start[0] & 0xff) == 0x80 && start.length > 1 && start[1] >= 2 && start[1] <= 5) {
            return "it is a bare pickle, PyTorch's format from before version 1.6, which Understudy does not read; load it and save it again with a current PyTorch";
        }
        if (ascii.chars().allMatch(c -> c >= 0x20 && c != 0x7f || c == '\n' || c == '\r' || c == '\t')) return "it is a text file"; // ASCII or UTF-8
        final StringBuilder hex = new StringBuilder();
        for (int i = 0; i < Math.min(4, start.length); i++) hex.append(String.format(" %02x", start[i] & 0xff));
        return "it starts with the bytes" + hex;
    }

    private static String pythonType(Object value) {
        if (value == null) return "None";
        if (value instanceof Map) return "a map";
        if (value instanceof List) return "a list";
        if (value instanceof String) return "a string";
        if (value instanceof Boolean) return "a boolean";
        if (value instanceof Double) return "a float";
        if (value instanceof Number) return "an integer";
        if (value instanceof Tensor) return "a tensor";
        return "a " + value.getClass().getSimpleName();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asStringMap(Object map) {
        return (Map<String, Object>) map;
    }
}
