package org.understudy.engine.checkpoint;

import org.understudy.engine.Fixtures;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.understudy.engine.Npy;

/** The T2S fixture {@code t2s-small/t2s_small.ckpt}, checked against its manifest, the upstream key layout and the goldens. */
class GptCheckpointTest {
    private static final String CASE = "t2s-small";
    private static JsonNode manifest;
    private static Checkpoint ckpt;

    @BeforeAll
    static void open() throws Exception {
        manifest = Fixtures.manifest(CASE);
        ckpt = Checkpoint.open(Fixtures.path(CASE, "t2s_small.ckpt"));
    }

    @Test
    void containerMatchesTheManifest() throws Exception {
        final JsonNode file = manifest.path("files").path("t2s_small.ckpt");
        assertEquals("PK", file.path("header").asText());
        assertTrue(ckpt.versionCode().isEmpty());
        assertEquals(Checkpoint.Format.TORCH_ZIP, ckpt.format());
        assertEquals(file.path("zip_root").asText(), ckpt.zipRoot().orElseThrow());

        final MappedZip zip = MappedZip.open(ckpt.file());
        assertEquals(file.path("zip_entries").asInt(), zip.names().size());
        final String dataFolder = ckpt.zipRoot().orElseThrow() + "/data/";
        assertEquals(file.path("storages").asInt(), zip.names().stream().filter(n -> n.startsWith(dataFolder)).count());
        assertEquals(file.path("tensor_references").asInt(), ckpt.keys().size());
    }

    @Test
    void isAGptModel() throws Exception {
        assertEquals(Checkpoint.Content.GPT, ckpt.content());
        assertEquals("GPT-e1", ckpt.value("info"));
        assertEquals(List.of("weight", "config", "info"), List.copyOf(ckpt.map().keySet()));
        assertSame(ckpt, ckpt.expectContent(Checkpoint.Content.GPT));
    }

