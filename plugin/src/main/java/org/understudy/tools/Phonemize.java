package org.understudy.tools;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.understudy.engine.text.Frontend;
import org.understudy.engine.text.LangSegmenter;
import org.understudy.engine.text.Lexicon;
import org.understudy.engine.text.TextData;
import org.understudy.engine.text.Symbols;

/**
 * {@code phonemize TEXT [--lang MODE] [--version V] [--gsv-text DIR] [--jieba DIR] [--lexicon FILE]}: the
 * text frontend's segments, phones, ids and word2ph, for debugging pronunciation. {@code --gsv-text} is
 * a GPT-SoVITS {@code GPT_SoVITS/text} folder (cmudict, opencpop, polyphonic tables), by default
 * {@code ../shared/gsv-data} when it exists; {@code --jieba} a jieba folder (dict.txt and its tables),
 * by default Debian's python3-jieba. Chinese pinyins come from the phrase dictionary (no g2pW yet).
 */
final class Phonemize {
    private Phonemize() {}

    static void run(String[] args) throws Exception {
        String text = null, lang = "auto", version = "v2";
        Path gsvText = null, lexiconFile = null, jieba = Path.of("/usr/lib/python3/dist-packages/jieba");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--lang" -> lang = value(args, ++i);
                case "--version" -> version = value(args, ++i);
                case "--gsv-text" -> gsvText = Path.of(value(args, ++i));
                case "--lexicon" -> lexiconFile = Path.of(value(args, ++i));
                case "--jieba" -> jieba = Path.of(value(args, ++i));
                default -> {
                    if (text != null || args[i].startsWith("--")) usage("unexpected argument " + args[i]);
                    text = args[i];
                }
            }
        }
        if (text == null) usage("no TEXT");
        if (gsvText == null) {
            final Path shared = Path.of("..", "shared", "gsv-data");
            if (!Files.isDirectory(shared)) usage("no --gsv-text DIR (a GPT-SoVITS GPT_SoVITS/text folder) and no ../shared/gsv-data");
            gsvText = shared;
        }
        final LangSegmenter.Mode mode = LangSegmenter.Mode.parse(lang);
        final Symbols symbols = Symbols.forVersion(version);
        final Lexicon lexicon = lexiconFile == null ? Lexicon.EMPTY : Lexicon.load(lexiconFile, symbols);
        final Frontend frontend = TextData.frontend(gsvText, jieba, null, lexicon, System.err::println);    // without jieba, Chinese says what is missing

        System.out.println("mode " + mode.id() + ", version " + version + ", " + symbols + ", text folder " + gsvText);
        final Frontend.Result result;
        try {
            result = frontend.phonemize(text, mode, version);
        } catch (Frontend.UnsupportedTextException e) {
            System.out.println("segments:");
            for (LangSegmenter.Segment s : Frontend.segments(text, mode)) System.out.println("  " + s.lang() + "  \"" + s.text() + "\"");
            System.out.println("error: " + e.getMessage());
            System.exit(1);
            return;
        }
        for (String w : result.warnings()) System.out.println("warning: " + w);
        int n = 0;
        for (Frontend.Segment s : result.segments()) {
            System.out.println("[" + ++n + "] " + s.language() + "  \"" + s.text() + "\"");
            System.out.println("    norm     \"" + s.normText() + "\"");
            System.out.println("    phones   " + String.join(" ", s.phones()));
            System.out.println("    ids      " + join(s.ids()));
            System.out.println("    word2ph  " + (s.word2ph() == null ? "none (BERT features are zeros)" : join(s.word2ph())));
        }
        System.out.println("all phones " + String.join(" ", result.phones()));
        System.out.println("all ids    " + join(result.ids()));
    }

    private static String join(int[] values) {
        return Arrays.stream(values).mapToObj(Integer::toString).collect(Collectors.joining(" "));
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) usage(args[i - 1] + " needs a value");
        return args[i];
    }

    private static void usage(String problem) {
        System.err.println(problem + "\nusage: phonemize TEXT [--lang " + String.join("|", List.of("auto", "zh", "en", "ja", "all_zh", "all_ja", "..."))
                + "] [--version v1|v2|v2Pro|...] [--gsv-text DIR] [--jieba DIR] [--lexicon FILE]");
        System.exit(2);
    }
}
