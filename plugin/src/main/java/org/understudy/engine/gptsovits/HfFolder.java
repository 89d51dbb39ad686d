package org.understudy.engine.gptsovits;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.Buffer;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.understudy.engine.checkpoint.Checkpoint;
import org.understudy.engine.checkpoint.CheckpointException;
import org.understudy.engine.onnx.OnnxGraph;
import org.understudy.engine.onnx.Value;

/**
 * A Hugging Face model folder as upstream's {@code from_pretrained} reads it: {@code config.json} next
 * to {@code model.safetensors} (preferred, as HF does) or {@code pytorch_model.bin}. Every problem is
 * a {@link CheckpointException} naming the file or folder.
 */
final class HfFolder {
    static final String CONFIG = "config.json";
    private static final String[] WEIGHT_FILES = {"model.safetensors", "pytorch_model.bin"};
    private static final ObjectMapper JSON = new ObjectMapper();

    final Path dir;
    final Path configFile;
    final JsonNode config;
    final Checkpoint weights;

    private HfFolder(Path dir, Path configFile, JsonNode config, Checkpoint weights) {
        this.dir = dir;
        this.configFile = configFile;
        this.config = config;
        this.weights = weights;
    }

    /**
     * Opens {@code dir}, which must be a {@code modelType} folder (HF's {@code config.model_type}).
     * {@code what} names the folder for messages, e.g. "chinese-hubert-base (HuBERT)".
     */
    static HfFolder open(Path dir, String modelType, String what) throws CheckpointException {
        if (Files.isRegularFile(dir)) throw notAFolder(dir, what);
        if (!Files.isDirectory(dir)) throw new CheckpointException(dir, "does not exist; expected the " + what + " folder");
        final Path configFile = dir.resolve(CONFIG);
        if (!Files.isRegularFile(configFile)) {
            throw new CheckpointException(configFile, "is missing: the " + what + " folder needs the config.json that came with its weights");
        }
        final JsonNode config;
        try {
            config = JSON.readTree(configFile.toFile());
        } catch (IOException e) {
            throw new CheckpointException(configFile, "is not valid JSON: " + e.getMessage());
        }
        if (!config.isObject()) throw new CheckpointException(configFile, "is not a JSON object");
        final String type = config.path("model_type").asText("");
        if (!type.equals(modelType)) {
            throw new CheckpointException(configFile, "says model_type '" + type + "', but the " + what + " folder holds a '" + modelType + "' model");
        }
        Path weightFile = null;
        for (String name : WEIGHT_FILES) {
            if (weightFile == null && Files.isRegularFile(dir.resolve(name))) weightFile = dir.resolve(name);
        }
        if (weightFile == null) {
            throw new CheckpointException(dir, "has no weights: expected model.safetensors or pytorch_model.bin next to config.json");
        }
        return new HfFolder(dir, configFile, config, Checkpoint.open(weightFile).expectContent(Checkpoint.Content.STATE_DICT));
    }

    /** A file where the folder belongs: say what the file is, so a GPT .ckpt or SoVITS .pth is named as such. */
    private static CheckpointException notAFolder(Path file, String what) {
        String is;
        try {
            is = "is " + Checkpoint.open(file).description();
        } catch (CheckpointException e) {
            is = "is a file";
        }
        return new CheckpointException(file, is + ", not the " + what + " folder; choose the folder that holds config.json and the weights");
    }

    // ---- config.json values (HF's defaults where the config may leave a key out)

    int intValue(String key) throws CheckpointException {
        final JsonNode v = config.get(key);
        if (v == null || !v.canConvertToInt() || !v.isIntegralNumber()) throw badValue(key, "an integer");
        return v.intValue();
    }

    int[] ints(String key) throws CheckpointException {
        final JsonNode v = config.get(key);
        if (v == null || !v.isArray() || v.isEmpty()) throw badValue(key, "a list of integers");
        final int[] out = new int[v.size()];
        for (int i = 0; i < out.length; i++) {
            if (!v.get(i).isIntegralNumber()) throw badValue(key, "a list of integers");
            out[i] = v.get(i).intValue();
        }
        return out;
    }

    float floatValue(String key, float fallback) throws CheckpointException {
        final JsonNode v = config.get(key);
        if (v == null) return fallback;
        if (!v.isNumber()) throw badValue(key, "a number");
        return v.floatValue();
    }

    boolean bool(String key, boolean fallback) throws CheckpointException {
        final JsonNode v = config.get(key);
        if (v == null) return fallback;
        if (!v.isBoolean()) throw badValue(key, "true or false");
        return v.booleanValue();
    }

    String string(String key, String fallback) throws CheckpointException {
        final JsonNode v = config.get(key);
        if (v == null) return fallback;
        if (!v.isTextual()) throw badValue(key, "a string");
        return v.textValue();
    }

    /** An unsupported config value, e.g. an activation other than GELU. */
    CheckpointException unsupported(String key, Object value) {
        return new CheckpointException(configFile, key + " = " + value + " is not supported");
    }

    private CheckpointException badValue(String key, String expected) {
        return new CheckpointException(configFile, "has " + (config.has(key) ? key + " = " + config.get(key) : "no " + key) + ", expected " + expected);
    }

    // ---- weights

    /**
     * One fp32 buffer per weight the graph declares, read under its own key with its declared shape
     * (fp16 files are widened); {@code derived} supplies weights computed at load, such as a folded
     * weight norm.
     */
    Map<String, Buffer> weightsFor(OnnxGraph graph, Map<String, FloatBuffer> derived) throws CheckpointException {
        final Map<String, Buffer> out = new LinkedHashMap<>();
        for (Value w : graph.weights()) {
            if (derived.containsKey(w.name())) {
                out.put(w.name(), derived.get(w.name()));
                continue;
            }
            out.put(w.name(), weights.tensor(storedKey(w.name()), w.dims()).toFloatBuffer());
        }
        return out;
    }

    /** The key as stored: older BERT files name LayerNorm's weight and bias gamma and beta, which HF renames at load. */
    private String storedKey(String key) {
        if (weights.contains(key)) return key;
        if (key.endsWith("LayerNorm.weight")) return key.substring(0, key.length() - "weight".length()) + "gamma";
        if (key.endsWith("LayerNorm.bias")) return key.substring(0, key.length() - "bias".length()) + "beta";
        return key;
    }
}
