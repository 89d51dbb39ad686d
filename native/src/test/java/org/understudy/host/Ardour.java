package org.understudy.host;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Drives Ardour 7.3 headless ({@code ardour7-lua} on its dummy backend) in a private home folder:
 * scans our bundle, creates sessions, edits their plugin state, exports WAV. Recipe and traps:
 * shared/research/daw-plugin.md §3.1. A run is judged by its sentinel line, not by the exit
 * code: Ardour 7.3 aborts with heap corruption in roughly 1 run in 10 (also with an SDK-built
 * VST3 plugin, and with Understudy running without Java), mostly during teardown after a good
 * export; such runs are retried, up to three attempts.
 */
final class Ardour {
    static final String PLUGIN = "Understudy";
    static final String PROCESSOR_CID = "39F625B7CC5E4A3087A60AE3676A1664";
    static final String FLOAT_PRESET = "5d0c3f5e-8d0a-4d52-9b8e-1c7a2f3e4b02";
    private static final Path LUA = Path.of("/usr/bin/ardour7-lua");
    private static final Path SCANNER = Path.of("/usr/lib/ardour7/ardour-vst3-scanner");

    private final Path work;
    private final Path vst3;
    private final Map<String, String> env;

    /** Copies the bundle into {@code work}, scans it and installs the float export preset. */
    Ardour(Path bundle, Path work) throws IOException, InterruptedException {
        if (!Files.isExecutable(LUA) || !Files.isExecutable(SCANNER)) {
            throw new IllegalStateException("Ardour 7 is not installed (apt-get install ardour): " + LUA + " missing");
        }
        this.work = work;
        this.vst3 = work.resolve("vst3");
        final Path home = work.resolve("home");
        env = Map.of("HOME", home.toString(), "XDG_CONFIG_HOME", home.resolve(".config").toString(),
                "XDG_CACHE_HOME", home.resolve(".cache").toString(), "VST3_PATH", vst3.toString());
        copyTree(bundle, vst3.resolve("Understudy.vst3"));
        // The scan cache is only valid when the module is strictly older, in whole seconds.
        final Path so = vst3.resolve("Understudy.vst3/Contents/x86_64-linux/Understudy.so");
        Files.setLastModifiedTime(so, FileTime.from(Instant.now().minusSeconds(60)));
        final Path presets = home.resolve(".config/ardour7/export");
        Files.createDirectories(presets);
        for (String name : List.of("Understudy float32.format", "Understudy float32.preset")) {
            try (InputStream in = Ardour.class.getResourceAsStream("/ardour/export/" + name)) {
                Files.copy(in, presets.resolve(name));
            }
        }
        final Result scan = run(List.of(SCANNER.toString(), "-f", vst3.resolve("Understudy.vst3").toString()),
                Map.of("LD_LIBRARY_PATH", "/usr/lib/ardour7"));
        if (scan.exit() != 0) throw new IllegalStateException("ardour-vst3-scanner failed:\n" + scan.output());
    }

    record Result(int exit, String output) {}

    /** Creates session {@code name} at {@code rate} and {@code tempo} with Understudy on a MIDI track per name in {@code tracks}. */
    Path createSession(String name, int rate, double tempo, String... tracks) throws IOException, InterruptedException {
        final Path dir = work.resolve("sessions").resolve(name);
        for (int t = 0; t < tracks.length; t++) {
            final List<String> args = new ArrayList<>(List.of(dir.toString(), name, Integer.toString(rate), PLUGIN, Double.toString(tempo), tracks[t]));
            if (t == 0) {
                lua("create_session.lua", "UNDERSTUDY_CREATE_OK", args, () -> deleteTree(dir));      // a retry needs the folder gone
            } else {
                args.add("add");                                                                     // one track per run: see the script
                final Path backup = work.resolve(name + ".before-" + t);
                deleteTree(backup);
                copyTree(dir, backup);
                lua("create_session.lua", "UNDERSTUDY_CREATE_OK", args, () -> {                      // a retry starts from the saved session
                    deleteTree(dir);
                    copyTree(backup, dir);
                });
            }
        }

        return dir.resolve(name + ".ardour");
    }

