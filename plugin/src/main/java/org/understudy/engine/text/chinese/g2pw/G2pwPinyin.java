package org.understudy.engine.text.chinese.g2pw;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.logging.Logger;
import org.understudy.engine.checkpoint.CheckpointException;
import org.understudy.engine.gptsovits.BertTokenizer;
import org.understudy.engine.onnx.OnnxRuntime;
import org.understudy.engine.onnx.Tensors;
import org.understudy.engine.text.chinese.DictionaryPinyin;
import org.understudy.engine.text.chinese.PinyinSource;

/**
 * Pinyins with polyphones resolved by the user's own g2pW model, as upstream's
 * {@code G2PWOnnxConverter} (style "pinyin") gives them to {@code chinese2.py}: the sentence converted to
 * Taiwan traditional characters ({@link TaiwanTraditional}); each character in g2pW's polyphonic table
 * is predicted by {@code g2pW.onnx} on ONNX Runtime, in one batch per call, its text cropped to
 * {@value #CONTEXT_CHARS} characters either side of the sentence's first and last polyphonic character
 * (upstream's {@code g2pw_polyphonic_context_chars} default); the class is the argmax of {@code probs}
 * over the character's candidates, converted from bopomofo to tone3 pinyin; characters in the
 * monophonic table take its reading; every other character (and a reading the tables cannot convert)
 * comes from the phrase dictionary, where upstream uses pypinyin.
 *
 * <p>Upstream runs the rows of one repeated text with a single copy of the token inputs
 * ({@code g2pw_sentence_dedup}); here every row carries its own copy, which is the same computation.
 *
 * <p>Files: {@code <text>/G2PWModel/} holds {@code g2pW.onnx} (or {@code g2pw.onnx}),
 * {@code POLYPHONIC_CHARS.txt}, {@code MONOPHONIC_CHARS.txt}, {@code bopomofo_to_pinyin_wo_tune_dict.json}
 * and {@code config.py}; the tokenizer is the one GPT-SoVITS passes as {@code model_source}: its BERT
 * folder {@code GPT_SoVITS/pretrained_models/chinese-roberta-wwm-ext-large} ({@code vocab.txt}).
 * [any-thread]
 */
public final class G2pwPinyin implements PinyinSource, AutoCloseable {
    /** Folder of the model under a {@code GPT_SoVITS/text} folder. */
    public static final String MODEL_FOLDER = "G2PWModel";
    /** The BERT folder GPT-SoVITS gives g2pW as its tokenizer, relative to the {@code GPT_SoVITS/text} folder. */
    public static final String TOKENIZER_FOLDER = "../pretrained_models/chinese-roberta-wwm-ext-large";
    static final int CONTEXT_CHARS = 16;
    static final List<String> INPUTS = List.of("input_ids", "token_type_ids", "attention_mask", "phoneme_mask", "char_ids", "position_ids");
    static final String OUTPUT = "probs";
    private static final Logger LOG = Logger.getLogger("understudy.text");

    private final Path modelFile;
    private final G2pwData data;
    private final BertTokenizer tokenizer;
    private final OrtSession session;
    private final String output;
    private final PinyinSource dictionary;

    private G2pwPinyin(Path modelFile, G2pwData data, BertTokenizer tokenizer, OrtSession session, String output, PinyinSource dictionary) {
        this.modelFile = modelFile;
        this.data = data;
        this.tokenizer = tokenizer;
        this.session = session;
        this.output = output;
        this.dictionary = dictionary;
    }

