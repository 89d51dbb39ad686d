package org.understudy.engine.gptsovits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.understudy.engine.Fixtures;
import org.understudy.engine.checkpoint.CheckpointException;
import org.understudy.engine.onnx.SessionConfig;

/** Wrong or missing files in the HuBERT and BERT folders give messages that name the file. */
class HfFolderErrorsTest {
    private static final Path HUBERT = Fixtures.path("hubert-small", "chinese-hubert-base");
    private static final Path BERT = Fixtures.path("bert-small", "chinese-roberta-wwm-ext-large");
    private static final String HUBERT_FOLDER = "the chinese-hubert-base (HuBERT) folder";
    private static final String BERT_FOLDER = "the chinese-roberta-wwm-ext-large (BERT) folder";

    private static String hubertError(Path folder) {
        return assertThrows(CheckpointException.class, () -> CnHubert.load(folder, SessionConfig.cpu(1)).close()).getMessage();
    }

    private static String bertError(Path folder) {
        return assertThrows(CheckpointException.class, () -> ChineseBert.load(folder, SessionConfig.cpu(1)).close()).getMessage();
    }

    @Test
    void hubertFolderWithoutConfig(@TempDir Path dir) throws IOException {
        Files.copy(HUBERT.resolve("model.safetensors"), dir.resolve("model.safetensors"));
        assertEquals(dir.resolve("config.json") + ": is missing: " + HUBERT_FOLDER + " needs the config.json that came with its weights",
                hubertError(dir));
    }

    @Test
    void folderWithoutWeights(@TempDir Path dir) throws IOException {
        Files.copy(HUBERT.resolve("config.json"), dir.resolve("config.json"));
        assertEquals(dir + ": has no weights: expected model.safetensors or pytorch_model.bin next to config.json", hubertError(dir));
    }

    @Test
    void bertVocabularyOfAnotherModel(@TempDir Path dir) throws IOException {
        Files.copy(BERT.resolve("config.json"), dir.resolve("config.json"));
        Files.copy(BERT.resolve("model.safetensors"), dir.resolve("model.safetensors"));
        Files.write(dir.resolve("vocab.txt"), List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "的"));
        assertEquals(dir.resolve("vocab.txt") + ": has 6 tokens, but the model's word embedding (bert.embeddings.word_embeddings.weight"
                + " in model.safetensors) has 296 rows: the vocabulary belongs to another model", bertError(dir));
    }

    @Test
    void gptCheckpointGivenAsHubertFolder() {
        final Path ckpt = Fixtures.path("t2s-small", "t2s_small.ckpt");
        assertEquals(ckpt + ": is a GPT-SoVITS GPT model (.ckpt), not " + HUBERT_FOLDER
                + "; choose the folder that holds config.json and the weights", hubertError(ckpt));
    }

    @Test
    void sovitsCheckpointGivenAsBertFolder() {
        final Path pth = Fixtures.path("sovits-v2pro-small", "sovits_v2pro_small.pth");
        assertEquals(pth + ": is a GPT-SoVITS SoVITS model (.pth, v2Pro), not " + BERT_FOLDER
                + "; choose the folder that holds config.json and the weights", bertError(pth));
    }

    @Test
    void gptCheckpointRenamedAsTheWeights(@TempDir Path dir) throws IOException {
        Files.copy(HUBERT.resolve("config.json"), dir.resolve("config.json"));
        Files.copy(Fixtures.path("t2s-small", "t2s_small.ckpt"), dir.resolve("pytorch_model.bin"));
        assertEquals(dir.resolve("pytorch_model.bin") + ": expected a plain set of weights without a GPT-SoVITS config,"
                + " but this is a GPT-SoVITS GPT model (.ckpt)", hubertError(dir));
    }

    @Test
    void bertFolderGivenAsHubert() {
        assertEquals(BERT.resolve("config.json") + ": says model_type 'bert', but " + HUBERT_FOLDER + " holds a 'hubert' model",
                hubertError(BERT));
    }
}
