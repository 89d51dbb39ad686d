package org.understudy.engine.text.chinese.g2pw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.understudy.engine.text.chinese.g2pw.G2pwFixture.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.understudy.engine.checkpoint.CheckpointException;
import org.understudy.engine.text.chinese.DictionaryPinyin;
import org.understudy.engine.text.chinese.PinyinSource;

/**
 * End to end on ONNX Runtime with a synthetic model of g2pW's signature (see {@link G2pwFixture}): the
 * class the model prefers among a character's candidates comes back as that character's pinyin, the
 * tables and the dictionary fill the rest, and a class outside the candidates never wins.
 */
class G2pwPinyinTest {
    @TempDir
    Path root;

    private final List<LogRecord> logged = new ArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            logged.add(r);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void listen() {
        Logger.getLogger("understudy.text").addHandler(handler);
    }

    @AfterEach
    void stop() {
        Logger.getLogger("understudy.text").removeHandler(handler);
    }

    private G2pwPinyin load(float[] charTable, float[] tokenTable, boolean multiplyMask) throws IOException {
        final Path text = textFolder(root);
        writeModel(text, model(charTable, tokenTable, multiplyMask, LABELS));
        final PinyinSource source = G2pwPinyin.forTextFolder(text, null, null);
        return assertInstanceOf(G2pwPinyin.class, source);
    }

    private static float[] noTokens() {
        return new float[VOCAB.size() * LABELS];
    }

    /** 長 strongly prefers 行's class ㄒㄧㄥ2 (not one of its own), then ㄔㄤ2; 了 prefers ㄌㄧㄠ3. */
    private static float[] charPreferences() {
        return table(CHARS, new float[][] {{CH_ZHANG, XING2, 100}, {CH_ZHANG, CHANG2, 5}, {CH_ZHANG, ZHANG3, 1}, {CH_LE, LIAO3, 3}, {CH_LE, LE5, 1},
                {CH_YI, YI2, 50}});
    }

    @Test
    void modelReadingsTablesAndDictionary() throws Exception {
        try (G2pwPinyin g = load(charPreferences(), noTokens(), true)) {
            // 你: monophonic table (ni2, where the dictionary says ni3); 长 → 長, model: chang2 (the dictionary
            // says zhang3 in 长大); 大: dictionary; 了: model liao3; the comma stays itself.
            assertEquals(List.of("ni2", "chang2", "da4", "liao3", ","), g.sentencePinyins("你长大了,"));
            assertTrue(logged.stream().anyMatch(r -> r.getMessage().contains("come from g2pW")), "says g2pW is used");
        }
    }

    @Test
    void aClassOutsideTheCandidatesNeverWinsEvenWhenTheModelIgnoresTheMask() throws Exception {
        try (G2pwPinyin g = load(charPreferences(), noTokens(), false)) {
            assertEquals(List.of("chang2", "da4"), g.sentencePinyins("长大"), "ㄒㄧㄥ2 scores 100 for 長 but is not its class");
        }
    }

    @Test
    void exclusionsAndUnconvertibleReadingsFallToTheDictionary() throws Exception {
        try (G2pwPinyin g = load(charPreferences(), noTokens(), true)) {
            // 一 is in POLYPHONIC_CHARS (and the model would say yi2) but upstream never predicts it: the dictionary's yi1.
            // 似 is on the non-monophonic list: dictionary si4, not the table's si1. 很's bopomofo has no pinyin: dictionary hen3.
            assertEquals(List.of("yi1", "si4", "hen3"), g.sentencePinyins("一似很"));
        }
    }

    @Test
    void inputIdsPositionsAndAttentionReachTheModel() throws Exception {
        // Preferences by the query's token instead of its char id: 行 (id 10) → ㄏㄤ2, 重 (id 11) → ㄔㄨㄥ2.
        final float[] tokens = table(VOCAB.size(), new float[][] {{10, HANG2, 4}, {11, CHONG2, 4}, {11, ZHONG4, 1}, {10, XING2, 1}});
        try (G2pwPinyin g = load(new float[CHARS * LABELS], tokens, true)) {
            // A wrong position would read the neighbour's token and land on the other candidate.
            assertEquals(List.of("chong2", "hang2"), g.sentencePinyins("重行"));
            assertEquals(List.of("ta1", "hen3", "hang2"), g.sentencePinyins("他很行"));
            // Batched with texts of other lengths (padded rows): the same readings.
            assertEquals(List.of(List.of("chong2", "hang2"), List.of("da4"), List.of("ta1", "hen3", "hang2")),
                    g.sentencePinyins(List.of("重行", "大", "他很行")));
        }
    }

