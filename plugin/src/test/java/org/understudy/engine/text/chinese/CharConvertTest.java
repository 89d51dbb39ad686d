package org.understudy.engine.text.chinese;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CharConvertTest {
    @Test
    void openCcConvertsCharacterByCharacter() {
        // no phrase rules: 軟體 stays 软体 (upstream's char_convert gives the same), 臺灣 -> 台湾
        assertEquals("这个软体在台湾于是", CharConvert.openCc().toSimplified("這個軟體在臺灣於是"));
    }

    @Test
    void upstreamTableWinsWhereItDiffers(@TempDir Path dir) throws IOException {
        final Path text = dir.resolve("text");
        Files.createDirectories(text.resolve("zh_normalization"));
        // the layout of upstream's char_convert.py: two string literals paired by position
        Files.writeString(text.resolve("zh_normalization/char_convert.py"),
                "\"\"\"doc\"\"\"\n\nsimplified_charcters = \"於台麽\"\n\ntraditional_characters = \"於臺麼\"\n\nassert True\n");
        final CharConvert upstream = CharConvert.forTextFolder(text);
        assertEquals("於是台湾麽", upstream.toSimplified("於是臺湾麼"));
    }

    @Test
    void missingUpstreamFileFallsBackToOpenCc(@TempDir Path dir) throws IOException {
        assertEquals("于", CharConvert.forTextFolder(dir).toSimplified("於"));
    }

    @Test
    void tablesOfDifferentLengthsAreRefused(@TempDir Path dir) throws IOException {
        final Path file = dir.resolve("char_convert.py");
        Files.writeString(file, "simplified_charcters = \"台\"\ntraditional_characters = \"臺灣\"\n");
        assertThrows(IOException.class, () -> CharConvert.fromUpstream(file));
    }
}
