package org.understudy.engine.checkpoint;

import org.understudy.engine.Fixtures;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The same Hugging Face HuBERT weights as {@code pytorch_model.bin} (torch zip, fp32) and {@code model.safetensors}. */
class HubertCheckpointTest {
    private static final String CASE = "hubert-small";
    private static JsonNode manifest;
    private static Checkpoint bin;
    private static Checkpoint safetensors;

    @BeforeAll
    static void open() throws Exception {
        manifest = Fixtures.manifest(CASE);
        bin = Checkpoint.open(Fixtures.path(CASE, "chinese-hubert-base/pytorch_model.bin"));
        safetensors = Checkpoint.open(Fixtures.path(CASE, "chinese-hubert-base/model.safetensors"));
    }

    @Test
    void binContainerMatchesTheManifest() throws Exception {
        final JsonNode file = manifest.path("files").path("chinese-hubert-base/pytorch_model.bin");
        assertEquals(Checkpoint.Format.TORCH_ZIP, bin.format());
        assertTrue(bin.versionCode().isEmpty());
        assertEquals(file.path("zip_root").asText(), bin.zipRoot().orElseThrow());
        final MappedZip zip = MappedZip.open(bin.file());
        assertEquals(file.path("zip_entries").asInt(), zip.names().size());
        assertEquals(file.path("storages").asInt(), zip.names().stream().filter(n -> n.startsWith("pytorch_model/data/")).count());
        assertEquals(file.path("tensor_references").asInt(), bin.keys().size());
        assertEquals(Checkpoint.Content.STATE_DICT, bin.content());
        assertEquals(List.of("masked_spec_embed", "feature_extractor.conv_layers.0.conv.weight", "feature_extractor.conv_layers.0.layer_norm.weight"),
                bin.keys().subList(0, 3));
    }

    @Test
    void safetensorsKeepsHeaderOrderAndMetadata() throws Exception {
        assertEquals(Checkpoint.Format.SAFETENSORS, safetensors.format());
        assertEquals(Checkpoint.Content.STATE_DICT, safetensors.content());
        assertTrue(safetensors.zipRoot().isEmpty());
        assertEquals("pt", safetensors.value("__metadata__", "format"));
        assertEquals(headerKeysInFileOrder(safetensors.file()), safetensors.keys());
    }

    /** Both formats hold the same values; only the weight-norm names of the positional conv differ. */
    @Test
    void bothFormatsHoldIdenticalTensors() throws Exception {
        final List<String> renamed = new ArrayList<>();
        for (String key : bin.keys()) {
            final String other = key.replace("pos_conv_embed.conv.weight_g", "pos_conv_embed.conv.parametrizations.weight.original0")
                    .replace("pos_conv_embed.conv.weight_v", "pos_conv_embed.conv.parametrizations.weight.original1");
            renamed.add(other);
            final Tensor a = bin.tensor(key), b = safetensors.tensor(other);
            assertEquals(DType.FLOAT32, a.dtype(), key);
            assertEquals(DType.FLOAT32, b.dtype(), other);
            assertArrayEquals(a.shape(), b.shape(), key);
            assertArrayEquals(a.toFloatArray(), b.toFloatArray(), key);
        }
        assertEquals(renamed.stream().sorted().toList(), safetensors.keys().stream().sorted().toList());
    }

    @Test
    void shapesFollowTheConfig() throws Exception {
        final JsonNode config = manifest.path("params").path("config");
        final int hidden = config.path("hidden_size").asInt(), intermediate = config.path("intermediate_size").asInt();
        final int convChannels = config.path("conv_dim").path(0).asInt(), kernel = config.path("num_conv_pos_embeddings").asInt();
        final int groups = config.path("num_conv_pos_embedding_groups").asInt();
        for (Checkpoint ckpt : List.of(bin, safetensors)) {
            ckpt.tensor("encoder.layers.0.attention.q_proj.weight", hidden, hidden);
            ckpt.tensor("encoder.layers.1.feed_forward.intermediate_dense.weight", intermediate, hidden);
            ckpt.tensor("feature_projection.projection.weight", hidden, convChannels);
        }
        // weight norm over dim 2: g is [1, 1, k]
        bin.tensor("encoder.pos_conv_embed.conv.weight_g", 1, 1, kernel);
        bin.tensor("encoder.pos_conv_embed.conv.weight_v", hidden, hidden / groups, kernel);
    }

    @Test
    void contiguousFloat32TensorsAreViewsOfTheMapping() throws Exception {
        final Tensor conv = bin.tensor("feature_extractor.conv_layers.0.conv.weight", 32, 1, 10);
        assertArrayEquals(new long[] {10, 10, 1}, conv.strides());
        assertTrue(conv.isContiguous());
        assertTrue(conv.toFloatBuffer().isDirect());
        assertTrue(conv.toFloatBuffer().isReadOnly()); // a view of the mapping, not a copy
    }

    private static List<String> headerKeysInFileOrder(Path file) throws Exception {
        final String header;
        try (InputStream in = Files.newInputStream(file)) {
            final long length = ByteBuffer.wrap(in.readNBytes(8)).order(ByteOrder.LITTLE_ENDIAN).getLong();
            header = new String(in.readNBytes((int) length), StandardCharsets.UTF_8);
        }
        final List<String> keys = new ArrayList<>();
        final Matcher m = Pattern.compile("\"([^\"]+)\":\\{\"dtype\"").matcher(header);
        while (m.find()) keys.add(m.group(1));
        return keys;
    }
}
