package org.understudy.tools;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.understudy.engine.Npy;
import org.understudy.engine.checkpoint.Checkpoint;
import org.understudy.engine.gptsovits.ERes2NetV2;
import org.understudy.engine.gptsovits.SynthesizerTrn;
import org.understudy.engine.onnx.SessionConfig;

/**
 * {@code parity sovits PTH INPUT_DIR OUTPUT_DIR}: decodes {@code codes}, {@code text_ids} and
 * {@code ref_spec} (+ {@code sv_emb} for v2Pro) laid out like shared/fixtures/gpt-sovits/sovits-*-small,
 * noise scale 0, and writes ge, every intermediate and the audio as .npy.
 * {@code parity sv CKPT INPUT_DIR OUTPUT_DIR}: ERes2NetV2 on {@code fbank.npy}, writes {@code sv_emb.npy}.
 */
final class SovitsParity {
    private SovitsParity() {}

    static void sovits(String[] args) throws Exception {
        if (args.length != 3) throw new IllegalArgumentException("parity sovits PTH INPUT_DIR OUTPUT_DIR");
        final Path in = Path.of(args[1]), out = Path.of(args[2]);
        Files.createDirectories(out);
        try (SynthesizerTrn model = SynthesizerTrn.load(Checkpoint.open(Path.of(args[0])), SessionConfig.defaults())) {
            final Npy spec = Npy.read(in.resolve("ref_spec.npy"));
            final float[] sv = model.config().proVariant() ? Npy.read(in.resolve("sv_emb.npy")).toFloatArray() : null;
            final long[] codes = Npy.read(in.resolve("codes.npy")).toLongArray();
            final SynthesizerTrn.Decoded d = model.decode(codes, Npy.read(in.resolve("text_ids.npy")).toLongArray(),
                    List.of(new SynthesizerTrn.Reference(spec.toFloatArray(), (int) spec.shape()[1], sv)), 1f,
                    new float[model.config().inter() * SynthesizerTrn.frames(codes.length, 1f)], 0f);
            Npy.write(out.resolve("ge.npy"), d.ge(), 1, d.ge().length, 1);
            for (Map.Entry<String, float[]> e : d.intermediates().entrySet()) {
                final float[] v = e.getValue();
                final long rows = e.getKey().equals("audio") ? 1 : e.getKey().startsWith("encoder") || e.getKey().equals("mrte_out")
                        ? model.config().hidden() : model.config().inter();
                if (!e.getKey().equals("ge")) Npy.write(out.resolve(e.getKey() + ".npy"), v, 1, rows, v.length / rows);
            }
            System.out.printf("%s: decoded %d tokens to %d samples; wrote %s%n", model.config().version(), codes.length, d.audio().length, out);
        }
    }

    static void sv(String[] args) throws Exception {
        if (args.length != 3) throw new IllegalArgumentException("parity sv CKPT INPUT_DIR OUTPUT_DIR");
        final Path in = Path.of(args[1]), out = Path.of(args[2]);
        Files.createDirectories(out);
        try (ERes2NetV2 model = ERes2NetV2.load(Checkpoint.open(Path.of(args[0])), SessionConfig.defaults())) {
            final Npy fbank = Npy.read(in.resolve("fbank.npy"));
            final long frames = fbank.shape()[fbank.shape().length - 2];
            final float[] emb = model.embed(fbank.toFloatArray(), (int) frames);
            Npy.write(out.resolve("sv_emb.npy"), emb, 1, emb.length);
            System.out.printf("sv_emb [1, %d] from %d fbank frames; wrote %s%n", emb.length, frames, out);
        }
    }
}
