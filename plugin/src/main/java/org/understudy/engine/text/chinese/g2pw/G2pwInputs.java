package org.understudy.engine.text.chinese.g2pw;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.understudy.engine.gptsovits.BertTokenizer;

/**
 * The model's six inputs for a batch of queries, after upstream's {@code text/g2pw/dataset.py}
 * ({@code prepare_onnx_input} with {@code window_size=None}, {@code _truncate}) and {@code utils.py}
 * ({@code wordize_and_map}, {@code tokenize_and_map}): the text lower-cased; runs of spaces skipped,
 * runs of ASCII letters/digits tokenised as one word, every other character as its own word; a word
 * the tokenizer gives nothing or only [UNK] for becomes one [UNK]; [CLS] … [SEP] around the tokens,
 * centred on the query within 510 tokens when longer; {@code position_ids} = the query character's
 * token index + 1; rows padded with 0 to the longest. Texts and query ids count code points.
 */
final class G2pwInputs {
    static final int MAX_LEN = 512;

    /** One query: the (windowed) text and the index of the character to predict in it. */
    record Query(String text, int queryId) {}

    /** Row-major [rows, tokens] id arrays, [rows, labels] masks and [rows] ids, as the model takes them. */
    record Batch(int rows, int tokens, int labels, long[] inputIds, long[] tokenTypeIds, long[] attentionMask,
                 float[] phonemeMask, long[] charIds, long[] positionIds, List<String> queryChars) {}

    /** The tokens of a text and the maps between text positions and tokens (-1 for spaces). */
    record Tokenized(List<String> tokens, int[] textToToken, int[][] tokenToText) {}

    private G2pwInputs() {}

    static Batch prepare(BertTokenizer tokenizer, G2pwData data, List<Query> queries) {
        final int n = queries.size(), labels = data.labels.size();
        final List<long[]> ids = new ArrayList<>(n);
        final float[] masks = new float[n * labels];
        final long[] charIds = new long[n], positionIds = new long[n];
        final List<String> queryChars = new ArrayList<>(n);
        final Map<String, Tokenized> cache = new HashMap<>();
        for (int r = 0; r < n; r++) {
            final int[] text = lower(queries.get(r).text());
            final int queryId = queries.get(r).queryId();
            final Tokenized t = cache.computeIfAbsent(new String(text, 0, text.length), k -> tokenizeAndMap(tokenizer, text));
            final Truncated q = truncate(t, queryId);
            final int queryInTruncated = queryId - q.start();
            final long[] row = new long[q.tokens().tokens().size() + 2];
            row[0] = tokenizer.tokenId("[CLS]");
            for (int i = 0; i < q.tokens().tokens().size(); i++) row[i + 1] = tokenizer.tokenId(q.tokens().tokens().get(i));
            row[row.length - 1] = tokenizer.tokenId("[SEP]");
            ids.add(row);
            final String ch = new String(Character.toChars(text[queryId]));
            queryChars.add(ch);
            final Integer charId = data.charIds.get(ch);
            if (charId == null) throw new IllegalArgumentException("'" + ch + "' is not one of g2pW's polyphonic characters");
            charIds[r] = charId;
            System.arraycopy(data.maskRow(ch), 0, masks, r * labels, labels);
            positionIds[r] = q.tokens().textToToken()[queryInTruncated] + 1L;   // [CLS] is first
        }
        final int tokens = ids.stream().mapToInt(a -> a.length).max().orElse(0);
        final long[] inputIds = new long[n * tokens], typeIds = new long[n * tokens], attention = new long[n * tokens];
        for (int r = 0; r < n; r++) {
            final long[] row = ids.get(r);
            System.arraycopy(row, 0, inputIds, r * tokens, row.length);
            Arrays.fill(attention, r * tokens, r * tokens + row.length, 1L);
        }
        return new Batch(n, tokens, labels, inputIds, typeIds, attention, masks, charIds, positionIds, List.copyOf(queryChars));
    }

    /** Python's {@code str.lower()} per code point (length-preserving). */
    static int[] lower(String s) {
        return s.codePoints().map(Character::toLowerCase).toArray();
    }

    /** {@code tokenize_and_map(tokenizer, text)}. */
    static Tokenized tokenizeAndMap(BertTokenizer tokenizer, int[] text) {
        // wordize_and_map
        final List<int[]> words = new ArrayList<>();          // [start, end) in text
        final int[] textToToken = new int[text.length];       // first the word index, as upstream
        int i = 0;
        while (i < text.length) {
            if (text[i] == ' ') {
                textToToken[i++] = -1;
                continue;
            }
            int end = i;
            while (end < text.length && isAsciiAlnum(text[end])) end++;
            if (end == i) end = i + 1;
            for (int k = i; k < end; k++) textToToken[k] = words.size();
            words.add(new int[] {i, end});
            i = end;
        }
        final List<String> tokens = new ArrayList<>();
        final List<int[]> tokenToText = new ArrayList<>();
        for (int[] w : words) {
            final List<String> wordTokens = tokenizer.tokenize(new String(text, w[0], w[1] - w[0]));
            if (wordTokens.isEmpty() || wordTokens.equals(List.of("[UNK]"))) {
                tokenToText.add(new int[] {w[0], w[1]});
                tokens.add("[UNK]");
            } else {
                int start = w[0];
                for (String tok : wordTokens) {
                    final String bare = tok.startsWith("##") ? tok.substring(2) : tok;
                    final int len = bare.codePointCount(0, bare.length());
                    tokenToText.add(new int[] {start, start + len});
                    start += len;
                    tokens.add(tok);
                }
            }
        }
        for (int t = 0; t < tokenToText.size(); t++) {
            for (int p = tokenToText.get(t)[0]; p < tokenToText.get(t)[1] && p < text.length; p++) textToToken[p] = t;
        }
        return new Tokenized(List.copyOf(tokens), textToToken, tokenToText.toArray(new int[0][]));
    }

    private record Truncated(Tokenized tokens, int start) {}

    /** {@code _truncate(max_len=512, ...)}: at most 510 tokens, centred on the query's token, shifted to fit. */
    private static Truncated truncate(Tokenized t, int queryId) {
        final int limit = MAX_LEN - 2;
        final int count = t.tokens().size();
        if (count <= limit) return new Truncated(t, 0);
        int tokenStart = t.textToToken()[queryId] - limit / 2;
        int tokenEnd = tokenStart + limit;
        final int frontExceed = -tokenStart, backExceed = tokenEnd - count;
        if (frontExceed > 0) {
            tokenStart += frontExceed;
            tokenEnd += frontExceed;
        } else if (backExceed > 0) {
            tokenStart -= backExceed;
            tokenEnd -= backExceed;
        }
        final int start = t.tokenToText()[tokenStart][0], end = t.tokenToText()[tokenEnd - 1][1];
        final int[] map = new int[end - start];
        for (int p = start; p < end; p++) map[p - start] = t.textToToken()[p] < 0 ? -1 : t.textToToken()[p] - tokenStart;
        final int[][] back = new int[tokenEnd - tokenStart][];
        for (int k = tokenStart; k < tokenEnd; k++) back[k - tokenStart] = new int[] {t.tokenToText()[k][0] - start, t.tokenToText()[k][1] - start};
        return new Truncated(new Tokenized(t.tokens().subList(tokenStart, tokenEnd), map, back), start);
    }

    private static boolean isAsciiAlnum(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}
