package org.understudy.engine.gptsovits;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.understudy.engine.checkpoint.CheckpointException;

/**
 * Hugging Face's {@code BertTokenizer} in plain Java, as {@code AutoTokenizer} builds it for
 * chinese-roberta-wwm-ext-large: BERT's BasicTokenizer (clean the text, one token per CJK character,
 * lower-case and strip accents as configured, split off punctuation), then greedy longest-match
 * WordPiece with {@code ##} continuations and {@code [UNK]}; {@code [CLS] … [SEP]} around the result.
 * The vocabulary comes from {@code vocab.txt} (id = line index) or, without it, from
 * {@code tokenizer.json}'s WordPiece model. Immutable: [any-thread].
 */
public final class BertTokenizer {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_CHARS_PER_WORD = 100;

    private final Path vocabFile;
    private final Map<String, Integer> vocab;
    private final boolean lowerCase;
    private final boolean stripAccents;
    private final boolean splitChineseChars;
    private final int cls, sep, unk;
    private final String unkToken;

    private BertTokenizer(Path vocabFile, Map<String, Integer> vocab, boolean lowerCase, boolean stripAccents, boolean splitChineseChars,
            String clsToken, String sepToken, String unkToken) throws CheckpointException {
        this.vocabFile = vocabFile;
        this.vocab = vocab;
        this.lowerCase = lowerCase;
        this.stripAccents = stripAccents;
        this.splitChineseChars = splitChineseChars;
        this.cls = special(clsToken);
        this.sep = special(sepToken);
        this.unk = special(unkToken);
        this.unkToken = unkToken;
    }

    /**
     * [any-thread] Loads the tokenizer files of a HF folder: {@code vocab.txt} or {@code tokenizer.json},
     * settings from {@code tokenizer_config.json} (HF's defaults without it: lower-case, split CJK).
     */
    public static BertTokenizer load(Path folder) throws CheckpointException {
        final JsonNode settings = readJson(folder.resolve("tokenizer_config.json"), false);
        final Path vocabTxt = folder.resolve("vocab.txt"), tokenizerJson = folder.resolve("tokenizer.json");
        final Map<String, Integer> vocab;
        final Path vocabFile;
        if (Files.isRegularFile(vocabTxt)) {
            vocabFile = vocabTxt;
            vocab = readVocabTxt(vocabTxt);
        } else if (Files.isRegularFile(tokenizerJson)) {
            vocabFile = tokenizerJson;
            vocab = readTokenizerJsonVocab(tokenizerJson);
        } else {
            throw new CheckpointException(folder, "has no tokenizer vocabulary: expected vocab.txt or tokenizer.json");
        }
        final boolean lower = settings.path("do_lower_case").asBoolean(true);
        final JsonNode strip = settings.path("strip_accents");
        return new BertTokenizer(vocabFile, vocab, lower, strip.isBoolean() ? strip.booleanValue() : lower,
                settings.path("tokenize_chinese_chars").asBoolean(true), settings.path("cls_token").asText("[CLS]"),
                settings.path("sep_token").asText("[SEP]"), settings.path("unk_token").asText("[UNK]"));
    }

    /** [any-thread] The file the vocabulary came from, for messages. */
    public Path vocabFile() {
        return vocabFile;
    }

    /** [any-thread] The number of ids: the highest id + 1 (vocab.txt: its line count). */
    public int vocabSize() {
        return vocab.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
    }

    /** [any-thread] {@code tokenizer(text)["input_ids"]}: [CLS] tokens [SEP]. */
    public long[] encode(String text) {
        final List<String> tokens = tokenize(text);
        final long[] ids = new long[tokens.size() + 2];
        ids[0] = cls;
        for (int i = 0; i < tokens.size(); i++) ids[i + 1] = vocab.getOrDefault(tokens.get(i), unk);
        ids[ids.length - 1] = sep;
        return ids;
    }

    /** [any-thread] HF's {@code convert_tokens_to_ids} for one token: its id, or [UNK]'s when it is not in the vocabulary. */
    public long tokenId(String token) {
        return vocab.getOrDefault(token, unk);
    }

    /** [any-thread] The WordPiece tokens of {@code text}, without [CLS]/[SEP]. */
    public List<String> tokenize(String text) {
        final List<String> out = new ArrayList<>();
        for (String word : basicTokens(text)) wordPiece(word, out);
        return out;
    }

    // ---- BasicTokenizer

