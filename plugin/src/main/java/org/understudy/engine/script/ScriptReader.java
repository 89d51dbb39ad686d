package org.understudy.engine.script;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a script: plain text (one cue per paragraph, cues follow one another), SRT or WebVTT (timed
 * cues), or Understudy's cue sheet ({@link CueSheet}). The format comes from the extension ({@code .txt},
 * {@code .srt}, {@code .vtt}, {@code .cues}), or from the first line. Subtitle markup is removed; a WebVTT voice span ({@code <v Name>})
 * becomes the cue's voice. Errors name the file and line. [any-thread]
 */
public final class ScriptReader {
    private static final Pattern ARROW = Pattern.compile("^(\\S+)\\s+-->\\s+(\\S+)(?:\\s+.*)?$");
    private static final Pattern VOICE = Pattern.compile("<v(?:\\.[^ \\t>]+)*[ \\t]+([^>]+)>");
    private static final Pattern VTT_TAG = Pattern.compile("<[^>]*>");
    /** SRT has no escaping, so only its formatting tags are markup; any other {@code <...>} is text. */
    private static final Pattern SRT_TAG = Pattern.compile("</?(?:i|b|u|s|font)(?:\\s[^>]*)?>", Pattern.CASE_INSENSITIVE);
    private static final Pattern ASS_OVERRIDE = Pattern.compile("\\{\\\\[^}]*}");

    private ScriptReader() {}

