package org.piranha.gui.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * lvs.cf as read at one moment: its text, its revision (the SHA-256 of its bytes, as the status
 * plane gives it) and the bytes themselves, which lvs.cf.bak receives unchanged (the text is
 * their UTF-8 decoding, which would replace bytes that are not UTF-8).
 */
public record ConfigFile(String text, String revision, boolean exists, byte[] bytes) {

    public ConfigFile {
        bytes = bytes.clone();
    }

    public static ConfigFile of(byte[] bytes) {
        return new ConfigFile(new String(bytes, StandardCharsets.UTF_8), sha256(bytes), true, bytes);
    }

    public static ConfigFile missing() {
        return new ConfigFile("", sha256(new byte[0]), false, new byte[0]);
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The revision as an HTTP entity tag. */
    public String etag() {
        return "\"" + revision + "\"";
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
