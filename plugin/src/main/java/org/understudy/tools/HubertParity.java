package org.understudy.tools;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.understudy.engine.Npy;
import org.understudy.engine.gptsovits.CnHubert;
import org.understudy.engine.onnx.SessionConfig;

/**
 * {@code parity hubert HF_DIR INPUT_DIR OUTPUT_DIR}: runs the HuBERT folder on {@code wav16k.npy} (the
 * hubert-small layout) and writes {@code extract_features}, {@code hidden_state_0..L} and
 * {@code last_hidden_state} [1, F, H] as .npy. Given {@code ref_16k.npy} instead (the pipeline-small
 * layout), it appends upstream's 9600 zeros first and also writes {@code ssl} [1, H, F].
 */
final class HubertParity {
    /** TTS._set_prompt_semantic appends int(32000 · 0.3) zeros to the 16 kHz reference. */
    private static final int APPENDED_ZEROS = 9600;

    private HubertParity() {}

    static void run(String[] args) throws Exception {
        if (args.length != 3) throw new IllegalArgumentException("parity hubert HF_DIR INPUT_DIR OUTPUT_DIR");
        final Path in = Path.of(args[1]), out = Path.of(args[2]);
        Files.createDirectories(out);
        final boolean reference = !Files.exists(in.resolve("wav16k.npy")) && Files.exists(in.resolve("ref_16k.npy"));
        float[] wav = Npy.read(in.resolve(reference ? "ref_16k.npy" : "wav16k.npy")).toFloatArray();
        if (reference) wav = Arrays.copyOf(wav, wav.length + APPENDED_ZEROS);
        try (CnHubert model = CnHubert.load(Path.of(args[0]), SessionConfig.defaults())) {
            final CnHubert.Features f = model.forward(wav);
            final int frames = f.frames(), h = model.config().hidden();
            Npy.write(out.resolve("extract_features.npy"), f.extractFeatures(), 1, frames, f.extractFeatures().length / frames);
            for (int i = 0; i < f.hiddenStates().size(); i++) Npy.write(out.resolve("hidden_state_" + i + ".npy"), f.hiddenStates().get(i), 1, frames, h);
            Npy.write(out.resolve("last_hidden_state.npy"), f.lastHiddenState(), 1, frames, h);
            if (reference) {
                final float[] ssl = new float[h * frames];                  // last_hidden_state.transpose(1, 2)
                for (int t = 0; t < frames; t++) for (int d = 0; d < h; d++) ssl[d * frames + t] = f.lastHiddenState()[t * h + d];
                Npy.write(out.resolve("ssl.npy"), ssl, 1, h, frames);
            }
            System.out.printf("%d samples → %d frames × %d; wrote %s%n", wav.length, frames, h, out);
        }
    }
}
