package org.understudy.engine.text;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * nltk's {@code TweetTokenizer().tokenize} (preserve_case, no handle stripping, no length reduction),
 * reduced to what can reach it after {@link EnglishNormalizer}: only {@code [ A-Za-z'.,?!-]} remain,
 * so the emoticon, arrow, phone-number, handle, hashtag, e-mail and HTML alternatives cannot match and
 * are left out. Kept, in nltk's order: naked domains ({@code wait.really}), words with apostrophes or
 * dashes, plain words, ellipsis dots, then any other non-space character.
 */
public final class TweetTokenizer {
    private static final Pattern WORD = Pattern.compile(String.join("|",
            "(?<!@)[a-z0-9]+(?:[.\\-][a-z0-9]+)*[.](?:[a-z]{2,13})\\b/?(?!@)",
            "(?:[^\\W\\d_](?:[^\\W\\d_]|['\\-_])+[^\\W\\d_])",
            "(?:[\\w_]+)",
            "(?:\\.(?:\\s*\\.){1,})",
            "(?:\\S)"), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS);
    /** {@code HANG_RE}: four or more of one non-alphanumeric character become three. */
    private static final Pattern HANG = Pattern.compile("([^a-zA-Z0-9])\\1{3,}");

    private TweetTokenizer() {}

    /** [any-thread] */
    public static List<String> tokenize(String text) {
        final String safe = HANG.matcher(text).replaceAll("$1$1$1");
        final List<String> tokens = new ArrayList<>();
        final Matcher m = WORD.matcher(safe);
        while (m.find()) tokens.add(m.group());
        return tokens;
    }
}
