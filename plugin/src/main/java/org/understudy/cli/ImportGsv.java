package org.understudy.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.understudy.engine.preset.GsvInstall;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code understudy import-gsv}: a GPT-SoVITS install in, one preset per trained voice out. The
 * presets have no reference recording and no provenance yet, so they are refused until the user adds
 * both; the command ends by saying exactly that, per file.
 */
@Command(name = "import-gsv", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Imports the voices trained in a GPT-SoVITS install, one preset per voice.",
                "Reads every model in the GPT_weights* and SoVITS_weights* folders for its kind",
                "and version, pairs <name>-e<epoch>.ckpt with <name>_e<epoch>_s<step>.pth",
                "(highest epoch), and checks the pretrained models and the frontend data",
                "under GPT_SoVITS/. The presets still need a reference recording and",
                "provenance; the command ends by saying what to add to which file.",
                "Exit code 0 when a preset was written; 3 when the folder is not an install,",
                "no voice was found, or every preset already exists (see --force)."})
final class ImportGsv implements Callable<Integer> {
    @Parameters(paramLabel = "FOLDER", description = "The GPT-SoVITS install: the folder holding GPT_SoVITS/ and the weight folders.")
    Path folder;
    @Option(names = {"-o", "--output"}, defaultValue = "presets", paramLabel = "DIR",
            description = "Where to write <id>.json, created if missing (default: ${DEFAULT-VALUE}, the folder `render` and `voices` read).")
    Path output;
    @Option(names = "--force", description = "Overwrite presets that already exist (they are kept otherwise).")
    boolean force;
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        final PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        final GsvInstall.Scan scan;
        try {
            scan = GsvInstall.scan(folder);
        } catch (GsvInstall.NotAnInstallException e) {
            err.println("understudy: " + e.getMessage());
            return Understudy.BAD_INPUT;
        }
        out.println("GPT-SoVITS install " + scan.folder());
        out.println("pretrained models:");
        for (GsvInstall.Part p : scan.pretrained()) part(out, p);
        out.println("frontend data:");
        for (GsvInstall.Part p : scan.frontend()) part(out, p);
        out.println("weight folders: " + (scan.weightFolders().isEmpty() ? "none"
                : String.join(", ", scan.weightFolders().stream().map(f -> f.getFileName().toString()).toList())));
        for (GsvInstall.Skipped s : scan.skippedFiles()) {
            out.println("skipped " + scan.folder().relativize(s.file()) + ": " + s.reason());
        }
        for (String s : scan.skippedVoices()) out.println("skipped voice " + s);
        if (scan.voices().isEmpty()) {
            err.println("understudy: " + scan.folder() + ": no voice found: expected a GPT model <name>-e<epoch>.ckpt in a GPT_weights* folder"
                    + " and a SoVITS model <name>_e<epoch>_s<step>.pth of the same name in a SoVITS_weights* folder");
            err.flush();
            out.flush();
            return Understudy.BAD_INPUT;
        }

        final boolean sv = scan.pretrained().stream().anyMatch(p -> p.path().contains("/sv/") && p.present());
        final List<Path> written = new ArrayList<>();
        Files.createDirectories(output);
        for (GsvInstall.Voice v : scan.voices()) {
            final Path file = output.resolve(v.id() + ".json");
            out.printf(Locale.ROOT, "voice %s (%s): GPT %s %s, SoVITS %s %s%n", v.id(), v.version(), v.gpt().version(),
                    scan.folder().relativize(v.gpt().file()), v.sovits().version(), scan.folder().relativize(v.sovits().file()));
            if (!v.others().isEmpty()) {
                out.println("  other epochs, not used: " + String.join(", ", v.others().stream().map(w -> w.file().getFileName().toString()).toList()));
            }
            if (v.sovits().version().startsWith("v2Pro") && !sv) {
                out.println("  warning: " + v.sovits().version() + " needs the speaker-verification model, which is missing");
            }
            if (Files.exists(file) && !force) {
                out.println("  kept " + file + ": it exists (--force overwrites it)");
                continue;
            }
            Files.writeString(file, GsvInstall.presetJson(scan, v), StandardCharsets.UTF_8);
            out.println("  wrote " + file);
            written.add(file);
        }
        if (written.isEmpty()) {
            err.println("understudy: no preset written: every one already exists in " + output + " (--force overwrites them)");
            err.flush();
            out.flush();
            return Understudy.BAD_INPUT;
        }
        out.println();
        out.println("Next: each preset is refused until it has a reference recording and provenance. For each file:");
        for (Path f : written) {
            out.println("  add a reference recording (3-10 s) with its transcript and language to " + f
                    + " (gptSovits.references), and fill in provenance");
        }
        out.println("`understudy prepare-reference RECORDING -o reference.wav` makes a clean 3-10 s reference from any recording;");
        out.println("a reference is {\"audio\": \"reference.wav\", \"text\": \"what it says, word for word\", \"language\": \"en\"} (zh, en, ja, ko, yue or auto),");
        out.println("and provenance names the speaker, their consent and where the recordings come from.");
        out.flush();
        return 0;
    }

    private static void part(PrintWriter out, GsvInstall.Part p) {
        out.printf(Locale.ROOT, "  %-8s %s: %s%n", p.present() ? "present" : "MISSING", p.path(), p.purpose());
    }
}