    @Test
    void configModelEqualsTheManifestInOrder() throws Exception {
        final Map<String, Object> expected = Fixtures.asMap(manifest.path("params").path("config_model"));
        final Map<String, Object> model = ckpt.map("config", "model");
        assertEquals(expected, model);
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(model.keySet()));
        assertEquals(3, ckpt.intValue("config", "model", "n_layer"));
        assertEquals(96, ckpt.intValue("config", "model", "embedding_dim"));
        assertEquals(3, ckpt.intValue("config", "model", "head"));
        assertEquals(1025, ckpt.intValue("config", "model", "vocab_size"));
        assertEquals(732, ckpt.intValue("config", "model", "phoneme_vocab_size"));
        // the s1 yaml's sections in file order, then the fields s1_train.py adds
        assertEquals(List.of("train", "optimizer", "data", "model", "inference", "pretrained_s1", "train_semantic_path", "train_phoneme_path",
                "output_dir"), List.copyOf(ckpt.map("config").keySet()));
        assertEquals(Boolean.TRUE, ckpt.value("config", "train", "if_save_every_weights"));
        assertEquals(0.01, ckpt.value("config", "optimizer", "lr"));
    }

    /** Every key, in upstream's module order, with its shape from the config and type float16 (gpt-sovits.md §5.2). */
    @Test
    void everyTensorHasTheUpstreamKeyShapeAndType() throws Exception {
        final int width = ckpt.intValue("config", "model", "embedding_dim");
        final int layers = ckpt.intValue("config", "model", "n_layer");
        final int vocab = ckpt.intValue("config", "model", "vocab_size");
        final int phonemes = ckpt.intValue("config", "model", "phoneme_vocab_size");
        final int ffn = 4 * width;
        final Map<String, long[]> expected = new LinkedHashMap<>();
        expected.put("model.bert_proj.weight", new long[] {width, 1024});
        expected.put("model.bert_proj.bias", new long[] {width});
        expected.put("model.ar_text_embedding.word_embeddings.weight", new long[] {phonemes, width});
        expected.put("model.ar_text_position.alpha", new long[] {1});
        expected.put("model.ar_audio_embedding.word_embeddings.weight", new long[] {vocab, width});
        expected.put("model.ar_audio_position.alpha", new long[] {1});
        for (int i = 0; i < layers; i++) {
            final String layer = "model.h.layers." + i + ".";
            expected.put(layer + "self_attn.in_proj_weight", new long[] {3 * width, width});
            expected.put(layer + "self_attn.in_proj_bias", new long[] {3 * width});
            expected.put(layer + "self_attn.out_proj.weight", new long[] {width, width});
            expected.put(layer + "self_attn.out_proj.bias", new long[] {width});
            expected.put(layer + "linear1.weight", new long[] {ffn, width});
            expected.put(layer + "linear1.bias", new long[] {ffn});
            expected.put(layer + "linear2.weight", new long[] {width, ffn});
            expected.put(layer + "linear2.bias", new long[] {width});
            for (String norm : List.of("norm1", "norm2")) {
                expected.put(layer + norm + ".weight", new long[] {width});
                expected.put(layer + norm + ".bias", new long[] {width});
            }
        }
        expected.put("model.ar_predict_layer.weight", new long[] {vocab, width});

        assertEquals(new ArrayList<>(expected.keySet()), ckpt.keys());
        long parameters = 0;
        for (Map.Entry<String, long[]> e : expected.entrySet()) {
            final Tensor t = ckpt.tensor(e.getKey(), e.getValue());
            assertArrayEquals(e.getValue(), t.shape(), e.getKey());
            assertEquals(DType.FLOAT16, t.dtype(), e.getKey());
            assertTrue(t.isContiguous(), e.getKey());
            parameters += t.elementCount();
        }
        assertEquals(manifest.path("params").path("n_params").asLong(), parameters);
    }

    /** The audio rows of {@code xy_pos} are AudioEmb(prompt) + alpha_audio · PE(0..Tp-1), so they test the fp16 values. */
    @Test
    void audioEmbeddingRowsReproduceTheGoldenPrefillInput() throws Exception {
        final long[] prompt = Npy.read(Fixtures.path(CASE, "prompt_semantic_ids.npy")).toLongArray();
        final Npy xyPos = Npy.read(Fixtures.path(CASE, "xy_pos.npy"));
        final int width = (int) xyPos.shape()[1];
        final int textRows = (int) xyPos.shape()[0] - prompt.length;
        final float[] golden = xyPos.toFloatArray();
        final double tolerance = manifest.path("tolerances").path("xy_pos_max_abs").asDouble();
        for (int j = 0; j < prompt.length; j++) {
            final float[] row = audioInput(prompt[j], j, width);
            for (int c = 0; c < width; c++) assertEquals(golden[(textRows + j) * width + c], row[c], tolerance, "row " + j + ", column " + c);
        }
    }

    /** Each decode-step input is AudioEmb(token i) + alpha_audio · PE(Tp + i). */
    @Test
    void audioEmbeddingRowsReproduceTheGoldenStepInputs() throws Exception {
        final int promptLength = (int) Npy.read(Fixtures.path(CASE, "prompt_semantic_ids.npy")).shape()[0];
        final long[] generated = Npy.read(Fixtures.path(CASE, "generated_ids.npy")).toLongArray();
        final Npy stepInputs = Npy.read(Fixtures.path(CASE, "step_inputs.npy"));
        final int width = (int) stepInputs.shape()[1];
        final float[] golden = stepInputs.toFloatArray();
        final double tolerance = manifest.path("tolerances").path("xy_pos_max_abs").asDouble();
        for (int i = 0; i < stepInputs.shape()[0]; i++) {
            final float[] row = audioInput(generated[i], promptLength + i, width);
            for (int c = 0; c < width; c++) assertEquals(golden[i * width + c], row[c], tolerance, "step " + i + ", column " + c);
        }
    }

    /** AudioEmb(token) + alpha · pe[position], as upstream's SinePositionalEmbedding computes it in fp32. */
    private static float[] audioInput(long token, int position, int width) throws Exception {
        final float[] embedding = ckpt.tensor("model.ar_audio_embedding.word_embeddings.weight").toFloatArray();
        final float alpha = ckpt.tensor("model.ar_audio_position.alpha").toFloatArray()[0];
        final float scale = (float) -(Math.log(10000.0) / width);
        final float[] row = new float[width];
        for (int i = 0; i < width; i += 2) {
            final float angle = position * (float) Math.exp(i * scale);
            row[i] = embedding[(int) token * width + i] + alpha * (float) Math.sin(angle);
            row[i + 1] = embedding[(int) token * width + i + 1] + alpha * (float) Math.cos(angle);
        }
        return row;
    }
}
