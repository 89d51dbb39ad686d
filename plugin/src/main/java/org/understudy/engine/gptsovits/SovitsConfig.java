package org.understudy.engine.gptsovits;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.understudy.engine.checkpoint.Checkpoint;
import org.understudy.engine.checkpoint.CheckpointException;

/**
 * The SoVITS sizes, from a .pth's pickled {@code hps.model} and its weight shapes. v1 uses all 1025
 * spectrogram bins for the style encoder, v2 and later the first 704.
 */
public record SovitsConfig(String version, int inter, int hidden, int filter, int heads, int layers, int kernel, int gin,
                           int symbols, int sslDim, int codebookSize, int styleBins, int upsampleInitialChannel,
                           List<Integer> upsampleRates, List<Integer> upsampleKernels, List<Integer> resblockKernels,
                           List<List<Integer>> resblockDilations) {
    public SovitsConfig {
        upsampleRates = List.copyOf(upsampleRates);
        upsampleKernels = List.copyOf(upsampleKernels);
        resblockKernels = List.copyOf(resblockKernels);
        resblockDilations = resblockDilations.stream().map(List::copyOf).toList();
    }

    /** Upstream's v2 model (configs/s2.json sizes, shared/research/gpt-sovits.md §6.1). */
    public static SovitsConfig upstreamV2() {
        return new SovitsConfig("v2", 192, 192, 768, 2, 6, 3, 512, 732, 768, 1024, 704, 512,
                List.of(10, 8, 2, 2, 2), List.of(16, 16, 8, 2, 2), List.of(3, 7, 11), List.of(List.of(1, 3, 5), List.of(1, 3, 5), List.of(1, 3, 5)));
    }

    /** Upstream's v2ProPlus sizes: a 1024-wide style vector and a 768-channel generator. */
    public static SovitsConfig upstreamV2ProPlus() {
        return new SovitsConfig("v2ProPlus", 192, 192, 768, 2, 6, 3, 1024, 732, 768, 1024, 704, 768,
                List.of(10, 8, 2, 2, 2), List.of(16, 16, 8, 2, 2), List.of(3, 7, 11), List.of(List.of(1, 3, 5), List.of(1, 3, 5), List.of(1, 3, 5)));
    }

    /** v2Pro and v2ProPlus add a speaker-verification embedding to the style vector. */
    public boolean proVariant() {
        return version.startsWith("v2Pro");
    }

    /** The speaker-verification embedding width of v2Pro/ProPlus (ERes2NetV2's fused feature). */
    public int speakerEmbedding() {
        return 20480;
    }

    /** Audio samples per semantic token: 2 frames per token × the product of the upsampling rates. */
    public int samplesPerToken() {
        return 2 * upsampleRates.stream().reduce(1, (a, b) -> a * b);
    }

    /** [any-thread] Reads the sizes; v1 is told by its 322-symbol text embedding, as upstream does. */
    public static SovitsConfig from(Checkpoint ckpt) throws CheckpointException {
        final Map<String, Object> m = ckpt.map("config", "model");
        final int symbols = (int) ckpt.tensor("enc_p.text_embedding.weight").shape()[0];
        final long[] codebook = ckpt.tensor("quantizer.vq.layers.0._codebook.embed").shape();
        final String version = symbols == 322 ? "v1" : !ckpt.contains("sv_emb.weight") ? "v2"
                : ckpt.versionCode().filter("06"::equals).isPresent() ? "v2ProPlus" : "v2Pro";
        return new SovitsConfig(version, ckpt.intValue("config", "model", "inter_channels"), ckpt.intValue("config", "model", "hidden_channels"),
                ckpt.intValue("config", "model", "filter_channels"), ckpt.intValue("config", "model", "n_heads"),
                ckpt.intValue("config", "model", "n_layers"), ckpt.intValue("config", "model", "kernel_size"),
                ckpt.intValue("config", "model", "gin_channels"), symbols, (int) codebook[1], (int) codebook[0],
                version.equals("v1") ? 1025 : 704, ckpt.intValue("config", "model", "upsample_initial_channel"),
                ints(m.get("upsample_rates")), ints(m.get("upsample_kernel_sizes")), ints(m.get("resblock_kernel_sizes")),
                ((List<?>) m.get("resblock_dilation_sizes")).stream().map(SovitsConfig::ints).toList());
    }

    private static List<Integer> ints(Object list) {
        final List<Integer> out = new ArrayList<>();
        for (Object o : (List<?>) list) out.add(((Number) o).intValue());
        return out;
    }
}
