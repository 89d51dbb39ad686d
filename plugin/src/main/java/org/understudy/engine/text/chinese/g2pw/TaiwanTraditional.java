package org.understudy.engine.text.chinese.g2pw;

import com.github.houbb.opencc4j.util.ZhConverterUtil;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An approximation of OpenCC's {@code s2tw}, which upstream applies before g2pW
 * ({@code enable_non_tradional_chinese=True}: g2pW's tables are in Taiwan's traditional characters):
 * OpenCC's simplified → traditional phrases and characters as shipped in opencc4j, then the
 * character-level {@code TWVariants.txt} (爲 → 為, 裏 → 裡). Always length-preserving, as upstream
 * asserts: when the phrase conversion changes the length the text is converted character by character
 * (first candidate). OpenCC's own segmentation may pick other phrases than opencc4j's. [any-thread]
 */
final class TaiwanTraditional {
    private static final String TW_VARIANTS = "/data/dictionary/TWVariants.txt";
    private static volatile Map<Integer, Integer> variants;

    private TaiwanTraditional() {}

    static String convert(String simplified) {
        String t = ZhConverterUtil.toTraditional(simplified);
        if (t.codePointCount(0, t.length()) != simplified.codePointCount(0, simplified.length())) {
            final StringBuilder b = new StringBuilder();
            simplified.codePoints().forEach(c -> {
                if (Character.isBmpCodePoint(c)) {
                    final List<String> cands = ZhConverterUtil.toTraditional((char) c);
                    final String first = cands == null || cands.isEmpty() ? null : cands.get(0);
                    b.append(first != null && first.codePointCount(0, first.length()) == 1 ? first : new String(Character.toChars(c)));
                } else {
                    b.appendCodePoint(c);
                }
            });
            t = b.toString();
        }
        final Map<Integer, Integer> v = variants();
        final StringBuilder out = new StringBuilder(t.length());
        t.codePoints().forEach(c -> out.appendCodePoint(v.getOrDefault(c, c)));
        return out.toString();
    }

    private static Map<Integer, Integer> variants() {
        Map<Integer, Integer> v = variants;
        if (v == null) {
            synchronized (TaiwanTraditional.class) {
                v = variants;
                if (v == null) variants = v = loadVariants();
            }
        }
        return v;
    }

    private static Map<Integer, Integer> loadVariants() {
        final Map<Integer, Integer> out = new HashMap<>();
        try (InputStream in = ZhConverterUtil.class.getResourceAsStream(TW_VARIANTS)) {
            if (in == null) throw new IllegalStateException("opencc4j has no " + TW_VARIANTS);
            final BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = reader.readLine()) != null; ) {
                final String[] kv = line.strip().split("[\\t ]+");
                if (kv.length < 2 || kv[0].codePointCount(0, kv[0].length()) != 1 || kv[1].codePointCount(0, kv[1].length()) != 1) continue;
                out.put(kv[0].codePointAt(0), kv[1].codePointAt(0));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(out);
    }
}