    private List<String> basicTokens(String text) {
        final StringBuilder clean = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (c == 0 || c == 0xfffd || isControl(c)) return;
            if (isWhitespace(c)) clean.append(' ');
            else if (splitChineseChars && isChinese(c)) clean.append(' ').appendCodePoint(c).append(' ');
            else clean.appendCodePoint(c);
        });
        final List<String> out = new ArrayList<>();
        for (String word : Normalizer.normalize(clean, Normalizer.Form.NFC).trim().split(" +")) {
            if (word.isEmpty()) continue;
            if (lowerCase) word = word.toLowerCase(Locale.ROOT);
            if (stripAccents) word = Normalizer.normalize(word, Normalizer.Form.NFD).replaceAll("\\p{Mn}", "");
            splitOnPunctuation(word, out);
        }
        return out;
    }

    private static void splitOnPunctuation(String word, List<String> out) {
        final StringBuilder current = new StringBuilder();
        for (Iterator<Integer> it = word.codePoints().iterator(); it.hasNext(); ) {
            final int c = it.next();
            if (isPunctuation(c)) {
                if (current.length() > 0) out.add(current.toString());
                current.setLength(0);
                out.add(new String(Character.toChars(c)));
            } else {
                current.appendCodePoint(c);
            }
        }
        if (current.length() > 0) out.add(current.toString());
    }

    // ---- WordPiece: greedy longest match, "##" inside a word, the whole word [UNK] if a piece is missing

    private void wordPiece(String word, List<String> out) {
        final int[] chars = word.codePoints().toArray();
        if (chars.length > MAX_CHARS_PER_WORD) {
            out.add(unkToken);
            return;
        }
        final List<String> pieces = new ArrayList<>();
        for (int start = 0; start < chars.length; ) {
            String match = null;
            int end = chars.length;
            for (; end > start; end--) {
                final String piece = (start > 0 ? "##" : "") + new String(chars, start, end - start);
                if (vocab.containsKey(piece)) {
                    match = piece;
                    break;
                }
            }
            if (match == null) {
                out.add(unkToken);
                return;
            }
            pieces.add(match);
            start = end;
        }
        out.addAll(pieces);
    }

    // ---- character classes, as in transformers' tokenization_bert.py

    private static boolean isWhitespace(int c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || Character.getType(c) == Character.SPACE_SEPARATOR;
    }

    private static boolean isControl(int c) {
        if (c == '\t' || c == '\n' || c == '\r') return false;
        final int t = Character.getType(c);
        return t == Character.CONTROL || t == Character.FORMAT || t == Character.SURROGATE || t == Character.PRIVATE_USE
                || t == Character.UNASSIGNED;
    }

    /** ASCII non-letters/digits count as punctuation (BERT's rule), plus every Unicode P* category. */
    private static boolean isPunctuation(int c) {
        if (c >= 33 && c <= 47 || c >= 58 && c <= 64 || c >= 91 && c <= 96 || c >= 123 && c <= 126) return true;
        return switch (Character.getType(c)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION, Character.END_PUNCTUATION,
                    Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION, Character.OTHER_PUNCTUATION -> true;
            default -> false;
        };
    }

    /** The CJK Unified Ideograph blocks BERT splits one per token. */
    private static boolean isChinese(int c) {
        return c >= 0x4E00 && c <= 0x9FFF || c >= 0x3400 && c <= 0x4DBF || c >= 0x20000 && c <= 0x2A6DF || c >= 0x2A700 && c <= 0x2B73F
                || c >= 0x2B740 && c <= 0x2B81F || c >= 0x2B820 && c <= 0x2CEAF || c >= 0xF900 && c <= 0xFAFF || c >= 0x2F800 && c <= 0x2FA1F;
    }

    // ---- files

    private int special(String token) throws CheckpointException {
        final Integer id = vocab.get(token);
        if (id == null) throw new CheckpointException(vocabFile, "has no " + token + " token; it is not a BERT vocabulary");
        return id;
    }

    private static Map<String, Integer> readVocabTxt(Path file) throws CheckpointException {
        final List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot be read: " + e.getMessage());
        }
        final Map<String, Integer> vocab = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) vocab.put(lines.get(i), i);                   // HF's load_vocab: a later duplicate wins
        return Collections.unmodifiableMap(vocab);
    }

    private static Map<String, Integer> readTokenizerJsonVocab(Path file) throws CheckpointException {
        final JsonNode model = readJson(file, true).path("model");
        if (!model.path("type").asText().equals("WordPiece") || !model.path("vocab").isObject()) {
            throw new CheckpointException(file, "has no WordPiece vocabulary (model.type is '" + model.path("type").asText() + "')");
        }
        final Map<String, Integer> vocab = new HashMap<>();
        model.path("vocab").fields().forEachRemaining(e -> vocab.put(e.getKey(), e.getValue().intValue()));
        return Collections.unmodifiableMap(vocab);
    }

    private static JsonNode readJson(Path file, boolean required) throws CheckpointException {
        if (!Files.isRegularFile(file)) {
            if (required) throw new CheckpointException(file, "is missing");
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new CheckpointException(file, "is not valid JSON: " + e.getMessage());
        }
    }
}