    /** [any-thread] */
    public static Script read(Path file) throws ScriptException {
        final Path f = file.toAbsolutePath().normalize();
        final String text = decode(f);
        final String[] lines = text.split("\r\n|\r|\n", -1);
        final String name = f.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".vtt") || lines[0].startsWith("WEBVTT")) return new Script(f, Script.Format.WEBVTT, webVtt(f, lines));
        if (name.endsWith(".cues") || lines[0].startsWith("# " + CueSheet.HEADER)) return new Script(f, Script.Format.CUE_SHEET, CueSheet.parse(f, lines));
        if (name.endsWith(".srt")) return new Script(f, Script.Format.SRT, srt(f, lines));
        return new Script(f, Script.Format.TEXT, plain(f, lines));
    }

    private static String decode(Path f) throws ScriptException {
        final byte[] bytes;
        try {
            bytes = Files.readAllBytes(f);
        } catch (NoSuchFileException e) {
            throw new ScriptException(f, 0, "no such file");
        } catch (IOException e) {
            throw new ScriptException(f, 0, "cannot be read: " + e.getMessage());
        }
        try {
            final String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            return s.startsWith("\uFEFF") ? s.substring(1) : s;
        } catch (CharacterCodingException e) {
            throw new ScriptException(f, 0, "is not UTF-8 text; save it as UTF-8 and try again");
        }
    }

    private static List<Cue> plain(Path f, String[] lines) throws ScriptException {
        final List<Cue> cues = new ArrayList<>();
        final List<String> paragraph = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank()) {
                flush(paragraph, cues);
            } else {
                paragraph.add(line.strip());
            }
        }
        flush(paragraph, cues);
        if (cues.isEmpty()) throw new ScriptException(f, 0, "has no text to speak");
        return cues;
    }

    private static void flush(List<String> paragraph, List<Cue> cues) {
        if (paragraph.isEmpty()) return;
        cues.add(Cue.untimed(cues.size() + 1, joinLines(paragraph)));
        paragraph.clear();
    }

    private static List<Cue> srt(Path f, String[] lines) throws ScriptException {
        final List<Cue> cues = new ArrayList<>();
        int i = 0;
        while (i < lines.length) {
            if (lines[i].isBlank()) {
                i++;
                continue;
            }
            // An optional cue number, then the timing line.
            if (!lines[i].contains("-->")) {
                if (!lines[i].strip().matches("\\d+")) throw new ScriptException(f, i + 1, "expected a cue number or a timing line \"00:00:01,000 --> 00:00:02,500\", found \"" + lines[i].strip() + "\"");
                i++;
            }
            if (i >= lines.length) throw new ScriptException(f, i, "the file ends before the cue's timing line");
            final double[] span = timing(f, i, lines[i], true);
            i++;
            final List<String> body = new ArrayList<>();
            while (i < lines.length && !lines[i].isBlank()) body.add(lines[i++]);
            add(cues, span, body, SRT_TAG, Optional.empty());
        }
        if (cues.isEmpty()) throw new ScriptException(f, 0, "has no subtitle cues");
        return cues;
    }

    private static List<Cue> webVtt(Path f, String[] lines) throws ScriptException {
        if (!lines[0].matches("WEBVTT([ \\t].*)?")) throw new ScriptException(f, 1, "a WebVTT file starts with the line \"WEBVTT\"");
        final List<Cue> cues = new ArrayList<>();
        int i = 1;
        while (i < lines.length && !lines[i].isBlank()) i++; // header lines
        while (i < lines.length) {
            if (lines[i].isBlank()) {
                i++;
                continue;
            }
            final String first = lines[i].strip();
            if (first.startsWith("NOTE") || first.equals("STYLE") || first.equals("REGION")) {
                while (i < lines.length && !lines[i].isBlank()) i++;
                continue;
            }
            if (!lines[i].contains("-->")) i++; // cue identifier
            if (i >= lines.length || !lines[i].contains("-->")) throw new ScriptException(f, Math.min(i + 1, lines.length), "expected a timing line \"00:01.000 --> 00:02.500\"");
            final double[] span = timing(f, i, lines[i], false);
            i++;
            final List<String> body = new ArrayList<>();
            while (i < lines.length && !lines[i].isBlank()) body.add(lines[i++]);
            final Matcher v = VOICE.matcher(String.join(" ", body));
            add(cues, span, body, VTT_TAG, v.find() ? Optional.of(v.group(1).strip()) : Optional.empty());
        }
        if (cues.isEmpty()) throw new ScriptException(f, 0, "has no cues");
        return cues;
    }

    private static double[] timing(Path f, int i, String line, boolean srt) throws ScriptException {
        final Matcher m = ARROW.matcher(line.strip());
        final String example = srt ? "00:00:01,000 --> 00:00:02,500" : "00:01.000 --> 00:02.500";
        if (!m.matches()) throw new ScriptException(f, i + 1, "expected a timing line \"" + example + "\", found \"" + line.strip() + "\"");
        final double start = srt ? Timecode.srt(m.group(1)) : Timecode.vtt(m.group(1));
        final double end = srt ? Timecode.srt(m.group(2)) : Timecode.vtt(m.group(2));
        if (start < 0) throw new ScriptException(f, i + 1, "\"" + m.group(1) + "\" is not a timecode like " + example.substring(0, example.indexOf(' ')));
        if (end < 0) throw new ScriptException(f, i + 1, "\"" + m.group(2) + "\" is not a timecode like " + example.substring(0, example.indexOf(' ')));
        if (!(end > start)) throw new ScriptException(f, i + 1, "the cue ends (" + m.group(2) + ") before it starts (" + m.group(1) + ")");
        return new double[] {start, end};
    }

    private static void add(List<Cue> cues, double[] span, List<String> body, Pattern markup, Optional<String> voice) {
        final List<String> clean = new ArrayList<>();
        for (String l : body) {
            final String s = unescape(markup.matcher(ASS_OVERRIDE.matcher(l).replaceAll("")).replaceAll("")).strip();
            if (!s.isEmpty()) clean.add(s);
        }
        if (clean.isEmpty()) return; // a cue with only markup says nothing
        cues.add(Cue.timed(cues.size() + 1, span[0], span[1], joinLines(clean), voice));
    }

    private static String unescape(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&nbsp;", " ").replace("&lrm;", "").replace("&rlm;", "").replace("&amp;", "&");
    }

    /** Joins wrapped lines: a space between words, nothing between CJK characters. */
    static String joinLines(List<String> lines) {
        final StringBuilder out = new StringBuilder(lines.get(0));
        for (int k = 1; k < lines.size(); k++) {
            final String next = lines.get(k);
            if (!(cjk(out.codePointBefore(out.length())) && cjk(next.codePointAt(0)))) out.append(' ');
            out.append(next);
        }
        return out.toString();
    }

    private static boolean cjk(int cp) {
        final Character.UnicodeScript s = Character.UnicodeScript.of(cp);
        return s == Character.UnicodeScript.HAN || s == Character.UnicodeScript.HIRAGANA || s == Character.UnicodeScript.KATAKANA
                || (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF00 && cp <= 0xFFEF);
    }
}