    @Test
    void contextIsCroppedSixteenCharactersAroundThePolyphones() throws Exception {
        final float[] tokens = table(VOCAB.size(), new float[][] {{10, HANG2, 4}, {10, XING2, 1}});
        try (G2pwPinyin g = load(new float[CHARS * LABELS], tokens, true)) {
            final String sentence = "大".repeat(30) + "行" + "大".repeat(30);
            final List<G2pwInputs.Query> queries = new ArrayList<>();
            g.prepare(sentence, 0, queries, new ArrayList<>());
            assertEquals(List.of(new G2pwInputs.Query("大".repeat(16) + "行" + "大".repeat(16), 16)), queries);
            final List<String> py = g.sentencePinyins(sentence);
            assertEquals("hang2", py.get(30));
            assertEquals(61, py.size());
        }
    }

    @Test
    void withoutTheModelFolderTheDictionaryIsUsedAndSaysWhy() throws IOException {
        final Path text = root.resolve("GPT_SoVITS/text");
        Files.createDirectories(text);
        final PinyinSource source = G2pwPinyin.forTextFolder(text, null, null);
        assertInstanceOf(DictionaryPinyin.class, source);
        assertTrue(logged.stream().anyMatch(r -> r.getLevel() == Level.INFO && r.getMessage().contains("phrase dictionary")
                && r.getMessage().contains("no g2pW model at") && r.getMessage().contains("G2PWModel")), String.valueOf(logged.stream().map(LogRecord::getMessage).toList()));
        assertEquals(List.of("zhang3", "da4"), source.sentencePinyins("长大"));
    }

    @Test
    void aModelWithoutItsTokenizerFallsBackWithAWarning() throws IOException {
        final Path text = textFolder(root);
        writeModel(text, model(charPreferences(), noTokens(), true, LABELS));
        final Path tokenizer = tokenizerFolder(root);
        Files.delete(tokenizer.resolve("vocab.txt"));
        Files.delete(tokenizer);
        final List<String> warnings = new ArrayList<>();
        final PinyinSource source = G2pwPinyin.forTextFolder(text, null, warnings::add);
        assertInstanceOf(DictionaryPinyin.class, source);
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("chinese-roberta-wwm-ext-large"), warnings.get(0));
        assertTrue(logged.stream().anyMatch(r -> r.getLevel() == Level.WARNING));
    }

    @Test
    void aCorruptOrForeignModelIsNamed() throws IOException {
        final Path text = textFolder(root);
        Files.write(text.resolve("G2PWModel/g2pW.onnx"), new byte[] {1, 2, 3, 4});
        final Path folder = text.resolve("G2PWModel");
        CheckpointException e = assertThrows(CheckpointException.class, () -> G2pwPinyin.load(folder, tokenizerFolder(root), new DictionaryPinyin()));
        assertTrue(e.getMessage().contains("g2pW.onnx"), e.getMessage());
        assertInstanceOf(DictionaryPinyin.class, G2pwPinyin.forTextFolder(text, null, null));

        writeModel(text, model(new float[CHARS * (LABELS + 1)], new float[VOCAB.size() * (LABELS + 1)], true, LABELS + 1));
        e = assertThrows(CheckpointException.class, () -> G2pwPinyin.load(folder, tokenizerFolder(root), new DictionaryPinyin()));
        assertTrue(e.getMessage().contains("11 classes") && e.getMessage().contains("POLYPHONIC_CHARS.txt"), e.getMessage());
    }

    @Test
    void argmaxIsNumpysFirstMaximum() {
        assertEquals(1, G2pwPinyin.argmax(new float[] {0, 2, 2}, 0, 3, null));
        assertEquals(2, G2pwPinyin.argmax(new float[] {9, 2, 2, 9, 1, 3}, 3, 3, new int[] {2, 1}), "over the candidates of row 2 only");
    }
}
