package org.understudy.engine.audio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A FLAC decoder (RFC 9639): STREAMINFO, frames with constant, verbatim, fixed and LPC subframes,
 * Rice-coded residuals, stereo decorrelation; frame CRCs and the stream's MD5 are checked, so a
 * damaged file is refused rather than decoded into noise. Vorbis comments become {@code info}.
 * [any-thread]
 */
public final class FlacFile {
    private static final int[] RATES = {0, 88200, 176400, 192000, 8000, 16000, 22050, 24000, 32000, 44100, 48000, 96000};
    private static final int[] SIZES = {0, 8, 12, 0, 16, 20, 24, 32};

    private final Path file;
    private final byte[] data;
    private int pos;      // bit position
    private int rate, channels, bits;
    private long total;
    private byte[] md5 = new byte[16];

    private FlacFile(Path file, byte[] data) {
        this.file = file;
        this.data = data;
    }

    /** [any-thread] Decodes a FLAC file; the exception message names the file and what is wrong with it. */
    public static WavFile.Audio read(Path file) throws IOException {
        return new FlacFile(file, Files.readAllBytes(file)).decode();
    }

    private IOException bad(String problem) {
        return new IOException(file + ": " + problem);
    }

    private WavFile.Audio decode() throws IOException {
        int start = 0;
        if (data.length >= 10 && data[0] == 'I' && data[1] == 'D' && data[2] == '3') {   // an ID3v2 tag before the stream
            start = 10 + ((data[6] & 0x7F) << 21 | (data[7] & 0x7F) << 14 | (data[8] & 0x7F) << 7 | (data[9] & 0x7F));
        }
        if (data.length < start + 4 || data[start] != 'f' || data[start + 1] != 'L' || data[start + 2] != 'a' || data[start + 3] != 'C') {
            throw bad("not a FLAC file (no fLaC marker)");
        }
        pos = (start + 4) * 8;
        final Map<String, String> info = new LinkedHashMap<>();
        boolean last = false, streamInfo = false;
        while (!last) {
            need(4);
            last = bits(1) == 1;
            final int type = (int) bits(7);
            final int length = (int) bits(24);
            need(length);
            final int body = pos;
            if (type == 0) {
                if (length < 34) throw bad("STREAMINFO is too short");
                bits(16);
                bits(16);
                bits(24);
                bits(24);
                rate = (int) bits(20);
                channels = (int) bits(3) + 1;
                this.bits = (int) bits(5) + 1;
                total = bits(36);
                for (int i = 0; i < 16; i++) md5[i] = (byte) bits(8);
                streamInfo = true;
            } else if (type == 4) {
                comments(body / 8, length, info);
            }
            pos = body + length * 8;
        }
        if (!streamInfo) throw bad("no STREAMINFO block");
        if (rate == 0) throw bad("STREAMINFO gives no sample rate");
        int capacity = total > 0 ? (int) Math.min(total, Integer.MAX_VALUE - 8) : 1 << 16;
        int[][] pcm = new int[channels][capacity];
        int frames = 0;
        while (pos / 8 + 2 <= data.length && !(total > 0 && frames >= total)) {   // trailing tags after the last frame are ignored
            final int[][] block = frame(frames);
            if (block == null) break;
            if (frames + block[0].length > capacity) {
                capacity = Math.max(capacity * 2, frames + block[0].length);
                for (int c = 0; c < channels; c++) pcm[c] = Arrays.copyOf(pcm[c], capacity);
            }
            for (int c = 0; c < channels; c++) System.arraycopy(block[c], 0, pcm[c], frames, block[c].length);
            frames += block[0].length;
        }
        if (total > 0 && frames != total) throw bad("truncated: " + frames + " of " + total + " samples per channel decoded");
        checkMd5(pcm, frames);
        final float[][] out = new float[channels][frames];
        final double scale = 1.0 / (1L << (this.bits - 1));
        for (int c = 0; c < channels; c++) {
            for (int f = 0; f < frames; f++) out[c][f] = (float) (pcm[c][f] * scale);
        }
        return new WavFile.Audio(out, rate, info);
    }

