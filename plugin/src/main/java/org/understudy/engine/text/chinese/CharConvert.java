package org.understudy.engine.text.chinese;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Traditional → simplified Chinese, one character at a time, after upstream's
 * {@code GPT_SoVITS/text/zh_normalization/char_convert.py:tranditional_to_simplified} (no phrase
 * rules: 軟體 → 软体, not 软件).
 *
 * <p>Two tables: upstream's own, parsed from {@code char_convert.py} in the user's GPT-SoVITS folder
 * ({@link #fromUpstream}), which is exact; or OpenCC's {@code TSCharacters.txt} as shipped in opencc4j
 * ({@link #openCc}), first candidate per character. The two agree on the golden cases but differ on
 * about 600 characters, some common (upstream keeps 於 and writes 麽 for 麼, OpenCC gives 于 and 么).
 * Immutable: [any-thread].
 */
public final class CharConvert {
    private static final String OPENCC_RESOURCE = "/data/dictionary/TSCharacters.txt";
    private static final Pattern PY_STRING = Pattern.compile("(?m)^(simplified_charcters|traditional_characters)\\s*=\\s*\"([^\"]*)\"");
    private static final Logger LOG = Logger.getLogger("understudy.text");
    private static volatile CharConvert openCc;

    private final Map<Integer, Integer> traditionalToSimplified;

    private CharConvert(Map<Integer, Integer> traditionalToSimplified) {
        this.traditionalToSimplified = Map.copyOf(traditionalToSimplified);
    }

    /** OpenCC's character table from the opencc4j jar, loaded once. */
    public static CharConvert openCc() {
        CharConvert table = openCc;
        if (table == null) {
            synchronized (CharConvert.class) {
                table = openCc;
                if (table == null) openCc = table = loadOpenCc();
            }
        }
        return table;
    }

    /**
     * The table for a GPT-SoVITS install's {@code GPT_SoVITS/text} folder: upstream's
     * ({@code zh_normalization/char_convert.py}) when it is there, otherwise OpenCC's, logged.
     */
    public static CharConvert forTextFolder(Path textFolder) throws IOException {
        final Path upstream = textFolder.resolve("zh_normalization").resolve("char_convert.py");
        if (Files.isRegularFile(upstream)) return fromUpstream(upstream);
        LOG.info(() -> upstream + " not found: traditional -> simplified uses OpenCC's character table,"
                + " which differs from upstream's on some characters (e.g. 於, 麼)");
        return openCc();
    }

    /**
     * Upstream's table from {@code GPT_SoVITS/text/zh_normalization/char_convert.py}: the two string
     * literals {@code simplified_charcters} and {@code traditional_characters}, paired by position,
     * a later pair winning over an earlier one for the same traditional character.
     */
    public static CharConvert fromUpstream(Path charConvertPy) throws IOException {
        final String source = Files.readString(charConvertPy, StandardCharsets.UTF_8);
        String simplified = null;
        String traditional = null;
        final Matcher m = PY_STRING.matcher(source);
        while (m.find()) {
            if (m.group(1).startsWith("simplified")) simplified = m.group(2);
            else traditional = m.group(2);
        }
        if (simplified == null || traditional == null) {
            throw new IOException(charConvertPy + ": no simplified_charcters/traditional_characters strings");
        }
        final int[] s = simplified.codePoints().toArray();
        final int[] t = traditional.codePoints().toArray();
        if (s.length != t.length) {
            throw new IOException(charConvertPy + ": tables differ in length (" + s.length + " vs " + t.length + ")");
        }
        final Map<Integer, Integer> map = new HashMap<>();
        for (int i = 0; i < s.length; i++) map.put(t[i], s[i]);
        return new CharConvert(map);
    }

    /** [any-thread] */
    public String toSimplified(String text) {
        final StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> out.appendCodePoint(traditionalToSimplified.getOrDefault(cp, cp)));
        return out.toString();
    }

    private static CharConvert loadOpenCc() {
        final Map<Integer, Integer> map = new HashMap<>();
        try (InputStream in = com.github.houbb.opencc4j.util.ZhConverterUtil.class.getResourceAsStream(OPENCC_RESOURCE)) {
            if (in == null) throw new IllegalStateException("opencc4j has no " + OPENCC_RESOURCE);
            final BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = reader.readLine()) != null; ) {
                final int tab = line.indexOf('\t');
                if (tab <= 0) continue;
                final String key = line.substring(0, tab);
                final String value = line.substring(tab + 1).strip();
                if (key.codePointCount(0, key.length()) != 1 || value.isEmpty()) continue;
                map.put(key.codePointAt(0), value.codePointAt(0));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new CharConvert(map);
    }
}
