package org.understudy.engine.text;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Logger;
import org.understudy.engine.text.chinese.ChineseFrontend;
import org.understudy.engine.text.chinese.ChineseSegmenter;
import org.understudy.engine.text.chinese.PinyinSource;
import org.understudy.engine.text.japanese.JapaneseFrontend;

/**
 * The text frontend the engine calls: text, language mode and model version → the segments upstream's
 * {@code TextPreprocessor.get_phones_and_bert} cleans one by one, each with its language, normalised
 * text, phones, phone ids and {@code word2ph}.
 *
 * <ol>
 *   <li>Unsupported characters (emoji, control characters, unknown scripts) are dropped, each named in
 *       a warning ({@link UnsupportedCharacters#mixedFilter}).</li>
 *   <li>{@link LangSegmenter#split} cuts the text by language for the mode.</li>
 *   <li>Each segment is cleaned as {@code cleaner.clean_text} does: {@code en} by {@link EnglishFrontend}
 *       (the user {@link Lexicon} first; no word2ph, as upstream, so {@code word2ph} is null and the
 *       engine's BERT features are zeros); {@code zh} by {@link ChineseFrontend} when a segmenter and
 *       a pinyin source are configured (upstream's {@code chinese.py} for v1 models, {@code chinese2.py}
 *       for later ones), otherwise the call fails naming what is missing; {@code ja} by
 *       {@link JapaneseFrontend} (Kuromoji readings; accent marks approximated; no word2ph, BERT zeros, as
 *       upstream; {@code #}, and under v1 {@code [ ]}, become {@code UNK} as upstream); {@code ko} and
 *       {@code yue} fail as not supported yet; any other label (a leading run of marks)
 *       is cleaned as upstream cleans an unknown language: English with the text replaced by a space.</li>
 *   <li>When all segments together have fewer than 6 phones, everything is done once more with
 *       {@code .} prepended, as upstream does.</li>
 * </ol>
 * The user lexicon applies to English segments only. [any-thread] when the Chinese inputs are.
 */
public final class Frontend {
    private static final Logger LOG = Logger.getLogger("understudy.text");

    /** One segment: {@code word2ph} is null where upstream has none (every language but Chinese). */
    public record Segment(String language, String text, String normText, List<String> phones, int[] ids, int[] word2ph) {}

    /** The segments in order, and the warnings given (dropped characters). */
    public record Result(List<Segment> segments, List<String> warnings) {
        /** [any-thread] All phones, in order. */
        public List<String> phones() {
            final List<String> out = new ArrayList<>();
            for (Segment s : segments) out.addAll(s.phones());
            return out;
        }

        /** [any-thread] All ids, in order (what the T2S model reads). */
        public int[] ids() {
            return segments.stream().flatMapToInt(s -> java.util.Arrays.stream(s.ids())).toArray();
        }

        /** [any-thread] The normalised texts joined, as upstream's {@code norm_text}. */
        public String normText() {
            final StringBuilder b = new StringBuilder();
            for (Segment s : segments) b.append(s.normText());
            return b.toString();
        }
    }

    /** Text this frontend cannot phonemise: a language not supported yet, or Chinese without its inputs. The message says what to do. */
    public static final class UnsupportedTextException extends IllegalStateException {
        public UnsupportedTextException(String message) {
            super(message);
        }
    }

    private final EnglishFrontend english;
    private final ChineseFrontend chinese;
    private final JapaneseFrontend japanese = new JapaneseFrontend();

    /** [any-thread] {@code chinese} may be null: Chinese segments then fail with {@link UnsupportedTextException}. */
    public Frontend(CmuDict dict, Lexicon lexicon, ChineseFrontend chinese) {
        this(new EnglishFrontend(dict, lexicon), chinese);
    }

    private Frontend(EnglishFrontend english, ChineseFrontend chinese) {
        this.english = english;
        this.chinese = chinese;
    }

    /** [any-thread] The same dictionaries and Chinese setup with another user lexicon (a voice preset's). */
    public Frontend withLexicon(Lexicon lexicon) {
        return new Frontend(english.withLexicon(lexicon), chinese);
    }