    /** One frame, or null at the end of the stream. */
    private int[][] frame(int at) throws IOException {
        pos = (pos + 7) & ~7;
        final int begin = pos / 8;
        if (begin + 2 > data.length) return null;
        if ((data[begin] & 0xFF) != 0xFF || (data[begin + 1] & 0xFE) != 0xF8) {
            throw bad("damaged: no frame sync after sample " + at);
        }
        need(4);
        bits(16);
        final int sizeCode = (int) bits(4), rateCode = (int) bits(4), assignment = (int) bits(4), depthCode = (int) bits(3);
        bits(1);
        codedNumber();
        int size = switch (sizeCode) {
            case 1 -> 192;
            case 2, 3, 4, 5 -> 576 << (sizeCode - 2);
            case 6 -> (int) bits(8) + 1;
            case 7 -> (int) bits(16) + 1;
            default -> sizeCode >= 8 ? 256 << (sizeCode - 8) : -1;
        };
        if (size < 0) throw bad("damaged: reserved block size in the frame after sample " + at);
        if (rateCode == 12) bits(8);
        else if (rateCode == 13 || rateCode == 14) bits(16);
        else if (rateCode == 15) throw bad("damaged: invalid sample rate code in the frame after sample " + at);
        final int depth = depthCode == 0 ? bits : SIZES[depthCode];
        if (depth == 0) throw bad("damaged: reserved sample size in the frame after sample " + at);
        if (depth != bits) throw bad("the bit depth changes mid-stream, which is not supported");
        final int crc8 = (int) bits(8);
        if (crc8 != crc8(begin, pos / 8 - 1)) throw bad("damaged: header checksum mismatch in the frame after sample " + at);
        final int n = assignment < 8 ? assignment + 1 : 2;
        if (assignment > 10) throw bad("damaged: reserved channel assignment in the frame after sample " + at);
        if (n != channels) throw bad("the channel count changes mid-stream, which is not supported");
        final int[][] out = new int[n][size];
        for (int c = 0; c < n; c++) {
            final boolean side = (assignment == 8 && c == 1) || (assignment == 9 && c == 0) || (assignment == 10 && c == 1);
            subframe(out[c], depth + (side ? 1 : 0), at);
        }
        pos = (pos + 7) & ~7;
        need(2);
        final int crc16 = (int) bits(16);
        if (crc16 != crc16(begin, pos / 8 - 2)) throw bad("damaged: frame checksum mismatch after sample " + at);
        for (int i = 0; i < size; i++) {
            switch (assignment) {
                case 8 -> out[1][i] = out[0][i] - out[1][i];
                case 9 -> out[0][i] = out[0][i] + out[1][i];
                case 10 -> {
                    final long mid = ((long) out[0][i] << 1) | (out[1][i] & 1);
                    final int sideValue = out[1][i];
                    out[0][i] = (int) ((mid + sideValue) >> 1);
                    out[1][i] = (int) ((mid - sideValue) >> 1);
                }
                default -> { }
            }
        }
        return out;
    }

    private void subframe(int[] out, int depth, int at) throws IOException {
        if (bits(1) != 0) throw bad("damaged: subframe padding bit set after sample " + at);
        final int type = (int) bits(6);
        int wasted = 0;
        if (bits(1) == 1) {
            wasted = 1;
            while (bits(1) == 0) wasted++;
        }
        final int width = depth - wasted;
        if (type == 0) {
            Arrays.fill(out, (int) signed(width));
        } else if (type == 1) {
            for (int i = 0; i < out.length; i++) out[i] = (int) signed(width);
        } else if (type >= 8 && type <= 12) {
            final int order = type - 8;
            for (int i = 0; i < order; i++) out[i] = (int) signed(width);
            residual(out, order);
            fixed(out, order);
        } else if (type >= 32) {
            final int order = type - 31;
            for (int i = 0; i < order; i++) out[i] = (int) signed(width);
            final int precision = (int) bits(4) + 1;
            if (precision == 16) throw bad("damaged: invalid LPC precision after sample " + at);
            final int shift = (int) signed(5);
            if (shift < 0) throw bad("damaged: negative LPC shift after sample " + at);
            final long[] coef = new long[order];
            for (int j = 0; j < order; j++) coef[j] = signed(precision);
            residual(out, order);
            for (int i = order; i < out.length; i++) {
                long sum = 0;
                for (int j = 0; j < order; j++) sum += coef[j] * out[i - 1 - j];
                out[i] += (int) (sum >> shift);
            }
        } else {
            throw bad("damaged: reserved subframe type " + type + " after sample " + at);
        }
        if (wasted > 0) for (int i = 0; i < out.length; i++) out[i] <<= wasted;
    }

    private static void fixed(int[] s, int order) {
        for (int i = order; i < s.length; i++) {
            s[i] += switch (order) {
                case 1 -> s[i - 1];
                case 2 -> 2 * s[i - 1] - s[i - 2];
                case 3 -> 3 * s[i - 1] - 3 * s[i - 2] + s[i - 3];
                case 4 -> 4 * s[i - 1] - 6 * s[i - 2] + 4 * s[i - 3] - s[i - 4];
                default -> 0;
            };
        }
    }

