package org.understudy.engine.gptsovits;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Logger;
import org.understudy.engine.checkpoint.CheckpointException;
import org.understudy.engine.onnx.DType;
import org.understudy.engine.onnx.GraphBuilder;
import org.understudy.engine.onnx.OnnxGraph;
import org.understudy.engine.onnx.OrtModel;
import org.understudy.engine.onnx.SessionConfig;
import org.understudy.engine.onnx.Tensors;
import org.understudy.engine.onnx.Value;

/**
 * The BERT features of {@code TTS_infer_pack/TextPreprocessor.py: get_bert_feature}: a Hugging Face
 * BERT (chinese-roberta-wwm-ext-large) from its folder, {@code hidden_states[-3]} with [CLS]/[SEP]
 * dropped, each character's vector repeated {@code word2ph[i]} times; zeros for non-Chinese text
 * ({@code get_bert_inf}). The graph runs only the layers that {@code hidden_states[-3]} needs (L − 2);
 * initializer names are the state-dict keys.
 */
public final class ChineseBert implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger("understudy.gptsovits");
    private static final String WHAT = "chinese-roberta-wwm-ext-large (BERT)";

    /** The BertConfig fields this graph uses. */
    public record Config(int vocab, int hidden, int layers, int heads, int intermediate, int maxPositions, int typeVocab, float layerNormEps) {
        public Config {
            if (hidden < 1 || heads < 1 || hidden % heads != 0 || intermediate < 1 || maxPositions < 3 || typeVocab < 1) {
                throw new IllegalArgumentException("inconsistent BERT sizes: hidden " + hidden + ", heads " + heads);
            }
            if (layers < 2) throw new IllegalArgumentException("num_hidden_layers is " + layers + "; hidden_states[-3] needs at least 2 layers");
        }

        @Override
        public String toString() {
            return "BERT: " + layers + " layers × " + hidden + ", " + heads + " heads, FFN " + intermediate + ", vocab " + vocab
                    + ", " + maxPositions + " positions (features from layer " + (layers - 2) + ")";
        }
    }

    /** Both graph outputs, [T, H] row-major each: the embeddings and {@code hidden_states[-3]}. */
    public record Hidden(int tokens, float[] embeddings, float[] hiddenStatesM3) {}

    private final Config config;
    private final BertTokenizer tokenizer;
    private final OrtModel model;

    private ChineseBert(Config config, BertTokenizer tokenizer, OrtModel model) {
        this.config = config;
        this.tokenizer = tokenizer;
        this.model = model;
    }

    /** [engine-worker] Loads a chinese-roberta-wwm-ext-large folder: config.json, weights and tokenizer files. */
    public static ChineseBert load(Path folder, SessionConfig session) throws CheckpointException {
        final HfFolder hf = HfFolder.open(folder, "bert", WHAT);
        final Config config = config(hf);
        // BertForMaskedLM saves under "bert.", BertModel without a prefix
        final String prefix = hf.weights.contains("bert.embeddings.word_embeddings.weight") ? "bert." : "";
        final String wordEmbeddings = prefix + "embeddings.word_embeddings.weight";
        final long rows = hf.weights.tensor(wordEmbeddings).shape()[0];
        final BertTokenizer tokenizer = BertTokenizer.load(folder);
        if (tokenizer.vocabSize() != rows) {
            throw new CheckpointException(tokenizer.vocabFile(), "has " + tokenizer.vocabSize() + " tokens, but the model's word embedding ("
                    + wordEmbeddings + " in " + hf.weights.file().getFileName() + ") has " + rows + " rows: the vocabulary belongs to another model");
        }
        LOG.info(folder + ": " + config);
        final OnnxGraph graph = graph(config, prefix);
        return new ChineseBert(config, tokenizer, OrtModel.create(graph, hf.weightsFor(graph, Map.of()), session));
    }

    /** [any-thread] */
    public Config config() {
        return config;
    }

    /** [any-thread] */
    public BertTokenizer tokenizer() {
        return tokenizer;
    }

    /** [engine-worker] Runs the encoder on token ids ([CLS] … [SEP]), token type 0 everywhere, no padding. */
    public Hidden forward(long[] inputIds) {
        if (inputIds.length > config.maxPositions()) {
            throw new IllegalArgumentException(inputIds.length + " tokens; the BERT model takes at most " + config.maxPositions());
        }
        final Map<String, OnnxTensor> in = new LinkedHashMap<>();
        try {
            in.put("input_ids", Tensors.longs(inputIds, inputIds.length));
            in.put("token_type_ids", Tensors.longs(new long[inputIds.length], inputIds.length));
            try (OrtSession.Result r = model.run(in)) {
                return new Hidden(inputIds.length, Tensors.toFloats((OnnxTensor) r.get("embeddings_out").orElseThrow()),
                        Tensors.toFloats((OnnxTensor) r.get("hidden_states_m3").orElseThrow()));
            }
        } finally {
            in.values().forEach(OnnxTensor::close);
        }
    }

    /**
     * [engine-worker] {@code get_bert_feature(text, word2ph)}: [H, sum(word2ph)] row-major. The text is
     * the normalised Chinese text; it must tokenize to one token per {@code word2ph} entry, as upstream asserts.
     */
    public float[] phoneFeatures(String text, int[] word2ph) {
        final long[] ids = tokenizer.encode(text);
        final int chars = ids.length - 2, h = config.hidden();
        if (chars != word2ph.length) {
            throw new IllegalArgumentException("'" + text + "' tokenizes to " + chars + " tokens but word2ph has " + word2ph.length
                    + " entries; BERT features need one token per character");
        }
        int phones = 0;
        for (int n : word2ph) phones += n;
        final float[] hidden = forward(ids).hiddenStatesM3();
        final float[] out = new float[h * phones];
        for (int i = 0, p = 0; i < chars; i++) {
            for (int rep = 0; rep < word2ph[i]; rep++, p++) {
                for (int d = 0; d < h; d++) out[d * phones + p] = hidden[(i + 1) * h + d];      // row i + 1: [CLS] dropped
            }
        }
        return out;
    }

    /**
     * [engine-worker] {@code get_bert_inf}: the features of one language segment, [H, phoneCount];
     * Chinese ({@code zh} or {@code all_zh}) gets {@link #phoneFeatures}, every other language zeros.
     */
    public float[] segmentFeatures(String language, String normText, int[] word2ph, int phoneCount) {
        if (!language.replace("all_", "").equals("zh")) return new float[config.hidden() * phoneCount];
        final float[] features = phoneFeatures(normText, word2ph);
        if (features.length != config.hidden() * phoneCount) {
            throw new IllegalArgumentException("word2ph adds up to " + features.length / config.hidden() + " phones, not " + phoneCount);
        }
        return features;
    }

    /** [engine-worker] Releases the ORT session. */
    @Override
    public void close() {
        model.close();
    }

    // ---- loading and graph ----------------------------------------------------------------------

    private static Config config(HfFolder hf) throws CheckpointException {
        final String act = hf.string("hidden_act", "gelu");
        if (!act.equals("gelu")) throw hf.unsupported("hidden_act", act);
        final String position = hf.string("position_embedding_type", "absolute");
        if (!position.equals("absolute")) throw hf.unsupported("position_embedding_type", position);
        try {
            return new Config(hf.intValue("vocab_size"), hf.intValue("hidden_size"), hf.intValue("num_hidden_layers"),
                    hf.intValue("num_attention_heads"), hf.intValue("intermediate_size"), hf.intValue("max_position_embeddings"),
                    hf.config.has("type_vocab_size") ? hf.intValue("type_vocab_size") : 2, hf.floatValue("layer_norm_eps", 1e-12f));
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(hf.configFile, e.getMessage());
        }
    }

    /**
     * input_ids, token_type_ids [T] → embeddings_out [T, H] (word + position + token type, LayerNorm)
     * and hidden_states_m3 [T, H], the output of layer L − 2 (BertLayer: post-LN attention and FFN).
     */
    static OnnxGraph graph(Config c, String prefix) {
        final GraphBuilder g = new GraphBuilder("chinese_bert");
        final int h = c.hidden(), heads = c.heads(), dh = h / heads;
        final float eps = c.layerNormEps();
        final Value ids = g.input("input_ids", DType.INT64, "T");
        final Value types = g.input("token_type_ids", DType.INT64, "T");

        final String e = prefix + "embeddings.";
        final Value positions = g.slice(g.weight(e + "position_embeddings.weight", DType.FLOAT, c.maxPositions(), h),
                g.constantInts(0), g.shape(ids), 0);                                        // position_ids = arange(T)
        Value x = g.add(g.add(g.gather(g.weight(e + "word_embeddings.weight", DType.FLOAT, c.vocab(), h), ids, 0),
                g.gather(g.weight(e + "token_type_embeddings.weight", DType.FLOAT, c.typeVocab(), h), types, 0)), positions);
        x = g.layerNorm(x, g.weight(e + "LayerNorm.weight", DType.FLOAT, h), g.weight(e + "LayerNorm.bias", DType.FLOAT, h), eps);
        g.output("embeddings_out", x, "T", h);

        final Value scale = g.constant((float) (1 / Math.sqrt(dh)));
        for (int i = 0; i < c.layers() - 2; i++) {                                          // hidden_states[-3] = after layer L - 2
            final String k = prefix + "encoder.layer." + i + ".";
            try (var s = g.scope("layer." + i)) {
                final Value q = CnHubert.linear(g, x, k + "attention.self.query", h, h);
                final Value key = CnHubert.linear(g, x, k + "attention.self.key", h, h);
                final Value v = CnHubert.linear(g, x, k + "attention.self.value", h, h);
                final Value qh = g.transpose(g.reshape(q, -1, heads, dh), 1, 0, 2);           // [heads, T, dh]
                final Value kh = g.transpose(g.reshape(key, -1, heads, dh), 1, 2, 0);         // [heads, dh, T]
                final Value vh = g.transpose(g.reshape(v, -1, heads, dh), 1, 0, 2);           // [heads, T, dh]
                final Value attended = g.matMul(g.softmax(g.mul(g.matMul(qh, kh), scale), -1), vh);
                final Value merged = g.reshape(g.transpose(attended, 1, 0, 2), -1, h);        // [T, H]
                x = g.layerNorm(g.add(CnHubert.linear(g, merged, k + "attention.output.dense", h, h), x),
                        g.weight(k + "attention.output.LayerNorm.weight", DType.FLOAT, h),
                        g.weight(k + "attention.output.LayerNorm.bias", DType.FLOAT, h), eps);
                final Value ff = CnHubert.linear(g, g.gelu(CnHubert.linear(g, x, k + "intermediate.dense", c.intermediate(), h)),
                        k + "output.dense", h, c.intermediate());
                x = g.layerNorm(g.add(ff, x), g.weight(k + "output.LayerNorm.weight", DType.FLOAT, h),
                        g.weight(k + "output.LayerNorm.bias", DType.FLOAT, h), eps);
            }
        }
        g.output("hidden_states_m3", x, "T", h);
        return g.build();
    }
}
