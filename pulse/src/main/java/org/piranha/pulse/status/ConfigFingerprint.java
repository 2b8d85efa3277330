package org.piranha.pulse.status;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The sha256 of lvs.cf, to tell whether the file on disk is still the one in force. Hashing is
 * repeated only when the file's size or modification time moved, so that a status request on a
 * large lvs.cf costs a stat, not a read.
 */
public final class ConfigFingerprint {

    private record Seen(long size, long modified, Object key, String sha256) {}

    private volatile Seen seen;

    /** The file's sha256 in hex; empty when it cannot be read. */
    public Optional<String> sha256(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            long size = attributes.size();
            long modified = attributes.lastModifiedTime().toMillis();
            Object key = attributes.fileKey();
            Seen last = seen;
            if (last != null && last.size == size && last.modified == modified && java.util.Objects.equals(last.key, key)) {
                return Optional.of(last.sha256);
            }
            String hash = hash(file);
            seen = new Seen(size, modified, key, hash);
            return Optional.of(hash);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The sha256 of {@code bytes}, hex. */
    public static String hash(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    }

    /** The sha256 of the file's bytes, hex, read now. */
    public static String hash(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
        byte[] buffer = new byte[65536];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0;) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
