package org.understudy.engine.preset;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.understudy.engine.Fixtures;

/**
 * A GPT-SoVITS install in upstream's layout, built from the real fixture checkpoints copied under
 * upstream-style names:
 * <ul>
 * <li>alice: GPT v2 at epochs 15 and 10, SoVITS v2 — a voice (epoch 15);</li>
 * <li>Bob: GPT v2, SoVITS v2Pro — a voice with id "bob";</li>
 * <li>carol: GPT v2 with a SoVITS v1 — incompatible phoneme sets;</li>
 * <li>dave: a SoVITS v2 with no GPT;</li>
 * <li>broken-e3.ckpt (not a checkpoint), stray_e2_s50.pth (a SoVITS model in a GPT folder),
 * frank_e2_s20_l32.pth (a v4 LoRA header), readme.txt (ignored);</li>
 * <li>HuBERT and BERT folders, no speaker-verification model; two of the five frontend files.</li>
 * </ul>
 */
public final class FakeGsvInstall {
    private FakeGsvInstall() {}

    public static Path gptV2() {
        return Fixtures.path("t2s-small", "t2s_small.ckpt");
    }

    public static Path sovitsV2() {
        return Fixtures.path("sovits-v2-small", "sovits_v2_small.pth");
    }

    public static Path build(Path root) throws IOException {
        copy(gptV2(), root.resolve("GPT_weights_v2/alice-e15.ckpt"));
        copy(gptV2(), root.resolve("GPT_weights_v2/alice-e10.ckpt"));
        copy(sovitsV2(), root.resolve("SoVITS_weights_v2/alice_e8_s200.pth"));
        copy(gptV2(), root.resolve("GPT_weights_v2Pro/Bob-e10.ckpt"));
        copy(Fixtures.path("sovits-v2pro-small", "sovits_v2pro_small.pth"), root.resolve("SoVITS_weights_v2Pro/Bob_e4_s100.pth"));
        copy(gptV2(), root.resolve("GPT_weights/carol-e5.ckpt"));
        copy(Fixtures.path("sovits-v1-small", "sovits_v1_small.pth"), root.resolve("SoVITS_weights/carol_e8_s96.pth"));
        copy(sovitsV2(), root.resolve("SoVITS_weights_v2/dave_e1_s10.pth"));
        Files.writeString(root.resolve("GPT_weights_v2/broken-e3.ckpt"), "this is not a checkpoint\n");
        copy(sovitsV2(), root.resolve("GPT_weights_v2/stray_e2_s50.pth"));
        final Path lora = root.resolve("SoVITS_weights_v4/frank_e2_s20_l32.pth");
        copy(sovitsV2(), lora);
        try (var ch = Files.newByteChannel(lora, StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap("04".getBytes(StandardCharsets.US_ASCII)));   // my_save2's v4-LoRA code over "PK"
        }
        Files.writeString(root.resolve("GPT_weights_v2/readme.txt"), "not a model\n");
        final Path models = root.resolve("GPT_SoVITS/pretrained_models");
        for (String hf : new String[] {"chinese-hubert-base", "chinese-roberta-wwm-ext-large"}) {
            for (String f : new String[] {"config.json", "pytorch_model.bin"}) copy(Fixtures.path("pipeline-small", hf + "/" + f), models.resolve(hf).resolve(f));
        }
        Files.createDirectories(models.resolve("sv"));
        Files.createDirectories(root.resolve("GPT_SoVITS/text"));
        Files.writeString(root.resolve("GPT_SoVITS/text/cmudict.rep"), "");
        Files.writeString(root.resolve("GPT_SoVITS/text/opencpop-strict.txt"), "");
        return root;
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to);
    }
}
