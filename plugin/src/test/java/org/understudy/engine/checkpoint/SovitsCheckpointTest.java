package org.understudy.engine.checkpoint;

import org.understudy.engine.Fixtures;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.understudy.engine.Npy;

/**
 * The v2Pro SoVITS fixture: the "05" header, root {@code archive/}, a pickled {@code utils.HParams}
 * config, and big weights that are views into shared storages at various offsets.
 */
class SovitsCheckpointTest {
    private static final String CASE = "sovits-v2pro-small";
    private static JsonNode manifest;
    private static Checkpoint ckpt;

    @BeforeAll
    static void open() throws Exception {
        manifest = Fixtures.manifest(CASE);
        ckpt = Checkpoint.open(Fixtures.path(CASE, "sovits_v2pro_small.pth"));
    }

    @Test
    void containerMatchesTheManifest() throws Exception {
        final JsonNode file = manifest.path("files").path("sovits_v2pro_small.pth");
        assertEquals(file.path("header").asText(), ckpt.versionCode().orElseThrow());
        assertEquals(file.path("zip_root").asText(), ckpt.zipRoot().orElseThrow());

        final MappedZip zip = MappedZip.open(ckpt.file());
        assertEquals("05", zip.versionCode().orElseThrow());
        assertEquals(file.path("zip_entries").asInt(), zip.names().size());
        assertEquals(file.path("storages").asInt(), zip.names().stream().filter(n -> n.startsWith("archive/data/")).count());
        assertEquals(file.path("tensor_references").asInt(), ckpt.keys().size());
        assertEquals(manifest.path("params").path("n_keys").asInt(), ckpt.keys().size());
    }

    @Test
    void isASovitsModelWhoseHParamsReadAsMaps() throws Exception {
        assertEquals(Checkpoint.Content.SOVITS, ckpt.content());
        assertEquals("a GPT-SoVITS SoVITS model (.pth, v2Pro)", ckpt.description());
        assertEquals("8epoch_96iteration", ckpt.value("info"));

        final Map<String, Object> expectedModel = Fixtures.asMap(manifest.path("params").path("config_model"));
        assertEquals(expectedModel, ckpt.map("config", "model"));
        assertEquals(List.copyOf(expectedModel.keySet()), List.copyOf(ckpt.map("config", "model").keySet()));
        assertEquals(Fixtures.asMap(manifest.path("params").path("config_data")), ckpt.map("config", "data"));
        assertEquals(64, ckpt.intValue("config", "model", "gin_channels"));
        assertEquals(List.of(List.of(1, 3, 5), List.of(1, 3, 5), List.of(1, 3, 5)), ckpt.value("config", "model", "resblock_dilation_sizes"));
        assertEquals(null, ckpt.value("config", "data", "mel_fmax"));
    }

    @Test
    void noKeyIsDroppedAndAllAreFloat16() throws Exception {
        long elements = 0;
        for (String key : ckpt.keys()) {
            assertEquals(DType.FLOAT16, ckpt.tensor(key).dtype(), key);
            assertFalse(key.startsWith("enc_q."), key); // savee drops the posterior encoder
            elements += ckpt.tensor(key).elementCount();
        }
        assertEquals(manifest.path("params").path("n_elements").asLong(), elements);
        assertEquals(List.of("enc_p.ssl_proj.weight", "enc_p.ssl_proj.bias", "enc_p.encoder_ssl.attn_layers.0.emb_rel_k"), ckpt.keys().subList(0, 3));
        assertTrue(ckpt.tensor("enc_p.ssl_proj.weight", 192, 768, 1).isContiguous());
    }

    /**
     * sv_proj = sv_emb.weight · sv + bias, ge = PReLU(ge_ref_enc + sv_proj), ge512 = ge_to512.weight · ge + bias.
     * The weights are views at offsets inside two shared storages, so a wrong offset or stride shows here.
     */
    @Test
    void sharedStorageViewsReproduceTheGoldenSpeakerPath() throws Exception {
        final double tolerance = 1e-4;
        final float[] sv = Npy.read(Fixtures.path(CASE, "sv_emb.npy")).toFloatArray();
        final float[] svProj = affine(ckpt.tensor("sv_emb.weight", 64, 20480), ckpt.tensor("sv_emb.bias", 64), sv);
        assertClose(Npy.read(Fixtures.path(CASE, "sv_proj.npy")).toFloatArray(), svProj, tolerance);

        final float[] refEnc = Npy.read(Fixtures.path(CASE, "ge_ref_enc.npy")).toFloatArray();
        final float[] slope = ckpt.tensor("prelu.weight", 64).toFloatArray();
        final float[] ge = new float[64];
        for (int c = 0; c < 64; c++) {
            final float x = refEnc[c] + svProj[c];
            ge[c] = x >= 0 ? x : slope[c] * x;
        }
        assertClose(Npy.read(Fixtures.path(CASE, "ge.npy")).toFloatArray(), ge, tolerance);

        final float[] ge512 = affine(ckpt.tensor("ge_to512.weight", 512, 64), ckpt.tensor("ge_to512.bias", 512), ge);
        assertClose(Npy.read(Fixtures.path(CASE, "ge512.npy")).toFloatArray(), ge512, tolerance);
    }

    private static float[] affine(Tensor weight, Tensor bias, float[] x) throws Exception {
        final float[] w = weight.toFloatArray(), b = bias.toFloatArray();
        final float[] y = new float[b.length];
        for (int r = 0; r < y.length; r++) {
            double sum = b[r];
            for (int c = 0; c < x.length; c++) sum += (double) w[r * x.length + c] * x[c];
            y[r] = (float) sum;
        }
        return y;
    }

    private static void assertClose(float[] expected, float[] actual, double tolerance) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], actual[i], tolerance, "element " + i);
    }
}
