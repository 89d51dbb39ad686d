package org.understudy.engine.text;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A preset's pronunciation lexicon: word → phones, applied before normalisation and G2P, so that a
 * user can fix a name that is always misread. Text format, UTF-8, one entry per line:
 * <pre>
 * # comment
 * Nguyen      W IH1 N
 * OpenAI      OW1 P AH0 N EY1 AY1
 * </pre>
 * The word is the first whitespace-separated field (letters, digits, {@code '} and {@code -}; matched
 * case-insensitively as a whole word, also before a possessive {@code 's}), the phones are the rest, separated by spaces. Every phone must be
 * in the model's symbol table; a later entry for the same word replaces an earlier one.
 */
public final class Lexicon {
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}'\\-]+");
    /** A lexicon with no entries. */
    public static final Lexicon EMPTY = new Lexicon(Map.of());

    private final Map<String, List<String>> entries;
    private final Pattern matcher;

    private Lexicon(Map<String, List<String>> entries) {
        this.entries = Map.copyOf(entries);
        if (entries.isEmpty()) {
            matcher = null;
        } else {
            final List<String> words = new ArrayList<>(entries.keySet());
            words.sort(Comparator.comparingInt(String::length).reversed());
            final StringBuilder alternatives = new StringBuilder();
            for (String w : words) alternatives.append(alternatives.length() > 0 ? "|" : "").append(Pattern.quote(w));
            // a whole word, optionally with a possessive 's: "Nguyen's"
            matcher = Pattern.compile("(?<![\\p{L}\\p{N}])(?<![\\p{L}\\p{N}]['\\-])(" + alternatives + ")('s)?(?![\\p{L}\\p{N}])(?!['\\-][\\p{L}\\p{N}])",
                    Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        }
    }

    /** [engine-worker] Reads a lexicon file; phones are checked against {@code symbols}. */
    public static Lexicon load(Path file, Symbols symbols) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString(), symbols);
    }

    /**
     * [any-thread] Parses the text format; {@code source} names the file in errors.
     * @throws LexiconException naming the line and the unknown symbol or the malformed entry
     */
    public static Lexicon parse(String text, String source, Symbols symbols) {
        final Map<String, List<String>> entries = new HashMap<>();
        final String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            final String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            final String[] fields = line.split("\\s+");
            final String where = source + " line " + (i + 1);
            if (!WORD.matcher(fields[0]).matches()) {
                throw new LexiconException(where + ": '" + fields[0] + "' is not a word (letters, digits, ' and - only)");
            }
            if (fields.length < 2) throw new LexiconException(where + ": '" + fields[0] + "' has no phones");
            final List<String> phones = Arrays.asList(fields).subList(1, fields.length);
            for (String phone : phones) {
                if (!symbols.contains(phone)) {
                    throw new LexiconException(where + ": unknown symbol '" + phone + "' for '" + fields[0] + "' (not in the " + symbols + " table)");
                }
            }
            entries.put(fields[0].toLowerCase(Locale.ROOT), List.copyOf(phones));
        }
        return new Lexicon(entries);
    }

    /** [any-thread] The phones of a word (any case), or null. */
    public List<String> phones(String word) {
        return entries.get(word.toLowerCase(Locale.ROOT));
    }

    /** [any-thread] */
    public int size() {
        return entries.size();
    }

    /** A piece of text: a lexicon word with its phones (and whether {@code 's} followed it), or other text (phones null). */
    public record Piece(String text, List<String> phones, boolean possessive) {}

    /** [any-thread] The text cut into lexicon words and the runs between them, in order. */
    public List<Piece> split(String text) {
        final List<Piece> out = new ArrayList<>();
        if (matcher == null) {
            out.add(new Piece(text, null, false));
            return out;
        }
        final Matcher m = matcher.matcher(text);
        int from = 0;
        while (m.find()) {
            if (m.start() > from) out.add(new Piece(text.substring(from, m.start()), null, false));
            out.add(new Piece(m.group(), phones(m.group(1)), m.group(2) != null));
            from = m.end();
        }
        if (from < text.length() || out.isEmpty()) out.add(new Piece(text.substring(from), null, false));
        return out;
    }

    /** A lexicon file that cannot be used; the message names the line. */
    public static final class LexiconException extends IllegalArgumentException {
        LexiconException(String message) {
            super(message);
        }
    }
}
