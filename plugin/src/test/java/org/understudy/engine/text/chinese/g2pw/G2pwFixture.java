package org.understudy.engine.text.chinese.g2pw;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.understudy.engine.onnx.DType;
import org.understudy.engine.onnx.GraphBuilder;
import org.understudy.engine.onnx.Value;

/**
 * A hand-made {@code GPT_SoVITS/text} folder in upstream's formats: {@code G2PWModel/} with small tables
 * and a synthetic {@code g2pW.onnx} that has g2pW's six inputs and its {@code probs} output, and the
 * BERT tokenizer folder next to it under {@code pretrained_models/}. No real g2pW model is involved.
 *
 * <p>Classes (sorted bopomofo): 0 ㄌㄜ5, 1 ㄌㄧㄠ3, 2 ㄏㄤ2, 3 ㄒㄧㄥ2, 4 ㄓㄤ3, 5 ㄓㄨㄥ4, 6 ㄔㄤ2, 7 ㄔㄨㄥ2,
 * 8 ㄧ1, 9 ㄧ2. Characters (sorted): 一 0, 了 1, 行 2, 重 3, 長 4. Vocabulary ids below.
 */
final class G2pwFixture {
    static final int LABELS = 10;
    static final int CHARS = 5;
    static final List<String> VOCAB = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "你", "長", "大", "了", "他", "很", "行", "重", "要", ",", "ab", "##c", "一");
    static final int CH_YI = 0, CH_LE = 1, CH_XING = 2, CH_ZHONG = 3, CH_ZHANG = 4;
    static final int LE5 = 0, LIAO3 = 1, HANG2 = 2, XING2 = 3, ZHANG3 = 4, ZHONG4 = 5, CHANG2 = 6, CHONG2 = 7, YI1 = 8, YI2 = 9;

    static final String POLYPHONIC = String.join("\n",
            "行\tㄒㄧㄥ2", "行\tㄏㄤ2", "長\tㄔㄤ2", "長\tㄓㄤ3", "重\tㄓㄨㄥ4", "重\tㄔㄨㄥ2", "了\tㄌㄜ5", "了\tㄌㄧㄠ3", "一\tㄧ1", "一\tㄧ2") + "\n";
    /** 你 is deliberately ni2 (the dictionary says ni3), 似 is on upstream's exclusion list, 很 has no pinyin in the table. */
    static final String MONOPHONIC = String.join("\n", "你\tㄋㄧ2", "似\tㄙ1", "很\tㄏㄣ3") + "\n";
    static final String BOPOMOFO = "{\"ㄒㄧㄥ\": \"xing\", \"ㄏㄤ\": \"hang\", \"ㄔㄤ\": \"chang\", \"ㄓㄤ\": \"zhang\", \"ㄓㄨㄥ\": \"zhong\","
            + " \"ㄔㄨㄥ\": \"chong\", \"ㄌㄜ\": \"le\", \"ㄌㄧㄠ\": \"liao\", \"ㄋㄧ\": \"ni\", \"ㄙ\": \"si\", \"ㄧ\": \"yi\", \"ㄌㄩ\": \"lü\"}";
    static final String CONFIG = "manual_seed = 1313\nmodel_source = 'bert-base-chinese'\nwindow_size = 32\nuse_mask = True\nuse_char_phoneme = False\n";

    private G2pwFixture() {}

    /** Writes the tables (not the model) into {@code text/G2PWModel} and the tokenizer folder; returns the text folder. */
    static Path textFolder(Path root) throws IOException {
        final Path text = root.resolve("GPT_SoVITS/text");
        final Path model = text.resolve("G2PWModel");
        Files.createDirectories(model);
        Files.writeString(model.resolve("POLYPHONIC_CHARS.txt"), POLYPHONIC, StandardCharsets.UTF_8);
        Files.writeString(model.resolve("MONOPHONIC_CHARS.txt"), MONOPHONIC, StandardCharsets.UTF_8);
        Files.writeString(model.resolve("bopomofo_to_pinyin_wo_tune_dict.json"), BOPOMOFO, StandardCharsets.UTF_8);
        Files.writeString(model.resolve("config.py"), CONFIG, StandardCharsets.UTF_8);
        final Path bert = root.resolve("GPT_SoVITS/pretrained_models/chinese-roberta-wwm-ext-large");
        Files.createDirectories(bert);
        Files.writeString(bert.resolve("vocab.txt"), String.join("\n", VOCAB) + "\n", StandardCharsets.UTF_8);
        return text;
    }

    static Path tokenizerFolder(Path root) {
        return root.resolve("GPT_SoVITS/pretrained_models/chinese-roberta-wwm-ext-large");
    }

    /** A [rows, LABELS] table, zero but for {@code cells}: {row, class, value} triples. */
    static float[] table(int rows, float[][] cells) {
        final float[] t = new float[rows * LABELS];
        for (float[] c : cells) t[(int) c[0] * LABELS + (int) c[1]] = c[2];
        return t;
    }

    /**
     * A model with upstream's signature whose {@code probs} row is
     * {@code charTable[char_ids] + tokenTable[token]}, times {@code phoneme_mask} when {@code multiplyMask};
     * {@code token} = the {@code input_ids} entry at {@code position_ids}, counted only where
     * {@code attention_mask} is 1, plus 1000 × its {@code token_type_ids} entry (so a wrong position,
     * mask or type id picks another row). {@code labels} is normally {@link #LABELS}.
     */
    static byte[] model(float[] charTable, float[] tokenTable, boolean multiplyMask, int labels) {
        final GraphBuilder g = new GraphBuilder("g2pw_synthetic");
        final Value ids = g.input("input_ids", DType.INT64, "B", "T");
        final Value types = g.input("token_type_ids", DType.INT64, "B", "T");
        final Value attention = g.input("attention_mask", DType.INT64, "B", "T");
        final Value mask = g.input("phoneme_mask", DType.FLOAT, "B", labels);
        final Value charIds = g.input("char_ids", DType.INT64, "B");
        final Value positions = g.input("position_ids", DType.INT64, "B");
        final Value index = g.cumSum(g.constantOfShape(g.shape(ids), DType.FLOAT, 1), 1, true, false);          // [B, T]: 0, 1, 2, …
        final Value at = g.cast(g.equal(index, g.cast(g.unsqueeze(positions, 1), DType.FLOAT)), DType.FLOAT);   // one-hot at position_ids
        final Value tokenValue = g.add(g.cast(ids, DType.FLOAT), g.mul(g.cast(types, DType.FLOAT), g.constant(1000f)));
        final Value token = g.cast(g.reduceSum(g.mul(g.mul(at, tokenValue), g.cast(attention, DType.FLOAT)), false, 1), DType.INT64);   // [B]
        final Value tokenRows = g.gather(g.constant(tokenTable, tokenTable.length / labels, labels), token, 0);
        final Value charRows = g.gather(g.constant(charTable, charTable.length / labels, labels), charIds, 0);
        Value probs = g.add(charRows, tokenRows);
        if (multiplyMask) probs = g.mul(probs, mask);
        g.output("probs", probs, "B", labels);
        return g.build().toByteArray();
    }

    static void writeModel(Path text, byte[] model) throws IOException {
        Files.write(text.resolve("G2PWModel/g2pW.onnx"), model);
    }
}
