package org.piranha.gui.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Checks user and password against the password file. bcrypt runs on its own two threads, so a
 * burst of logins queues there instead of taking every thread of the web server; a successful
 * HTTP Basic check is remembered (as a SHA-256 of the credentials, for at most a minute and while
 * the password file is unchanged) so a script's every request does not cost a bcrypt.
 */
public final class Authenticator implements AutoCloseable {

    private static final long BASIC_CACHE_MILLIS = 60_000;

    private final PasswordFile passwords;
    private final ExecutorService bcrypt = Executors.newFixedThreadPool(2, r -> {
        Thread thread = new Thread(r, "bcrypt");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Long> recentBasic = new ConcurrentHashMap<>();

    public Authenticator(PasswordFile passwords) {
        this.passwords = passwords;
    }

    public boolean check(String user, char[] password) {
        Future<Boolean> result = bcrypt.submit(() -> passwords.check(user, password));
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return false;
        }
    }

    /** As {@link #check}, for credentials a client sends with every request. */
    public boolean checkBasic(String user, String password) {
        String key = fingerprint(user + ":" + password + ":" + passwords.path());
        Long until = recentBasic.get(key);
        long now = System.currentTimeMillis();
        if (until != null && until > now && !passwords.changedSinceLoad()) {
            return true;
        }
        boolean ok = check(user, password.toCharArray());
        if (ok) {
            if (recentBasic.size() > 1000) {
                recentBasic.clear();
            }
            recentBasic.put(key, now + BASIC_CACHE_MILLIS);
        } else {
            recentBasic.remove(key);
        }
        return ok;
    }

    private static String fingerprint(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Compares two secrets in time independent of where they differ. */
    public static boolean sameSecret(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        bcrypt.shutdownNow();
    }
}
