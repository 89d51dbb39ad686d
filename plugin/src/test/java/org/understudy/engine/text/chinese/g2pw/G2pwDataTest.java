package org.understudy.engine.text.chinese.g2pw;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.understudy.engine.checkpoint.CheckpointException;

/** The G2PWModel tables, parsed from small hand-made files in upstream's formats. */
class G2pwDataTest {
    @TempDir
    Path root;

    private G2pwData load() throws IOException {
        return G2pwData.load(G2pwFixture.textFolder(root).resolve("G2PWModel"));
    }

    @Test
    void labelsAreTheSortedDistinctBopomofosAndCharactersTheirIndices() throws IOException {
        final G2pwData d = load();
        assertEquals(List.of("ㄌㄜ5", "ㄌㄧㄠ3", "ㄏㄤ2", "ㄒㄧㄥ2", "ㄓㄤ3", "ㄓㄨㄥ4", "ㄔㄤ2", "ㄔㄨㄥ2", "ㄧ1", "ㄧ2"), d.labels);
        assertArrayEquals(new int[] {G2pwFixture.XING2, G2pwFixture.HANG2}, d.candidates.get("行"), "in the file's order");
        assertArrayEquals(new int[] {G2pwFixture.CHANG2, G2pwFixture.ZHANG3}, d.candidates.get("長"));
        assertEquals(0, d.charIds.get("一"));
        assertEquals(1, d.charIds.get("了"));
        assertEquals(2, d.charIds.get("行"));
        assertEquals(3, d.charIds.get("重"));
        assertEquals(4, d.charIds.get("長"));
        assertTrue(d.useMask);
        assertFalse(d.useCharPhoneme);
        assertEquals("bert-base-chinese", d.modelSource);
    }

    @Test
    void upstreamsExceptionListsApply() throws IOException {
        final G2pwData d = load();
        assertFalse(d.polyphonic.contains("一"), "一 is listed but never predicted");
        assertTrue(d.charIds.containsKey("一"), "yet it keeps its char id");
        assertTrue(d.polyphonic.containsAll(List.of("行", "長", "重", "了")));
        assertFalse(d.monophonic.containsKey("似"));
        assertEquals("ㄋㄧ2", d.monophonic.get("你"));
    }

    @Test
    void bopomofoBecomesTone3Pinyin() throws IOException {
        final G2pwData d = load();
        assertEquals("zhong4", d.pinyin("ㄓㄨㄥ4"));
        assertEquals("le5", d.pinyin("ㄌㄜ5"), "5 is the neutral tone");
        assertEquals("lv3", d.pinyin("ㄌㄩ3"), "ü written v as pypinyin's tone3");
        assertNull(d.pinyin("ㄌㄜ"), "no tone digit");
        assertNull(d.pinyin("ㄌㄜ6"));
        assertNull(d.pinyin("ㄏㄣ3"), "not in the table");
        assertEquals("ㄓㄤ3", d.bopomofoOf(G2pwFixture.ZHANG3));
    }

    @Test
    void maskRowMarksTheCharactersCandidates() throws IOException {
        final float[] row = load().maskRow("重");
        final float[] expected = new float[G2pwFixture.LABELS];
        expected[G2pwFixture.ZHONG4] = 1;
        expected[G2pwFixture.CHONG2] = 1;
        assertArrayEquals(expected, row);
    }

    @Test
    void charPhonemeLabelsAndNoMaskFromConfig() throws IOException {
        final Path text = G2pwFixture.textFolder(root);
        Files.writeString(text.resolve("G2PWModel/config.py"), "model_source = 'x'\nuse_mask = False\nuse_char_phoneme = True\n");
        final G2pwData d = G2pwData.load(text.resolve("G2PWModel"));
        assertEquals("一 ㄧ1", d.labels.get(0), "char-phoneme labels sort by character first");
        assertEquals(10, d.labels.size());
        assertEquals("ㄧ1", d.bopomofoOf(0));
        final float[] ones = new float[10];
        java.util.Arrays.fill(ones, 1f);
        assertArrayEquals(ones, d.maskRow("行"), "use_mask = False: every class open");
    }

    @Test
    void withoutConfigUpstreamsDefaults() throws IOException {
        final Path text = G2pwFixture.textFolder(root);
        Files.delete(text.resolve("G2PWModel/config.py"));
        final G2pwData d = G2pwData.load(text.resolve("G2PWModel"));
        assertTrue(d.useMask);
        assertFalse(d.useCharPhoneme);
    }

    @Test
    void missingOrMalformedFilesAreNamed() throws IOException {
        final Path text = G2pwFixture.textFolder(root);
        final Path model = text.resolve("G2PWModel");
        Files.writeString(model.resolve("POLYPHONIC_CHARS.txt"), "行\tㄒㄧㄥ2\n行ㄏㄤ2\n", StandardCharsets.UTF_8);
        IOException e = assertThrows(CheckpointException.class, () -> G2pwData.load(model));
        assertTrue(e.getMessage().contains("POLYPHONIC_CHARS.txt") && e.getMessage().contains("line 2"), e.getMessage());

        Files.writeString(model.resolve("POLYPHONIC_CHARS.txt"), G2pwFixture.POLYPHONIC, StandardCharsets.UTF_8);
        Files.writeString(model.resolve("bopomofo_to_pinyin_wo_tune_dict.json"), "{\"ㄏㄤ\": ", StandardCharsets.UTF_8);
        e = assertThrows(CheckpointException.class, () -> G2pwData.load(model));
        assertTrue(e.getMessage().contains("bopomofo_to_pinyin_wo_tune_dict.json"), e.getMessage());

        Files.delete(model.resolve("MONOPHONIC_CHARS.txt"));
        e = assertThrows(CheckpointException.class, () -> G2pwData.load(model));
        assertTrue(e.getMessage().contains("MONOPHONIC_CHARS.txt") && e.getMessage().contains("missing"), e.getMessage());

        e = assertThrows(CheckpointException.class, () -> G2pwData.load(root.resolve("nowhere")));
        assertTrue(e.getMessage().contains("nowhere"), e.getMessage());
    }

    @Test
    void codePointOrderAsPython() {
        // U+FF0C (BMP, above the surrogates) sorts before U+20000 in Python; UTF-16 order would put it after.
        assertTrue(G2pwData.CODE_POINT_ORDER.compare("，", new String(Character.toChars(0x20000))) < 0);
    }
}
