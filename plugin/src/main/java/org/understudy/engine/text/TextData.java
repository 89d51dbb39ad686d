package org.understudy.engine.text;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.understudy.engine.text.chinese.JiebaSegmenter;
import org.understudy.engine.text.chinese.g2pw.G2pwPinyin;

/**
 * The frontend made from a GPT-SoVITS {@code GPT_SoVITS/text} folder, as the command line, the
 * plugin's engine and the render service (for a voice's own install) all make it.
 */
public final class TextData {
    /** Debian's python3-jieba; the jieba folder of a GPT-SoVITS Python environment serves as well. */
    public static final Path DEBIAN_JIEBA = Path.of("/usr/lib/python3/dist-packages/jieba");

    private TextData() {}

    /** [any-thread] Whether {@code folder} holds GPT-SoVITS text data (its CMUdict). */
    public static boolean present(Path folder) {
        return folder != null && Files.isRegularFile(folder.resolve("cmudict.rep"));
    }

    /**
     * [engine-worker] The frontend for {@code textFolder}: CMUdict, and Chinese when {@code jieba} holds
     * jieba's dictionary, its pinyin from the folder's g2pW model when there is one (tokenizer from
     * {@code bertFolder} when given), else the phrase dictionary (which logs why); problems with g2pW
     * go to {@code warn}. With no text folder, English is read by the letter-to-sound rules alone and
     * Chinese is unavailable.
     */
    public static Frontend frontend(Path textFolder, Path jieba, Path bertFolder, Lexicon lexicon, Consumer<String> warn) throws IOException {
        if (!present(textFolder)) return new Frontend(CmuDict.empty(), lexicon, null);
        if (jieba == null || !Files.isRegularFile(jieba.resolve("dict.txt"))) return new Frontend(CmuDict.load(textFolder), lexicon, null);
        return Frontend.load(textFolder, lexicon, JiebaSegmenter.load(jieba), G2pwPinyin.forTextFolder(textFolder, bertFolder, warn));
    }
}
