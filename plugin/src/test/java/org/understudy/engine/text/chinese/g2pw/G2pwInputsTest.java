package org.understudy.engine.text.chinese.g2pw;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.understudy.engine.gptsovits.BertTokenizer;

/** The six model inputs as upstream's prepare_onnx_input builds them, on the fixture's vocabulary. */
class G2pwInputsTest {
    @TempDir
    Path root;

    @Test
    void tokensMapBackToTextPositions() throws IOException {
        G2pwFixture.textFolder(root);
        final BertTokenizer tok = BertTokenizer.load(G2pwFixture.tokenizerFolder(root));
        // "abc" is one word → ab ##c; the space maps to no token; 長 is its own word.
        final G2pwInputs.Tokenized t = G2pwInputs.tokenizeAndMap(tok, G2pwInputs.lower("ABC 長x"));
        assertEquals(List.of("ab", "##c", "長", "[UNK]"), t.tokens());
        assertArrayEquals(new int[] {0, 0, 1, -1, 2, 3}, t.textToToken());
    }

    @Test
    void inputsForOneBatch() throws IOException {
        final G2pwData data = G2pwData.load(G2pwFixture.textFolder(root).resolve("G2PWModel"));
        final BertTokenizer tok = BertTokenizer.load(G2pwFixture.tokenizerFolder(root));
        final G2pwInputs.Batch b = G2pwInputs.prepare(tok, data, List.of(new G2pwInputs.Query("你長大了", 1), new G2pwInputs.Query("行", 0)));
        assertEquals(2, b.rows());
        assertEquals(6, b.tokens());
        assertArrayEquals(new long[] {2, 4, 5, 6, 7, 3, /* row 2, padded */ 2, 10, 3, 0, 0, 0}, b.inputIds());
        assertArrayEquals(new long[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0}, b.attentionMask());
        assertArrayEquals(new long[12], b.tokenTypeIds());
        assertArrayEquals(new long[] {G2pwFixture.CH_ZHANG, G2pwFixture.CH_XING}, b.charIds());
        assertArrayEquals(new long[] {2, 1}, b.positionIds(), "the query's token index + 1 for [CLS]");
        final float[] mask = new float[20];
        mask[G2pwFixture.ZHANG3] = mask[G2pwFixture.CHANG2] = 1;
        mask[10 + G2pwFixture.XING2] = mask[10 + G2pwFixture.HANG2] = 1;
        assertArrayEquals(mask, b.phonemeMask());
    }

    @Test
    void longTextsAreCutTo510TokensAroundTheQuery() throws IOException {
        final G2pwData data = G2pwData.load(G2pwFixture.textFolder(root).resolve("G2PWModel"));
        final BertTokenizer tok = BertTokenizer.load(G2pwFixture.tokenizerFolder(root));
        final String text = "大".repeat(600) + "行" + "大".repeat(600);
        final G2pwInputs.Batch b = G2pwInputs.prepare(tok, data, List.of(new G2pwInputs.Query(text, 600)));
        assertEquals(512, b.tokens());
        assertEquals(256, b.positionIds()[0], "centred: token 255 of the window, + 1");
        assertEquals(10, b.inputIds()[256]);
        // near the start the window shifts right and keeps the query where it is
        final G2pwInputs.Batch head = G2pwInputs.prepare(tok, data, List.of(new G2pwInputs.Query("行" + "大".repeat(700), 0)));
        assertEquals(1, head.positionIds()[0]);
        assertEquals(512, head.tokens());
    }
}
