package org.piranha.pulse.status;

import at.favre.lib.crypto.bcrypt.BCrypt;
import com.sun.net.httpserver.BasicAuthenticator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who may scrape pulse's metrics: an htpasswd file of bcrypt hashes ({@code htpasswd -B -c FILE
 * prometheus}), checked with HTTP basic authentication. bcrypt is slow on purpose (about 0.1 s a
 * check): a password that passed is remembered by its SHA-256 so that a scrape every few seconds
 * costs nothing, while every wrong guess still pays the full price.
 */
public final class MetricsUsers extends BasicAuthenticator {

    private final Map<String, byte[]> hashes;
    private final Map<String, byte[]> accepted = new ConcurrentHashMap<>();

    private MetricsUsers(Map<String, byte[]> hashes) {
        super("pulse metrics", StandardCharsets.UTF_8);
        this.hashes = Map.copyOf(hashes);
    }

    /** Reads the file; an error names the file and line and says what to do. */
    public static MetricsUsers read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        Map<String, byte[]> hashes = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            String hash = colon > 0 ? line.substring(colon + 1) : "";
            if (!hash.matches("\\$2[aby]\\$\\d\\d\\$[./A-Za-z0-9]{53}")) {
                throw new IOException(file + ":" + (i + 1) + ": not USER:BCRYPT-HASH; only bcrypt hashes are"
                        + " accepted: make the line with htpasswd -B " + file + " USER");
            }
            hashes.put(line.substring(0, colon), hash.getBytes(StandardCharsets.US_ASCII));
        }
        if (hashes.isEmpty()) {
            throw new IOException(file + ": no user: add one with htpasswd -B " + file + " USER");
        }
        return new MetricsUsers(hashes);
    }

    /**
     * {@code --metrics-users FILE} as pulse reads it at its start, in either director mode: an
     * error names the option and the file, and stops the start.
     */
    public static MetricsUsers readAtStart(Path file) throws IOException {
        try {
            return read(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IOException("--metrics-users: no such file: " + file, e);
        } catch (IOException e) {
            throw new IOException("--metrics-users: " + e.getMessage(), e);
        }
    }

    /** A malformed Authorization header (not base64, no colon) is a bad request, not a crash of the exchange. */
    @Override
    public Result authenticate(com.sun.net.httpserver.HttpExchange exchange) {
        try {
            return super.authenticate(exchange);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return new Failure(400);
        }
    }

    @Override
    public boolean checkCredentials(String user, String password) {
        byte[] hash = hashes.get(user);
        if (hash == null || password == null) {
            return false;
        }
        byte[] digest = sha256(password);
        byte[] known = accepted.get(user);
        if (known != null && MessageDigest.isEqual(known, digest)) {
            return true;
        }
        if (BCrypt.verifyer().verify(password.getBytes(StandardCharsets.UTF_8), hash).verified) {
            accepted.put(user, digest);
            return true;
        }
        return false;
    }

    private static byte[] sha256(String password) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    }
}
