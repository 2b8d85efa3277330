package org.piranha.gui.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** lvs.cf as read at one moment: its text and its revision (the SHA-256 of its bytes, as the status plane gives it). */
public record ConfigFile(String text, String revision, boolean exists) {

    public static ConfigFile of(byte[] bytes) {
        return new ConfigFile(new String(bytes, StandardCharsets.UTF_8), sha256(bytes), true);
    }

    public static ConfigFile missing() {
        return new ConfigFile("", sha256(new byte[0]), false);
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
