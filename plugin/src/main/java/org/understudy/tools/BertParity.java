package org.understudy.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.understudy.engine.Npy;
import org.understudy.engine.gptsovits.ChineseBert;
import org.understudy.engine.onnx.SessionConfig;

/**
 * {@code parity bert HF_DIR INPUT_DIR OUTPUT_DIR}: tokenizes the text of a bert-small-style input
 * folder ({@code manifest.json} {@code params.text}, {@code word2ph.npy}; or the pipeline-small layout,
 * {@code params.prompt_text} with {@code prompt_word2ph.npy}), runs the BERT folder and writes
 * {@code input_ids}, {@code embeddings_out} and {@code hidden_states_m3} [1, T, H] and
 * {@code phone_features} [H, sum(word2ph)] as .npy.
 */
final class BertParity {
    private BertParity() {}

    static void run(String[] args) throws Exception {
        if (args.length != 3) throw new IllegalArgumentException("parity bert HF_DIR INPUT_DIR OUTPUT_DIR");
        final Path in = Path.of(args[1]), out = Path.of(args[2]);
        Files.createDirectories(out);
        final JsonNode params = new ObjectMapper().readTree(in.resolve("manifest.json").toFile()).path("params");
        final boolean pipeline = !params.has("text");
        final String text = params.path(pipeline ? "prompt_text" : "text").asText();
        final int[] word2ph = Arrays.stream(Npy.read(in.resolve(pipeline ? "prompt_word2ph.npy" : "word2ph.npy")).toLongArray())
                .mapToInt(n -> (int) n).toArray();
        try (ChineseBert bert = ChineseBert.load(Path.of(args[0]), SessionConfig.defaults())) {
            final long[] ids = bert.tokenizer().encode(text);
            final int h = bert.config().hidden(), phones = Arrays.stream(word2ph).sum();
            final ChineseBert.Hidden hidden = bert.forward(ids);
            Npy.write(out.resolve("input_ids.npy"), ids, 1, ids.length);
            Npy.write(out.resolve("embeddings_out.npy"), hidden.embeddings(), 1, ids.length, h);
            Npy.write(out.resolve("hidden_states_m3.npy"), hidden.hiddenStatesM3(), 1, ids.length, h);
            Npy.write(out.resolve("phone_features.npy"), bert.phoneFeatures(text, word2ph), h, phones);
            System.out.printf("'%s': %d tokens, %d phones × %d; wrote %s%n", text, ids.length, phones, h, out);
        }
    }
}
