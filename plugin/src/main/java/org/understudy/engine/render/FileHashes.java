package org.understudy.engine.render;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * SHA-256 of model and reference files, remembered by path, size and modification time so a
 * 150 MB checkpoint is read once per process. A folder hashes as its files' names and hashes. [any-thread]
 */
final class FileHashes {
    private record Stamp(Path file, long size, long modified) {}

    private static final Map<Stamp, String> KNOWN = new ConcurrentHashMap<>();

    private FileHashes() {}

    static String of(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            final MessageDigest sha = sha256();
            try (Stream<Path> files = Files.walk(path)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    sha.update((path.relativize(f) + "=" + of(f) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        }
        final Stamp stamp = new Stamp(path.toAbsolutePath().normalize(), Files.size(path), Files.getLastModifiedTime(path).toMillis());
        final String known = KNOWN.get(stamp);
        if (known != null) return known;
        final MessageDigest sha = sha256();
        final byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(path)) {
            for (int n; (n = in.read(buffer)) > 0; ) sha.update(buffer, 0, n);
        }
        final String hash = HexFormat.of().formatHex(sha.digest());
        KNOWN.put(stamp, hash);
        return hash;
    }

    /** One hash over several parts (hashes, names, numbers), each length-prefixed. */
    static String combine(List<?> parts) {
        final MessageDigest sha = sha256();
        for (Object part : parts) {
            final byte[] bytes = String.valueOf(part).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            sha.update((bytes.length + ":").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            sha.update(bytes);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java", e);
        }
    }
}
