package org.understudy.engine.audio;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a WAV or FLAC file, whichever it is by its first bytes. [any-thread] */
public final class AudioFile {
    private AudioFile() {}

    public static WavFile.Audio read(Path file) throws IOException {
        final byte[] head = new byte[4];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, 4);
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": no such file");
        }
        final String magic = new String(head, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1);
        if (magic.equals("RIFF")) return WavFile.read(file);
        if (magic.equals("fLaC") || magic.startsWith("ID3")) return FlacFile.read(file);
        throw new IOException(file + ": not a WAV or FLAC file; convert it to WAV or FLAC first");
    }
}
