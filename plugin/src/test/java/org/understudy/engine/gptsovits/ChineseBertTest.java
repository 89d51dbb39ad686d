package org.understudy.engine.gptsovits;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.understudy.engine.Fixtures;
import org.understudy.engine.Npy;
import org.understudy.engine.onnx.SessionConfig;

/** Parity with upstream get_bert_feature on the bert-small fixture (HF BertForMaskedLM, tiny vocabulary). */
class ChineseBertTest {
    private static final String CASE = "bert-small";
    private static final String FOLDER = "chinese-roberta-wwm-ext-large";

    private static Npy npy(String name) throws IOException {
        return Npy.read(Fixtures.path(CASE, name + ".npy"));
    }

    private static String text() throws IOException {
        return Fixtures.manifest(CASE).path("params").path("text").asText();
    }

    /** The fixture folder with config.json, one weight file and the chosen tokenizer files. */
    private static Path folderWith(Path dir, String... files) throws IOException {
        final Path source = Fixtures.path(CASE, FOLDER);
        Files.copy(source.resolve("config.json"), dir.resolve("config.json"));
        for (String f : files) Files.copy(source.resolve(f), dir.resolve(f));
        return dir;
    }

    private static int[] word2ph() throws IOException {
        return Arrays.stream(npy("word2ph").toLongArray()).mapToInt(n -> (int) n).toArray();
    }

    @Test
    void tokenizerFromVocabTxtMatchesUpstream() throws IOException {
        final BertTokenizer tokenizer = BertTokenizer.load(Fixtures.path(CASE, FOLDER));
        assertEquals(Fixtures.path(CASE, FOLDER).resolve("vocab.txt"), tokenizer.vocabFile());
        assertArrayEquals(npy("input_ids").toLongArray(), tokenizer.encode(text()));
        assertEquals(text().length(), tokenizer.tokenize(text()).size());
        assertArrayEquals(new long[npy("token_type_ids").elementCount()], npy("token_type_ids").toLongArray()); // what forward() feeds
        assertEquals(npy("attention_mask").elementCount(), Arrays.stream(npy("attention_mask").toLongArray()).sum()); // no padding, no mask
    }

    @Test
    void tokenizerFromTokenizerJsonAloneMatchesUpstream(@TempDir Path dir) throws IOException {
        final BertTokenizer tokenizer = BertTokenizer.load(folderWith(dir, "tokenizer.json", "tokenizer_config.json"));
        assertEquals(dir.resolve("tokenizer.json"), tokenizer.vocabFile());
        assertEquals(296, tokenizer.vocabSize());
        assertArrayEquals(npy("input_ids").toLongArray(), tokenizer.encode(text()));
    }

    /** BasicTokenizer rules: CJK one per token, punctuation split off, lower case, accents stripped, WordPiece with ## and [UNK]. */
    @Test
    void basicAndWordPieceRules(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve("vocab.txt"), List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "今", "天", "ab", "##c", "a", ",", "cafe"));
        final BertTokenizer t = BertTokenizer.load(dir);
        assertEquals(List.of("今", "天", "ab", "##c", ",", "a", "cafe", "[UNK]", "[UNK]"), t.tokenize("今天 ABC,a\tCafé xyz 明"));
        assertArrayEquals(new long[] {2, 4, 5, 6, 7, 3}, t.encode("今天abc"));
    }

    @Test
    void safetensorsMatchesUpstream(@TempDir Path dir) throws IOException {
        assertMatchesUpstream(folderWith(dir, "model.safetensors", "vocab.txt", "tokenizer_config.json"));
    }

    @Test
    void pytorchBinMatchesUpstream(@TempDir Path dir) throws IOException {
        assertMatchesUpstream(folderWith(dir, "pytorch_model.bin", "tokenizer.json", "tokenizer_config.json"));
    }

    /** Older BERT files name LayerNorm's parameters gamma/beta; HF renames them at load, and so do we. */
    @Test
    void legacyGammaBetaNamesLoad(@TempDir Path dir) throws IOException {
        final byte[] file = Files.readAllBytes(Fixtures.path(CASE, FOLDER).resolve("model.safetensors"));
        final int headerLength = (int) ByteBuffer.wrap(file, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        final String header = new String(file, 8, headerLength, StandardCharsets.UTF_8)
                .replace("LayerNorm.weight\"", "LayerNorm.gamma\"").replace("LayerNorm.bias\"", "LayerNorm.beta\"");
        assertTrue(header.contains("bert.encoder.layer.3.output.LayerNorm.gamma"));
        final byte[] renamed = header.getBytes(StandardCharsets.UTF_8);
        final ByteBuffer out = ByteBuffer.allocate(8 + renamed.length + file.length - 8 - headerLength).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(renamed.length).put(renamed).put(file, 8 + headerLength, file.length - 8 - headerLength);
        folderWith(dir, "vocab.txt");
        Files.write(dir.resolve("model.safetensors"), out.array());
        assertMatchesUpstream(dir);
    }

    private static void assertMatchesUpstream(Path folder) throws IOException {
        try (ChineseBert bert = ChineseBert.load(folder, SessionConfig.cpu(1))) {
            assertEquals(32, bert.config().hidden());
            assertEquals(4, bert.config().layers());
            final ChineseBert.Hidden hidden = bert.forward(bert.tokenizer().encode(text()));
            CnHubertTest.assertClose(npy("embeddings_out"), hidden.embeddings(), "embeddings_out");
            CnHubertTest.assertClose(npy("hidden_states_m3"), hidden.hiddenStatesM3(), "hidden_states_m3");
            CnHubertTest.assertClose(npy("phone_features"), bert.phoneFeatures(text(), word2ph()), "phone_features");
        }
    }

    @Test
    void nonChineseSegmentsGetZeros() throws IOException {
        try (ChineseBert bert = ChineseBert.load(Fixtures.path(CASE, FOLDER), SessionConfig.cpu(1))) {
            assertArrayEquals(new float[32 * 6], bert.segmentFeatures("en", "hello world", new int[0], 6));
            CnHubertTest.assertClose(npy("phone_features"), bert.segmentFeatures("all_zh", text(), word2ph(), 30), "zh segment");
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bert.phoneFeatures(text(), new int[] {2, 2}));
            assertEquals("'" + text() + "' tokenizes to 16 tokens but word2ph has 2 entries; BERT features need one token per character", e.getMessage());
        }
    }
}
