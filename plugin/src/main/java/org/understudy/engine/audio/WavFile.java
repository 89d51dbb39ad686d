package org.understudy.engine.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * RIFF/WAVE files: reads PCM 16/24/32-bit and IEEE float 32/64 (plain or WAVE_FORMAT_EXTENSIBLE), any
 * rate and channel count; writes PCM 16/24 or float 32 with a BWF {@code bext} chunk and
 * {@code LIST/INFO} tags, atomically (a temporary file renamed into place, so a failed or cancelled
 * write never leaves a half-written file under the final name).
 */
public final class WavFile {
    /** Sample formats we write. */
    public enum Format {
        PCM16(1, 16), PCM24(1, 24), FLOAT32(3, 32);

        final int tag, bits;

        Format(int tag, int bits) {
            this.tag = tag;
            this.bits = bits;
        }
    }

    /** Decoded audio: samples[channel][frame] in [-1, 1], the rate, and the INFO/bext text found. */
    public record Audio(float[][] samples, int sampleRate, Map<String, String> info) {
        public int frames() {
            return samples[0].length;
        }
    }

    private WavFile() {}

    /** [any-thread] Reads a WAV; the exception message names the file and what is wrong with it. */
    public static Audio read(Path file) throws IOException {
        final ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < 12 || b.getInt(0) != 0x46464952 || b.getInt(8) != 0x45564157) {
            throw new IOException(file + ": not a WAV file (no RIFF/WAVE header)");
        }
        int tag = -1, channels = 0, rate = 0, bits = 0;
        ByteBuffer data = null;
        final Map<String, String> info = new LinkedHashMap<>();
        int pos = 12;
        while (pos + 8 <= b.limit()) {
            final String id = new String(new byte[] {b.get(pos), b.get(pos + 1), b.get(pos + 2), b.get(pos + 3)}, StandardCharsets.US_ASCII);
            final long size = Integer.toUnsignedLong(b.getInt(pos + 4));
            final int body = pos + 8;
            final int available = (int) Math.min(size, b.limit() - body);
            switch (id) {
                case "fmt " -> {
                    if (available < 16) throw new IOException(file + ": truncated fmt chunk");
                    tag = Short.toUnsignedInt(b.getShort(body));
                    channels = b.getShort(body + 2);
                    rate = b.getInt(body + 4);
                    bits = b.getShort(body + 14);
                    if (tag == 0xFFFE && available >= 26) tag = Short.toUnsignedInt(b.getShort(body + 24));   // extensible: sub-format GUID
                }
                case "data" -> data = b.slice(body, available).order(ByteOrder.LITTLE_ENDIAN);
                case "LIST" -> readInfo(b, body, available, info);
                case "bext" -> info.put("bext.description", text(b, body, Math.min(256, available)));
                default -> { }
            }
            pos = body + (int) Math.min(size + (size & 1), Integer.MAX_VALUE - body);
        }
        if (tag < 0) throw new IOException(file + ": no fmt chunk");
        if (data == null) throw new IOException(file + ": no data chunk");
        if (channels < 1 || rate < 1) throw new IOException(file + ": invalid format (" + channels + " channels at " + rate + " Hz)");
        final boolean floating = tag == 3;
        if (!(tag == 1 && (bits == 16 || bits == 24 || bits == 32)) && !(floating && (bits == 32 || bits == 64))) {
            throw new IOException(file + ": unsupported sample format (tag " + tag + ", " + bits + " bits); use PCM 16/24/32-bit or float");
        }
        final int bytes = bits / 8, frames = data.remaining() / (bytes * channels);
        final float[][] out = new float[channels][frames];
        for (int f = 0; f < frames; f++) {
            for (int c = 0; c < channels; c++) {
                final int at = (f * channels + c) * bytes;
                out[c][f] = switch (bits) {
                    case 16 -> data.getShort(at) / 32768f;
                    case 24 -> ((data.get(at) & 0xFF) | (data.get(at + 1) & 0xFF) << 8 | data.get(at + 2) << 16) / 8388608f;
                    case 32 -> floating ? data.getFloat(at) : data.getInt(at) / 2147483648f;
                    default -> (float) data.getDouble(at);
                };
            }
        }
        return new Audio(out, rate, info);
    }

    private static void readInfo(ByteBuffer b, int body, int size, Map<String, String> info) {
        if (size < 4 || b.getInt(body) != 0x4F464E49) return;                     // "INFO"
        int pos = body + 4;
        while (pos + 8 <= body + size) {
            final String key = new String(new byte[] {b.get(pos), b.get(pos + 1), b.get(pos + 2), b.get(pos + 3)}, StandardCharsets.US_ASCII);
            final int len = b.getInt(pos + 4);
            if (len < 0 || pos + 8 + len > body + size) return;
            info.put(key, text(b, pos + 8, len));
            pos += 8 + len + (len & 1);
        }
    }

    private static String text(ByteBuffer b, int at, int len) {
        final byte[] bytes = new byte[len];
        b.get(at, bytes);
        int end = 0;
        while (end < len && bytes[end] != 0) end++;
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    /**
     * [any-thread] Writes {@code samples[channel][frame]} atomically. {@code info} becomes LIST/INFO tags
     * (four-letter keys such as ICMT, ISFT, INAM); {@code description} goes into the BWF bext chunk.
     * PCM samples are clipped to full scale.
     */
    public static void write(Path file, float[][] samples, int rate, Format format, String description, Map<String, String> info)
            throws IOException {
        final int channels = samples.length, frames = samples[0].length, bytes = format.bits / 8;
        final byte[] bext = bext(description);
        final byte[] list = infoList(info);
        final long dataSize = (long) frames * channels * bytes;
        if (dataSize > 0xFFFFFFF0L - 1024) throw new IOException(file + ": too long for a WAV file (" + frames + " frames)");
        final ByteBuffer out = ByteBuffer.allocate((int) (12 + 8 + 16 + 8 + bext.length + list.length + 8 + dataSize + (dataSize & 1)))
                .order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(0x46464952).putInt(out.capacity() - 8).putInt(0x45564157);
        out.putInt(0x20746D66).putInt(16).putShort((short) format.tag).putShort((short) channels).putInt(rate)
                .putInt(rate * channels * bytes).putShort((short) (channels * bytes)).putShort((short) format.bits);
        out.putInt(0x74786562).putInt(bext.length).put(bext);                    // "bext"
        out.put(list);
        out.putInt(0x61746164).putInt((int) dataSize);                           // "data"
        for (int f = 0; f < frames; f++) {
            for (float[] channel : samples) {
                final float v = channel[f];
                switch (format) {
                    case PCM16 -> out.putShort((short) pcm(v, 32768));
                    case PCM24 -> {
                        final int s = pcm(v, 8388608);
                        out.put((byte) s).put((byte) (s >> 8)).put((byte) (s >> 16));
                    }
                    case FLOAT32 -> out.putFloat(v);
                }
            }
        }
        if ((dataSize & 1) == 1) out.put((byte) 0);
        final Path dir = file.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) throw new IOException(file + ": the folder does not exist");
        if (!Files.isWritable(dir)) throw new IOException(file + ": the folder is not writable");
        // a hidden sibling created as any new file is (the umask's permissions, not a temp file's 0600), then renamed
        final Path tmp = dir.resolve("." + file.getFileName() + "." + Long.toHexString(System.nanoTime()) + ".part");
        try {
            Files.write(tmp, out.array(), java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** A BWF bext chunk (version 1 layout, 602 bytes) holding the description. */
    /** {@code v × fullScale}, rounded and clipped: the inverse of {@link #read}'s scaling, so PCM survives a write and read unchanged. */
    private static int pcm(float v, int fullScale) {
        final long s = Math.round((double) v * fullScale);
        return (int) Math.max(-fullScale, Math.min(fullScale - 1, s));
    }

    private static byte[] bext(String description) {
        final ByteBuffer b = ByteBuffer.allocate(602).order(ByteOrder.LITTLE_ENDIAN);
        final byte[] d = description.getBytes(StandardCharsets.UTF_8);
        b.put(d, 0, Math.min(d.length, 255));
        final byte[] originator = "Understudy".getBytes(StandardCharsets.US_ASCII);
        b.put(256, originator);
        b.putShort(256 + 32 + 32 + 10 + 8 + 8, (short) 1);                      // version, after time reference
        return b.array();
    }

    private static byte[] infoList(Map<String, String> info) {
        if (info.isEmpty()) return new byte[0];
        int size = 4;
        final Map<String, byte[]> values = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : info.entrySet()) {
            if (e.getKey().length() != 4) throw new IllegalArgumentException("INFO keys have four letters: " + e.getKey());
            final byte[] v = (e.getValue() + "\0").getBytes(StandardCharsets.UTF_8);
            values.put(e.getKey(), v);
            size += 8 + v.length + (v.length & 1);
        }
        final ByteBuffer b = ByteBuffer.allocate(8 + size).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x5453494C).putInt(size).putInt(0x4F464E49);                   // "LIST", "INFO"
        for (Map.Entry<String, byte[]> e : values.entrySet()) {
            b.put(e.getKey().getBytes(StandardCharsets.US_ASCII)).putInt(e.getValue().length).put(e.getValue());
            if ((e.getValue().length & 1) == 1) b.put((byte) 0);
        }
        return b.array();
    }
}
