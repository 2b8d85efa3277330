package org.piranha.gui.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import org.apache.commons.codec.digest.Md5Crypt;
import org.apache.commons.codec.digest.UnixCrypt;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * The hashes of an Apache htpasswd file: bcrypt ({@code $2y$}, what piranha-passwd writes) and,
 * so that a password file from a real Piranha install keeps working until the password is
 * changed, the legacy MD5 ({@code $apr1$}), {@code {SHA}} and crypt(3) forms.
 */
public final class PasswordHash {

    /**
     * bcrypt cost 10 (2^10 rounds): the floor piranha-gui's issue set, and htpasswd -B's default
     * is 5. Each login costs about 0.1 s of CPU here, which with the login throttle is plenty.
     */
    public static final int COST = 10;

    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordHash() {}

    /** A new {@code $2y$} bcrypt hash of {@code password}, as {@code htpasswd -B} writes it. */
    public static String bcrypt(char[] password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return OpenBSDBCrypt.generate("2y", password, salt, COST);
    }

    /** True when {@code password} matches {@code hash}, in time that does not depend on where they differ. */
    public static boolean matches(String hash, char[] password) {
        if (hash.startsWith("$2y$") || hash.startsWith("$2a$") || hash.startsWith("$2b$")) {
            try {
                return OpenBSDBCrypt.checkPassword(hash, password);
            } catch (IllegalArgumentException malformed) {
                return false;
            }
        }
        byte[] bytes = new String(password).getBytes(StandardCharsets.UTF_8);
        String computed;
        if (hash.startsWith("$apr1$")) {
            computed = Md5Crypt.apr1Crypt(bytes, hash);
        } else if (hash.startsWith("{SHA}")) {
            computed = "{SHA}" + Base64.getEncoder().encodeToString(sha1(bytes));
        } else if (hash.length() == 13) {
            computed = UnixCrypt.crypt(bytes, hash.substring(0, 2));
        } else {
            return false;
        }
        return MessageDigest.isEqual(computed.getBytes(StandardCharsets.US_ASCII),
                hash.getBytes(StandardCharsets.US_ASCII));
    }

    /** True for a hash piranha-passwd would write today (bcrypt); the others are accepted but old. */
    public static boolean isCurrent(String hash) {
        return hash.startsWith("$2");
    }

    private static byte[] sha1(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
