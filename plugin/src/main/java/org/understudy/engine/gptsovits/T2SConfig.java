package org.understudy.engine.gptsovits;

import org.understudy.engine.checkpoint.Checkpoint;
import org.understudy.engine.checkpoint.CheckpointException;

/**
 * The T2S sizes, from a checkpoint's {@code config["model"]} and its weight shapes (the FFN width and
 * the BERT width are read from the weights: upstream ignores {@code linear_units}).
 */
public record T2SConfig(int layers, int width, int heads, int ffn, int vocab, int phonemeVocab, int bertWidth, int eos) {
    public T2SConfig {
        if (layers < 1 || width < 1 || heads < 1 || width % heads != 0 || ffn < 1 || vocab < 2 || phonemeVocab < 1 || bertWidth < 1) {
            throw new IllegalArgumentException("inconsistent T2S config: " + this);
        }
        if (eos < 0 || eos >= vocab) throw new IllegalArgumentException("EOS " + eos + " outside the vocabulary of " + vocab);
    }

    /** The upstream model: 24 layers × 512, 16 heads, FFN 2048, 1025 semantic tokens, 732 phonemes. */
    public static T2SConfig upstream() {
        return new T2SConfig(24, 512, 16, 2048, 1025, 732, 1024, 1024);
    }

    /** [any-thread] Reads the sizes from a GPT-SoVITS {@code .ckpt}. */
    public static T2SConfig from(Checkpoint ckpt) throws CheckpointException {
        final int width = ckpt.intValue("config", "model", "embedding_dim");
        final int vocab = ckpt.intValue("config", "model", "vocab_size");
        final int eos = ckpt.map("config", "model").containsKey("EOS") ? ckpt.intValue("config", "model", "EOS") : vocab - 1;
        final long[] ffn = ckpt.tensor("model.h.layers.0.linear1.weight").shape();
        final long[] bert = ckpt.tensor("model.bert_proj.weight").shape();
        return new T2SConfig(ckpt.intValue("config", "model", "n_layer"), width, ckpt.intValue("config", "model", "head"),
                (int) ffn[0], vocab, (int) ckpt.tensor("model.ar_text_embedding.word_embeddings.weight").shape()[0], (int) bert[1], eos);
    }
}
