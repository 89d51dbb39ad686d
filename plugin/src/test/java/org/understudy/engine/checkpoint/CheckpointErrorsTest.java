package org.understudy.engine.checkpoint;

import org.understudy.engine.Fixtures;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Every error names the file and says what is wrong, in the exact words a user will see. */
class CheckpointErrorsTest {
    private static final String NOT_A_CHECKPOINT = ": is not a model checkpoint: expected a PyTorch file (.ckpt, .pth, .bin) or a safetensors file, but ";
    private static final String COPY_AGAIN = ". Copy or download it again.";

    @TempDir
    Path dir;

    private static Path gpt() {
        return Fixtures.path("t2s-small", "t2s_small.ckpt");
    }

    private static Path sovits() {
        return Fixtures.path("sovits-v2pro-small", "sovits_v2pro_small.pth");
    }

    private static Path safetensors() {
        return Fixtures.path("hubert-small", "chinese-hubert-base/model.safetensors");
    }

    @Test
    void aTextFileIsNotACheckpoint() throws Exception {
        final Path file = Files.writeString(dir.resolve("notes.ckpt"), "These are my notes, not a model.\n");
        assertOpenFails(file + NOT_A_CHECKPOINT + "it is a text file", file);
    }

    @Test
    void aWavFileIsNotACheckpoint() throws Exception {
        final ByteBuffer wav = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36).put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16)
                .putShort((short) 1).putShort((short) 1).putInt(32000).putInt(64000).putShort((short) 2).putShort((short) 16)
                .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(0);
        final Path file = Files.write(dir.resolve("reference.pth"), wav.array());
        assertOpenFails(file + NOT_A_CHECKPOINT + "it is a WAV audio file", file);
    }

    @Test
    void emptyAndLegacyFilesAreNamedAsSuch() throws Exception {
        final Path empty = Files.write(dir.resolve("empty.ckpt"), new byte[0]);
        assertOpenFails(empty + NOT_A_CHECKPOINT + "it is empty", empty);
        final Path legacy = Files.write(dir.resolve("old.pth"), new byte[] {(byte) 0x80, 2, (byte) 0x8a, 10, 0x6c, (byte) 0xfc, (byte) 0x9c});
        assertOpenFails(legacy + NOT_A_CHECKPOINT + "it is a bare pickle, PyTorch's format from before version 1.6, which Understudy does not read;"
                + " load it and save it again with a current PyTorch", legacy);
    }

    @Test
    void foldersAndMissingFilesAreNamedAsSuch() throws Exception {
        final Path folder = safetensors().getParent();
        assertOpenFails(folder + ": is a folder; choose the model file inside it (for example model.safetensors or pytorch_model.bin)", folder);
        final Path missing = dir.resolve("nowhere.ckpt");
        assertOpenFails(missing + ": does not exist", missing);
    }

    @Test
    void aTruncatedTorchFileSaysSo() throws Exception {
        final byte[] whole = Files.readAllBytes(gpt());
        final Path file = Files.write(dir.resolve("half.ckpt"), Arrays.copyOf(whole, whole.length / 2));
        assertOpenFails(file + ": the file is cut short (truncated): the zip directory at its end is missing" + COPY_AGAIN, file);
    }

    @Test
    void aTruncatedSafetensorsFileSaysSo() throws Exception {
        final byte[] whole = Files.readAllBytes(safetensors());
        final long headerLength = ByteBuffer.wrap(whole, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();

        final Path inHeader = Files.write(dir.resolve("header.safetensors"), Arrays.copyOf(whole, 1000));
        assertOpenFails(inHeader + ": the file is cut short (truncated): its safetensors header needs " + headerLength
                + " bytes but the file has 992 after the length" + COPY_AGAIN, inHeader);

        final int cut = whole.length - 1000;
        final Path inData = Files.write(dir.resolve("data.safetensors"), Arrays.copyOf(whole, cut));
        final JsonNode header = new ObjectMapper().readTree(new String(whole, 8, (int) headerLength, StandardCharsets.UTF_8));
        String firstCut = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext() && firstCut == null;) {
            final Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().has("data_offsets") && 8 + headerLength + e.getValue().path("data_offsets").path(1).asLong() > cut) firstCut = e.getKey();
        }
        assertOpenFails(inData + ": the file is cut short (truncated): tensor '" + firstCut + "' ends past the end of the file" + COPY_AGAIN, inData);
    }

    @Test
    void zip64IsRefusedByName() throws Exception {
        final byte[] bytes = Files.readAllBytes(gpt());
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(bytes.length - 22 + 16, 0xffffffff); // end record: directory offset
        final Path file = Files.write(dir.resolve("zip64.ckpt"), bytes);
        assertOpenFails(file + ": ZIP64 archives (over 4 GB or 65535 entries) are not supported", file);
    }

    @Test
    void anUnknownSafetensorsTypeIsRefusedByName() throws Exception {
        final Path file = SafetensorsTest.writeSafetensors(dir.resolve("fp8.safetensors"), "{\"w\":{\"dtype\":\"F8_E4M3\",\"shape\":[2],\"data_offsets\":[0,2]}}", new byte[2]);
        assertOpenFails(file + ": tensor 'w' has type F8_E4M3, which Understudy does not read (it reads F64, F32, F16, BF16, I64, I32, I16, I8, U8 and BOOL)",
                file);
    }

    @Test
    void aMissingKeyNamesFileAndKey() throws Exception {
        final Checkpoint ckpt = Checkpoint.open(gpt());
        assertFails(gpt() + ": has no tensor 'model.h.layers.3.linear1.weight' (it holds 43 tensors; is it the right model?)",
                () -> ckpt.tensor("model.h.layers.3.linear1.weight"));
    }

    @Test
    void aWrongShapeNamesFileKeyAndBothShapes() throws Exception {
        final Checkpoint ckpt = Checkpoint.open(gpt());
        assertFails(gpt() + ": tensor 'model.bert_proj.weight' has shape [96, 1024], expected [512, 1024]",
                () -> ckpt.tensor("model.bert_proj.weight", 512, 1024));
    }

    @Test
    void configPathsThatAreMissingOrOfTheWrongTypeSayWhich() throws Exception {
        final Checkpoint ckpt = Checkpoint.open(gpt());
        assertFails(gpt() + ": has no value config.model.n_layers (config.model has no 'n_layers')", () -> ckpt.intValue("config", "model", "n_layers"));
        assertFails(gpt() + ": has no value lora_rank", () -> ckpt.value("lora_rank"));
        assertFails(gpt() + ": info is a string (GPT-e1), expected an integer", () -> ckpt.intValue("info"));
        assertFails(gpt() + ": config.model.head is an integer, expected a map", () -> ckpt.map("config", "model", "head"));
    }

    @Test
    void aSovitsFileWhereAGptFileIsExpected() throws Exception {
        final Checkpoint ckpt = Checkpoint.open(sovits());
        assertFails(sovits() + ": expected a GPT-SoVITS GPT model (.ckpt), but this is a GPT-SoVITS SoVITS model (.pth, v2Pro)",
                () -> ckpt.expectContent(Checkpoint.Content.GPT));
    }

    @Test
    void aGptFileWhereASovitsFileIsExpected() throws Exception {
        final Checkpoint ckpt = Checkpoint.open(gpt());
        assertFails(gpt() + ": expected a GPT-SoVITS SoVITS model (.pth), but this is a GPT-SoVITS GPT model (.ckpt)",
                () -> ckpt.expectContent(Checkpoint.Content.SOVITS));
    }

    @Test
    void aRenamedSafetensorsFileIsReadByContentAndRefusedAsGpt() throws Exception {
        final Path file = Files.copy(safetensors(), dir.resolve("voice.ckpt"));
        final Checkpoint ckpt = Checkpoint.open(file);
        assertEquals(Checkpoint.Format.SAFETENSORS, ckpt.format());
        assertFails(file + ": expected a GPT-SoVITS GPT model (.ckpt), but this is a safetensors file (plain weights without a GPT-SoVITS config)",
                () -> ckpt.expectContent(Checkpoint.Content.GPT));
    }

    private static void assertOpenFails(String expected, Path file) {
        assertFails(expected, () -> Checkpoint.open(file));
    }

    private static void assertFails(String expected, Executable action) {
        assertEquals(expected, assertThrows(CheckpointException.class, action).getMessage());
    }
}
