package org.understudy.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.understudy.engine.audio.AudioFile;
import org.understudy.engine.audio.Loudness;
import org.understudy.engine.audio.ReferenceAnalysis;
import org.understudy.engine.audio.TruePeak;
import org.understudy.engine.audio.WavFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code understudy prepare-reference}: a recording in, a clean 3–10 s reference out. Mixes to mono,
 * trims silence at the edges, measures clipping and noise, enforces upstream's 3–10 s window
 * (proposing the best span of a longer recording and using it on request), normalises loudness.
 */
@Command(name = "prepare-reference", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Prepares a reference recording (WAV or FLAC, any rate, mono or stereo) for voice cloning:",
                "mono, edges trimmed, 3-10 s, loudness normalised. Prints what it measured and any warnings."})
final class PrepareReference implements Callable<Integer> {
    static final double MIN_SECONDS = 3, MAX_SECONDS = 10;

    @Parameters(paramLabel = "RECORDING", description = "The recording to prepare.")
    Path input;
    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "The prepared reference (WAV, 32-bit float, the recording's rate).")
    Path output;
    @Option(names = "--use-best-span", description = "For a recording longer than 10 s, keep the proposed best 3-10 s span.")
    boolean useBestSpan;
    @Option(names = "--lufs", defaultValue = "-20", paramLabel = "LUFS", description = "Loudness of the prepared reference (default: ${DEFAULT-VALUE}).")
    double lufs;
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        final PrintWriter out = spec.commandLine().getOut(), err = spec.commandLine().getErr();
        final WavFile.Audio audio = AudioFile.read(input);
        final int rate = audio.sampleRate();
        final float[] mono = new float[audio.frames()];
        for (float[] channel : audio.samples()) {
            for (int i = 0; i < mono.length; i++) mono[i] += channel[i] / audio.samples().length;
        }
        final ReferenceAnalysis.Report r = ReferenceAnalysis.analyse(mono, rate);
        out.printf(Locale.ROOT, "%s: %.2f s, %d Hz, %d channel(s); peak %.1f dBFS, noise floor %.1f dBFS, speech %.1f dBFS (SNR %.1f dB); speech %.2f-%.2f s%n",
                input, r.seconds(), rate, audio.samples().length, 20 * Math.log10(Math.max(r.peak(), 1e-9)), r.noiseFloorDb(), r.speechLevelDb(),
                r.snrDb(), (double) r.speechStart() / rate, (double) r.speechEnd() / rate);
        for (String w : r.warnings()) err.println("warning: " + w);
        if (r.warnings().stream().anyMatch(w -> w.startsWith("no speech"))) {
            err.println("understudy: " + input + ": no speech found; record the speaker again");
            return Understudy.BAD_INPUT;
        }
        int start = r.speechStart(), end = r.speechEnd();
        double seconds = (double) (end - start) / rate;
        if (seconds > MAX_SECONDS) {
            if (r.best() == null) {
                err.printf(Locale.ROOT, "understudy: %.2f s of speech is longer than %.0f s and no good span was found; cut the recording to %.0f-%.0f s%n", seconds, MAX_SECONDS, MIN_SECONDS, MAX_SECONDS);
                return Understudy.BAD_INPUT;
            }
            final String span = String.format(Locale.ROOT, "%.2f-%.2f s (%.0f %% speech, SNR %.1f dB)", (double) r.best().start() / rate,
                    (double) r.best().end() / rate, 100 * r.best().activeShare(), r.best().snrDb());
            if (!useBestSpan) {
                err.printf(Locale.ROOT, "understudy: %.2f s of speech is longer than upstream's %.0f s; the best span is %s. Rerun with --use-best-span to use it.%n", seconds, MAX_SECONDS, span);
                return Understudy.BAD_INPUT;
            }
            out.println("using the best span " + span);
            start = r.best().start();
            end = r.best().end();
            seconds = (double) (end - start) / rate;
        }
        if (seconds < MIN_SECONDS) {
            err.printf(Locale.ROOT, "understudy: only %.2f s of speech; a reference needs %.0f-%.0f s%n", seconds, MIN_SECONDS, MAX_SECONDS);
            return Understudy.BAD_INPUT;
        }
        final float[] x = Arrays.copyOfRange(mono, start, end);
        final double measured = Loudness.integrated(x, rate);
        if (Double.isFinite(measured)) {
            final float gain = (float) Math.pow(10, (lufs - measured) / 20);
            for (int i = 0; i < x.length; i++) x[i] *= gain;
        }
        TruePeak.limit(x, rate, -1, 1.5, 50);
        final int fade = Math.min(x.length / 2, rate / 100);              // 10 ms, so the cut edges do not click
        for (int i = 0; i < fade; i++) {
            x[i] *= (float) i / fade;
            x[x.length - 1 - i] *= (float) i / fade;
        }
        WavFile.write(output, new float[][] {x}, rate, WavFile.Format.FLOAT32, "Reference prepared by Understudy from " + input.getFileName(),
                Map.of("ISFT", "Understudy", "ICMT", String.format(Locale.ROOT, "from %s, %.2f-%.2f s", input.getFileName(), (double) start / rate, (double) end / rate)));
        out.printf(Locale.ROOT, "wrote %s: %.2f s at %.1f LUFS%n", output, seconds, Loudness.integrated(x, rate));
        out.flush();
        return 0;
    }
}
