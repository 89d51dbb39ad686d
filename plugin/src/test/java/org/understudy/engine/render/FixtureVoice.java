package org.understudy.engine.render;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.understudy.engine.Fixtures;
import org.understudy.engine.text.FrontendFixtures;

/**
 * A GPT-SoVITS install laid out as upstream's, holding the fixture-sized real-format models (the
 * pipeline case's HuBERT and BERT, t2s-small, sovits-v2-small), and a voice preset for it whose
 * reference is the pipeline's 3.05 s recording.
 */
public final class FixtureVoice {
    private FixtureVoice() {}

    /** Builds the install under {@code dir}/gpt-sovits and writes {@code dir}/voices/fixture.json; returns the preset file. */
    public static Path create(Path dir) throws IOException {
        final Path install = dir.resolve("gpt-sovits"), pretrained = install.resolve("GPT_SoVITS/pretrained_models");
        copyTree(Fixtures.path("pipeline-small", "chinese-hubert-base"), pretrained.resolve("chinese-hubert-base"));
        copyTree(Fixtures.path("pipeline-small", "chinese-roberta-wwm-ext-large"), pretrained.resolve("chinese-roberta-wwm-ext-large"));
        Files.createDirectories(install.resolve("GPT_SoVITS"));
        Files.createSymbolicLink(install.resolve("GPT_SoVITS/text"), FrontendFixtures.gsvData().toAbsolutePath());
        final Path voices = Files.createDirectories(dir.resolve("voices"));
        Files.createDirectories(install.resolve("GPT_weights_v2"));
        Files.createDirectories(install.resolve("SoVITS_weights_v2"));
        Files.copy(Fixtures.path("t2s-small", "t2s_small.ckpt"), install.resolve("GPT_weights_v2/fixture-e15.ckpt"));
        Files.copy(Fixtures.path("sovits-v2-small", "sovits_v2_small.pth"), install.resolve("SoVITS_weights_v2/fixture_e8_s200.pth"));
        Files.copy(Fixtures.path("pipeline-small", "ref.wav"), voices.resolve("reference.wav"));
        final Path preset = voices.resolve("fixture.json");
        Files.writeString(preset, """
                {
                  "schema": "understudy-voice", "version": 1, "id": "fixture", "name": "Fixture voice", "engine": "gpt-sovits", "language": "en",
                  "gptSovits": {
                    "gpt": "../gpt-sovits/GPT_weights_v2/fixture-e15.ckpt",
                    "sovits": "../gpt-sovits/SoVITS_weights_v2/fixture_e8_s200.pth",
                    "install": "../gpt-sovits",
                    "references": [ { "audio": "reference.wav", "text": "The weather is lovely today, let us walk in the park", "language": "en" } ]
                  },
                  "inference": { "seed": 7 },
                  "loudness": { "targetLufs": -20, "truePeakDbtp": -1 },
                  "provenance": { "speaker": "nobody: random weights", "consent": "not a person", "source": "Understudy test fixtures" }
                }
                """);
        return preset;
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                final Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) Files.createDirectories(target);
                else Files.copy(f, target);
            }
        }
    }
}