    /** Exports samples [start, end) to {@code out}; saves the session afterwards when {@code save}. */
    Path export(Path session, long start, long end, String out, boolean save) throws IOException, InterruptedException {
        final String name = session.getFileName().toString().replace(".ardour", "");
        final Path dir = work.resolve("exports");
        lua("export_session.lua", save ? "UNDERSTUDY_SAVE_OK" : "UNDERSTUDY_EXPORT_OK", List.of(session.getParent().toString(), name,
                Long.toString(start), Long.toString(end), dir.toString(), out, FLOAT_PRESET, PLUGIN, save ? "save" : "nosave"),
                () -> deleteTree(dir.resolve(out + ".wav")));
        return dir.resolve(out + ".wav");
    }

    private static final Pattern CHUNK = Pattern.compile(
            "(<Processor[^>]*type=\"vst3\"[^>]*unique-id=\"" + PROCESSOR_CID + "\".*?<vst3[^>]*>)(.*?)(</vst3>)", Pattern.DOTALL);

    /** Replaces the state of the {@code index}-th Understudy (in track order) in a saved session with {@code component} (its getState blob). */
    static void setPluginState(Path session, int index, byte[] component) throws IOException {
        final String xml = Files.readString(session, StandardCharsets.UTF_8);
        final Matcher m = nth(CHUNK.matcher(xml), index, session);
        final String chunk = "<chunk>" + Base64.getEncoder().encodeToString(VstPresetChunk.of(PROCESSOR_CID, component)) + "</chunk>";
        Files.writeString(session, xml.substring(0, m.start(2)) + chunk + xml.substring(m.end(2)), StandardCharsets.UTF_8);
    }

    private static Matcher nth(Matcher m, int index, Path session) {
        for (int i = 0; i <= index; i++) if (!m.find()) throw new IllegalStateException("no Understudy processor number " + (index + 1) + " in " + session);
        return m;
    }

    /** The {@code index}-th Understudy's component state as Ardour saved it in {@code session}. */
    static byte[] pluginState(Path session, int index) throws IOException {
        final Matcher m = nth(CHUNK.matcher(Files.readString(session, StandardCharsets.UTF_8)), index, session);
        final Matcher c = Pattern.compile("<chunk>([^<]*)</chunk>").matcher(m.group(2));
        if (!c.find()) throw new IllegalStateException("the Understudy processor has no saved chunk");
        return VstPresetChunk.component(Base64.getDecoder().decode(c.group(1).trim()));
    }

    private interface Preparation {
        void run() throws IOException;
    }

    private void lua(String script, String sentinel, List<String> args, Preparation beforeEachAttempt)
            throws IOException, InterruptedException {
        final Path file = work.resolve(script);
        if (!Files.exists(file)) {
            try (InputStream in = Ardour.class.getResourceAsStream("/ardour/" + script)) {
                Files.copy(in, file);
            }
        }
        final List<String> command = new ArrayList<>(List.of(LUA.toString(), "--", file.toString()));
        command.addAll(args);
        Result last = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            beforeEachAttempt.run();
            last = run(command, Map.of());
            System.out.println("---- " + script + " " + args + " (exit " + last.exit() + ")\n" + last.output());
            if (last.output().contains(sentinel)) return;
            if (last.exit() != 134 && last.exit() != 139) break;    // only a teardown abort is worth a retry
        }
        throw new IllegalStateException(script + " did not print " + sentinel + " (exit " + last.exit() + "):\n" + last.output());
    }

    private Result run(List<String> command, Map<String, String> extra) throws IOException, InterruptedException {
        final ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        pb.environment().putAll(extra);
        pb.environment().remove("DISPLAY");
        final Process p = pb.start();
        final byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("timed out: " + command);
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator) Files.delete(f);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                final Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) Files.createDirectories(target);
                else Files.copy(f, target, StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }
}
