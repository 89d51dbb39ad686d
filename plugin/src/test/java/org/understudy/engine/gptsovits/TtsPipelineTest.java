package org.understudy.engine.gptsovits;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.understudy.engine.Fixtures;
import org.understudy.engine.Npy;
import org.understudy.engine.onnx.SessionConfig;

/**
 * The render path's own assembly (Tts: reference features from the WAV, prompt ++ target phones and
 * BERT, batched T2S, SoVITS) against pipeline-small's upstream goldens: greedy decoding and noise 0,
 * as the fixture ran it, with the phone ids and BERT features of the fixture (the frontend is tested
 * on its own goldens).
 */
class TtsPipelineTest {
    private static final String CASE = "pipeline-small";

    @TempDir
    Path install;

    private static Npy npy(String name) throws IOException {
        return Npy.read(Fixtures.path(CASE, name + ".npy"));
    }

    @Test
    void speakingTheFixtureGivesUpstreamsTokensAndAudio() throws Exception {
        final Path pretrained = install.resolve("GPT_SoVITS/pretrained_models");
        copyTree(Fixtures.path(CASE, "chinese-hubert-base"), pretrained.resolve("chinese-hubert-base"));
        try (Tts tts = Tts.load(Fixtures.path("t2s-small", "t2s_small.ckpt"), Fixtures.path("sovits-v2-small", "sovits_v2_small.pth"),
                new Tts.Install(install), SessionConfig.cpu(2))) {
            final Tts.ReferenceFeatures refs = tts.referenceFeatures(List.of(new Tts.Recording("ref.wav",
                    Fixtures.wavMono16(CASE, "ref.wav", 32000f), 32000)));
            assertArrayEquals(npy("prompt_semantic").toLongArray(), refs.promptTokens(), "prompt tokens from the WAV");

            final Tts.TextFeatures prompt = new Tts.TextFeatures(npy("prompt_phone_ids").toLongArray(), npy("prompt_bert").toFloatArray());
            final Tts.TextFeatures target = new Tts.TextFeatures(npy("target_phone_ids").toLongArray(), npy("target_bert").toFloatArray());
            final Tts.Settings greedyNoNoise = new Tts.Settings(new T2SSampler.Settings(1, 1f, 1f, 1.35f), 1f, Text2SemanticDecoder.MAX_STEPS, 0f);
            // three copies of the sentence, so batched rows and a refilled slot are exercised; each must be upstream's
            final List<Tts.Sentence> sentences = List.of(new Tts.Sentence(target, greedyNoNoise, 1), new Tts.Sentence(target, greedyNoNoise, 2),
                    new Tts.Sentence(target, greedyNoNoise, 3));
            final float[][] audio = new float[3][];
            final List<Integer> order = new ArrayList<>();
            tts.speak(prompt, refs, sentences, () -> false, (wave, i) -> {
                audio[i] = wave;
                order.add(i);
            });
            assertEquals(3, order.size());
            final float[] golden = npy("audio").toFloatArray();
            for (int i = 0; i < 3; i++) {
                assertEquals(golden.length, audio[i].length, "sentence " + i + ": audio length (so the same 60 semantic tokens)");
                double signal = 0, error = 0;
                for (int k = 0; k < golden.length; k++) {
                    signal += (double) golden[k] * golden[k];
                    error += (double) (golden[k] - audio[i][k]) * (golden[k] - audio[i][k]);
                }
                final double snr = 10 * Math.log10(signal / error);
                System.out.printf("Tts on pipeline-small, sentence %d: audio SNR %.1f dB against upstream%n", i, snr);
                assertTrue(snr >= 60, "sentence " + i + ": audio SNR " + snr + " dB");
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                final Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) Files.createDirectories(target);
                else Files.copy(f, target);
            }
        }
    }
}