    /** Rice-coded residuals into {@code out[order..]}. */
    private void residual(int[] out, int order) throws IOException {
        final int method = (int) bits(2);
        if (method > 1) throw bad("damaged: reserved residual coding method");
        final int paramBits = method == 0 ? 4 : 5, escape = (1 << paramBits) - 1;
        final int partitionOrder = (int) bits(4);
        final int partitions = 1 << partitionOrder;
        if ((out.length >> partitionOrder) < order || (out.length & (partitions - 1)) != 0) throw bad("damaged: residual partition does not fit its block");
        int i = order;
        for (int p = 0; p < partitions; p++) {
            final int count = (out.length >> partitionOrder) - (p == 0 ? order : 0);
            final int k = (int) bits(paramBits);
            if (k == escape) {
                final int raw = (int) bits(5);
                for (int j = 0; j < count; j++) out[i++] = raw == 0 ? 0 : (int) signed(raw);
            } else {
                for (int j = 0; j < count; j++) {
                    long q = 0;
                    while (bits(1) == 0) q++;
                    final long v = (q << k) | (k == 0 ? 0 : bits(k));
                    out[i++] = (int) ((v >>> 1) ^ -(v & 1));
                }
            }
        }
    }

    private void codedNumber() throws IOException {
        final int first = (int) bits(8);
        int extra = 0;
        while (extra < 7 && (first & (0x80 >> extra)) != 0) extra++;
        if (extra == 1 || extra == 7) throw bad("damaged: invalid frame number");
        for (int i = 0; i < Math.max(0, extra - 1); i++) {
            if ((bits(8) & 0xC0) != 0x80) throw bad("damaged: invalid frame number");
        }
    }

    private void comments(int at, int length, Map<String, String> info) {
        final java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(data, at, length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        try {
            final int vendor = b.getInt();
            b.position(b.position() + vendor);
            final int count = b.getInt();
            for (int i = 0; i < count; i++) {
                final int len = b.getInt();
                final byte[] s = new byte[len];
                b.get(s);
                final String c = new String(s, java.nio.charset.StandardCharsets.UTF_8);
                final int eq = c.indexOf('=');
                if (eq > 0) info.put(c.substring(0, eq).toUpperCase(Locale.ROOT), c.substring(eq + 1));
            }
        } catch (RuntimeException e) {
            // Damaged tags lose the tags, not the audio.
        }
    }

    private void checkMd5(int[][] pcm, int frames) throws IOException {
        boolean unset = true;
        for (byte x : md5) unset &= x == 0;
        if (unset) return;
        final MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            return;
        }
        final int bytes = (bits + 7) / 8;
        final byte[] row = new byte[channels * bytes * 4096];
        for (int f0 = 0; f0 < frames; f0 += 4096) {
            final int f1 = Math.min(frames, f0 + 4096);
            int k = 0;
            for (int f = f0; f < f1; f++) {
                for (int c = 0; c < channels; c++) {
                    final int v = pcm[c][f];
                    for (int j = 0; j < bytes; j++) row[k++] = (byte) (v >> (8 * j));
                }
            }
            digest.update(row, 0, k);
        }
        if (!MessageDigest.isEqual(digest.digest(), md5)) throw bad("damaged: decoded audio does not match the file's MD5 signature");
    }

    private void need(int bytes) throws IOException {
        if (pos / 8 + bytes > data.length) throw bad("truncated");
    }

    private long bits(int n) throws IOException {
        if (pos + n > data.length * 8L) throw bad("truncated");
        long v = 0;
        for (int i = 0; i < n; i++) {
            v = (v << 1) | ((data[pos >>> 3] >> (7 - (pos & 7))) & 1);
            pos++;
        }
        return v;
    }

    private long signed(int n) throws IOException {
        final long v = bits(n);
        return n == 0 ? 0 : (v << (64 - n)) >> (64 - n);
    }

    private int crc8(int from, int to) {
        int crc = 0;
        for (int i = from; i < to; i++) {
            crc ^= data[i] & 0xFF;
            for (int b = 0; b < 8; b++) crc = (crc & 0x80) != 0 ? ((crc << 1) ^ 0x07) & 0xFF : (crc << 1) & 0xFF;
        }
        return crc;
    }

    private int crc16(int from, int to) {
        int crc = 0;
        for (int i = from; i < to; i++) {
            crc ^= (data[i] & 0xFF) << 8;
            for (int b = 0; b < 8; b++) crc = (crc & 0x8000) != 0 ? ((crc << 1) ^ 0x8005) & 0xFFFF : (crc << 1) & 0xFFFF;
        }
        return crc;
    }
}