    /** The model file in a G2PWModel folder: {@code g2pW.onnx}, else {@code g2pw.onnx} (as upstream looks), else empty. */
    public static Optional<Path> modelFile(Path modelFolder) {
        for (String name : List.of("g2pW.onnx", "g2pw.onnx")) {
            final Path p = modelFolder.resolve(name);
            if (Files.isRegularFile(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    /**
     * [engine-worker] Loads a G2PWModel folder and the BERT tokenizer folder; {@code dictionary} gives the
     * characters outside g2pW's tables and pypinyin's finals.
     * @throws IOException naming the file that is missing or unusable ({@link CheckpointException} for model files)
     */
    public static G2pwPinyin load(Path modelFolder, Path tokenizerFolder, PinyinSource dictionary) throws IOException {
        final G2pwData data = G2pwData.load(modelFolder);
        final Path modelFile = modelFile(modelFolder).orElseThrow(() -> new CheckpointException(modelFolder.resolve("g2pW.onnx"), "is missing from the g2pW model folder"));
        if (!Files.isDirectory(tokenizerFolder)) {
            throw new CheckpointException(tokenizerFolder, "the BERT tokenizer folder g2pW uses (chinese-roberta-wwm-ext-large, vocab.txt) is missing");
        }
        final BertTokenizer tokenizer = BertTokenizer.load(tokenizerFolder);
        final OrtSession session;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setIntraOpNumThreads(2);   // as upstream
            session = OnnxRuntime.environment().createSession(modelFile.toString(), options);
        } catch (OrtException e) {
            throw new CheckpointException(modelFile, "ONNX Runtime cannot load it as a g2pW model: " + e.getMessage());
        }
        try {
            final String output = checkSignature(session, modelFile, data);
            LOG.info("Chinese polyphones come from g2pW (" + modelFile + ", " + data.polyphonic.size() + " polyphonic characters, "
                    + data.labels.size() + " classes; tokenizer " + tokenizer.vocabFile() + ")");
            return new G2pwPinyin(modelFile, data, tokenizer, session, output, dictionary);
        } catch (IOException | RuntimeException e) {
            try {
                session.close();
            } catch (OrtException ignored) {
                // reporting the first problem
            }
            throw e;
        }
    }

    /**
     * [engine-worker] The pinyin source for a {@code GPT_SoVITS/text} folder: g2pW when
     * {@code <text>/G2PWModel/g2pW.onnx} and the tokenizer folder ({@link #TOKENIZER_FOLDER}, or
     * {@code tokenizerFolder} when given) are there, else the phrase dictionary, which logs why. A g2pW
     * folder that is there but cannot be used is reported through {@code warn} (and the log) and the
     * dictionary is used.
     */
    public static PinyinSource forTextFolder(Path textFolder, Path tokenizerFolder, Consumer<String> warn) {
        final Path modelFolder = textFolder.resolve(MODEL_FOLDER);
        if (modelFile(modelFolder).isEmpty()) return new DictionaryPinyin("no g2pW model at " + modelFolder.resolve("g2pW.onnx"));
        final Path tokenizer = tokenizerFolder != null ? tokenizerFolder : textFolder.resolve(TOKENIZER_FOLDER).normalize();
        try {
            return load(modelFolder, tokenizer, DictionaryPinyin.forCharactersOutsideG2pw());
        } catch (IOException | RuntimeException e) {
            final String message = "the g2pW model in " + modelFolder + " cannot be used (" + e.getMessage() + "); Chinese polyphones come from a phrase dictionary";
            LOG.warning(message);
            if (warn != null) warn.accept("warning: " + message);
            return new DictionaryPinyin("g2pW could not be loaded");
        }
    }

    private static String checkSignature(OrtSession session, Path modelFile, G2pwData data) throws IOException {
        try {
            final Map<String, NodeInfo> inputs = session.getInputInfo();
            if (!inputs.keySet().containsAll(INPUTS) || inputs.size() != INPUTS.size()) {
                throw new CheckpointException(modelFile, "is not a g2pW model: its inputs are " + inputs.keySet() + ", g2pW's are " + INPUTS);
            }
            final Map<String, NodeInfo> outputs = session.getOutputInfo();
            if (outputs.isEmpty()) throw new CheckpointException(modelFile, "has no outputs");
            final String name = outputs.containsKey(OUTPUT) ? OUTPUT : outputs.keySet().iterator().next();
            if (outputs.get(name).getInfo() instanceof TensorInfo t) {
                final long[] shape = t.getShape();
                if (shape.length != 2) throw new CheckpointException(modelFile, "output " + name + " has rank " + shape.length + ", g2pW's probs are [batch, classes]");
                if (shape[1] > 0 && shape[1] != data.labels.size()) {
                    throw new CheckpointException(modelFile, "gives " + shape[1] + " classes but " + data.folder.resolve(G2pwData.POLYPHONIC) + " has "
                            + data.labels.size() + " (model and tables from different releases?)");
                }
            }
            return name;
        } catch (OrtException e) {
            throw new CheckpointException(modelFile, "ONNX Runtime cannot describe it: " + e.getMessage());
        }
    }

    @Override
    public List<String> sentencePinyins(String sentence) {
        return sentencePinyins(List.of(sentence)).get(0);
    }

    /** [any-thread] Every sentence's pinyins, the polyphonic characters of all of them in one model run. */
    @Override
    public List<List<String>> sentencePinyins(List<String> sentences) {
        final List<List<String>> results = new ArrayList<>();
        final List<G2pwInputs.Query> queries = new ArrayList<>();
        final List<int[]> targets = new ArrayList<>();   // {sentence, character}
        for (int s = 0; s < sentences.size(); s++) {
            final String sentence = sentences.get(s);
            final List<String> out = new ArrayList<>(prepare(sentence, s, queries, targets));
            results.add(out);
        }
        if (!queries.isEmpty()) {
            final String[] predicted = predict(queries);
            for (int q = 0; q < predicted.length; q++) {
                final int[] at = targets.get(q);
                if (predicted[q] != null) results.get(at[0]).set(at[1], predicted[q]);
            }
        }
        return results;
    }

    /**
     * {@code _prepare_data} for one sentence: the result with monophonic and dictionary readings filled
     * in (the dictionary's also at polyphonic positions, kept when the model's class cannot be
     * converted), and the model's queries appended.
     */
    List<String> prepare(String sentence, int sentenceIndex, List<G2pwInputs.Query> queries, List<int[]> targets) {
        final String traditional = TaiwanTraditional.convert(sentence);
        final int[] cps = traditional.codePoints().toArray();
        final List<String> out = new ArrayList<>(dictionary.sentencePinyins(sentence));
        if (out.size() != cps.length) throw new IllegalStateException("the dictionary gave " + out.size() + " pinyins for " + cps.length + " characters");
        final List<Integer> polyphonic = new ArrayList<>();
        for (int i = 0; i < cps.length; i++) {
            final String ch = new String(Character.toChars(cps[i]));
            if (data.polyphonic.contains(ch)) {
                polyphonic.add(i);
            } else if (data.monophonic.containsKey(ch)) {
                final String py = data.pinyin(data.monophonic.get(ch));
                if (py != null) out.set(i, py);
            }
        }
        if (!polyphonic.isEmpty()) {
            final int left = Math.max(0, polyphonic.get(0) - CONTEXT_CHARS);
            final int right = Math.min(cps.length, polyphonic.get(polyphonic.size() - 1) + CONTEXT_CHARS + 1);
            final String window = new String(cps, left, right - left);
            for (int i : polyphonic) {
                queries.add(new G2pwInputs.Query(window, i - left));
                targets.add(new int[] {sentenceIndex, i});
            }
        }
        return out;
    }

    /** One model run over {@code queries}: each query's pinyin, or null where the class has no pinyin in the table. */
    String[] predict(List<G2pwInputs.Query> queries) {
        final G2pwInputs.Batch b = G2pwInputs.prepare(tokenizer, data, queries);
        final float[] probs = run(b);
        final String[] out = new String[b.rows()];
        for (int r = 0; r < b.rows(); r++) {
            final int best = argmax(probs, r * b.labels(), b.labels(), data.useMask ? data.candidates.get(b.queryChars().get(r)) : null);
            out[r] = data.pinyin(data.bopomofoOf(best));
        }
        return out;
    }

    /** np.argmax of one row (first maximum); with the mask on, over the character's candidates only. */
    static int argmax(float[] probs, int offset, int labels, int[] candidates) {
        int best = -1;
        if (candidates == null) {
            for (int i = 0; i < labels; i++) if (best < 0 || probs[offset + i] > probs[offset + best]) best = i;
            return best;
        }
        final int[] sorted = candidates.clone();
        java.util.Arrays.sort(sorted);
        for (int i : sorted) if (best < 0 || probs[offset + i] > probs[offset + best]) best = i;
        return best;
    }

    private float[] run(G2pwInputs.Batch b) {
        final Map<String, OnnxTensor> in = new HashMap<>();
        try {
            in.put("input_ids", Tensors.longs(b.inputIds(), b.rows(), b.tokens()));
            in.put("token_type_ids", Tensors.longs(b.tokenTypeIds(), b.rows(), b.tokens()));
            in.put("attention_mask", Tensors.longs(b.attentionMask(), b.rows(), b.tokens()));
            in.put("phoneme_mask", Tensors.floats(b.phonemeMask(), b.rows(), b.labels()));
            in.put("char_ids", Tensors.longs(b.charIds(), b.rows()));
            in.put("position_ids", Tensors.longs(b.positionIds(), b.rows()));
            try (OrtSession.Result r = session.run(in, java.util.Set.of(output))) {
                final OnnxValue v = r.get(output).orElseThrow();
                if (!(v instanceof OnnxTensor t)) throw new IllegalStateException(modelFile + ": output " + output + " is not a tensor");
                final long[] shape = t.getInfo().getShape();
                if (shape.length != 2 || shape[0] != b.rows() || shape[1] != b.labels()) {
                    throw new IllegalStateException(modelFile + ": output " + output + " is " + java.util.Arrays.toString(shape) + ", expected ["
                            + b.rows() + ", " + b.labels() + "]");
                }
                return Tensors.toFloats(t);
            }
        } catch (OrtException e) {
            throw new IllegalStateException(modelFile + ": g2pW failed to run: " + e.getMessage(), e);
        } finally {
            in.values().forEach(OnnxTensor::close);
        }
    }

    @Override
    public List<String> wordPinyins(String word) {
        return dictionary.wordPinyins(word);                                   // v1 models read words with pypinyin, not g2pW
    }

    @Override
    public List<String> finalsTone3(String word) {
        return dictionary.finalsTone3(word);
    }

    /** [any-thread] The model file in use. */
    public Path modelFile() {
        return modelFile;
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