    /**
     * [engine-worker] From a GPT-SoVITS {@code GPT_SoVITS/text} folder (cmudict and, for Chinese,
     * {@code opencpop-strict.txt} and {@code g2pw/polyphonic*.rep}). Chinese is configured only when
     * both {@code segmenter} and {@code pinyins} are given.
     */
    public static Frontend load(Path gsvText, Lexicon lexicon, ChineseSegmenter segmenter, PinyinSource pinyins) throws IOException {
        final ChineseFrontend zh = segmenter != null && pinyins != null ? ChineseFrontend.load(gsvText, segmenter, pinyins) : null;
        return new Frontend(CmuDict.load(gsvText), lexicon, zh);
    }

    /** [any-thread] Whether Chinese segments can be phonemised. */
    public boolean chineseConfigured() {
        return chinese != null;
    }

    /**
     * [any-thread] Segments, phones, ids and word2ph of {@code text}; {@code version} picks the symbol
     * table ({@link Symbols#forVersion}).
     * @throws UnsupportedTextException when a segment's language cannot be phonemised here
     */
    public Result phonemize(String text, LangSegmenter.Mode mode, String version) {
        final UnsupportedCharacters.Filtered filtered = UnsupportedCharacters.mixedFilter(text);
        final List<String> warnings = new ArrayList<>();
        if (filtered.warning() != null) {
            warnings.add(filtered.warning());
            LOG.warning(filtered.warning());
        }
        final Symbols symbols = Symbols.forVersion(version);
        List<Segment> segments = clean(filtered.text(), mode, symbols, warnings);
        if (segments.stream().mapToInt(s -> s.phones().size()).sum() < 6) {
            segments = clean("." + filtered.text(), mode, symbols, new ArrayList<>()); // its warnings were given already
        }
        return new Result(Collections.unmodifiableList(segments), List.copyOf(warnings));
    }

    /** [any-thread] The segmentation alone (after the unsupported-character filter), for display. */
    public static List<LangSegmenter.Segment> segments(String text, LangSegmenter.Mode mode) {
        return LangSegmenter.split(UnsupportedCharacters.mixedFilter(text).text(), mode);
    }

    private List<Segment> clean(String text, LangSegmenter.Mode mode, Symbols symbols, List<String> warnings) {
        final List<Segment> out = new ArrayList<>();
        for (LangSegmenter.Segment seg : LangSegmenter.split(text, mode)) {
            switch (seg.lang()) {
                case "en" -> out.add(english(seg.lang(), seg.text(), seg.text(), symbols, warnings));
                case "zh" -> {
                    if (chinese == null) {
                        throw new UnsupportedTextException("Chinese text '" + seg.text() + "' cannot be phonemised: no Chinese word segmenter "
                                + "(jieba-compatible, with part-of-speech tags) and no pinyin source (g2pW or a pinyin dictionary) are "
                                + "configured in this build. Remove the Chinese text or choose the language 'en' until Chinese G2P is available.");
                    }
                    final ChineseFrontend.Result r = chinese.clean(seg.text(), ChineseFrontend.Module.forVersion(symbols == Symbols.V1 ? "v1" : "v2"), symbols::contains);
                    out.add(new Segment("zh", seg.text(), r.normText(), r.phones(), symbols.ids(r.phones()), r.word2ph()));
                }
                case "ja" -> {
                    final JapaneseFrontend.Result r = japanese.clean(seg.text(), symbols::contains);
                    for (String w : r.warnings()) {
                        warnings.add(w);
                        LOG.warning(w);
                    }
                    out.add(new Segment("ja", seg.text(), r.normText(), r.phones(), symbols.ids(r.phones()), null));
                }
                case "ko", "yue" -> throw new UnsupportedTextException(languageName(seg.lang()) + " text '" + seg.text()
                        + "' cannot be phonemised: " + languageName(seg.lang()) + " is not supported yet. Remove it, or choose a language "
                        + "mode that reads it as Chinese (all_zh) or English (en).");
                // upstream's clean_text: an unknown language is English with the text replaced by a space
                default -> out.add(english(seg.lang(), seg.text(), " ", symbols, warnings));
            }
        }
        return out;
    }

    private Segment english(String lang, String text, String cleaned, Symbols symbols, List<String> warnings) {
        final EnglishFrontend.Result r = english.clean(cleaned, symbols);
        warnings.addAll(r.warnings());
        return new Segment(lang, text, r.normText(), r.phones(), r.ids(), null);
    }

    private static String languageName(String lang) {
        return switch (lang) {
            case "ja" -> "Japanese";
            case "ko" -> "Korean";
            case "yue" -> "Cantonese";
            default -> lang;
        };
    }
}
