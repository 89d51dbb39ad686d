package org.understudy.tools;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.understudy.engine.Npy;
import org.understudy.engine.checkpoint.Checkpoint;
import org.understudy.engine.gptsovits.T2SSampler;
import org.understudy.engine.gptsovits.Text2SemanticDecoder;
import org.understudy.engine.onnx.SessionConfig;

/**
 * {@code parity t2s CHECKPOINT INPUT_DIR OUTPUT_DIR}: runs a greedy decode (top_k 1, penalty 1.35) on
 * inputs laid out like shared/fixtures/gpt-sovits/t2s-small ({@code prompt_phone_ids},
 * {@code target_phone_ids}, {@code bert_features}, {@code prompt_semantic_ids}; without the prompt
 * files it runs reference-free from {@code free_phone_ids} and {@code free_bert_features}) and writes
 * {@code prefill_hidden}, {@code prefill_logits}, {@code step_logits} and {@code generated_ids} as .npy,
 * to compare with upstream's goldens at any model size.
 */
final class T2SParity {
    private T2SParity() {}

    static void run(String[] args) throws Exception {
        if (args.length != 3) throw new IllegalArgumentException("parity t2s CHECKPOINT INPUT_DIR OUTPUT_DIR");
        final Path in = Path.of(args[1]), out = Path.of(args[2]);
        Files.createDirectories(out);
        final boolean prompted = Files.exists(in.resolve("prompt_phone_ids.npy"));
        final long[] phones, prompt;
        final float[] bert;
        if (prompted) {
            final long[] a = Npy.read(in.resolve("prompt_phone_ids.npy")).toLongArray(), b = Npy.read(in.resolve("target_phone_ids.npy")).toLongArray();
            phones = new long[a.length + b.length];
            System.arraycopy(a, 0, phones, 0, a.length);
            System.arraycopy(b, 0, phones, a.length, b.length);
            bert = Npy.read(in.resolve("bert_features.npy")).toFloatArray();
            prompt = Npy.read(in.resolve("prompt_semantic_ids.npy")).toLongArray();
        } else {
            phones = Npy.read(in.resolve("free_phone_ids.npy")).toLongArray();
            bert = Npy.read(in.resolve("free_bert_features.npy")).toFloatArray();
            prompt = new long[0];
        }
        try (Text2SemanticDecoder model = Text2SemanticDecoder.load(Checkpoint.open(Path.of(args[0])), SessionConfig.defaults())) {
            final int v = model.config().vocab(), d = model.config().width();
            final List<float[]> steps = new ArrayList<>();
            final float[][] hidden = new float[1][];
            final Text2SemanticDecoder.Result r = model.generate(phones, bert, prompt,
                    new T2SSampler(new T2SSampler.Settings(1, 1f, 1f, 1.35f), v, 0), Text2SemanticDecoder.MAX_STEPS,
                    new Text2SemanticDecoder.Observer() {
                        @Override public void prefill(float[] h) { hidden[0] = h; }
                        @Override public void step(int index, float[] raw) { steps.add(raw); }
                    });
            final float[] all = new float[steps.size() * v];
            for (int i = 0; i < steps.size(); i++) System.arraycopy(steps.get(i), 0, all, i * v, v);
            Npy.write(out.resolve("prefill_hidden.npy"), hidden[0], hidden[0].length / d, d);
            Npy.write(out.resolve("prefill_logits.npy"), steps.get(0), v);
            Npy.write(out.resolve("step_logits.npy"), all, steps.size(), v);
            Npy.write(out.resolve("generated_ids.npy"), r.tokens(), r.tokens().length);
            System.out.printf("%s: %d steps, %d tokens, stopped by %s; wrote %s%n", prompted ? "prompted" : "reference-free",
                    r.steps(), r.tokens().length, r.stoppedByEos() ? "EOS" : "the step cap", out);
        }
    }
}
