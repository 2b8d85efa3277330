package org.piranha.gui.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sessions of logged-in browsers, in memory only (a restart logs everyone out). Ids and CSRF
 * tokens are 256 random bits; a session unused for the idle timeout is gone.
 */
public final class Sessions {

    /** The cookie name; the cookie is HttpOnly, SameSite=Strict, and Secure over TLS. */
    public static final String COOKIE = "piranha_session";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Duration idleTimeout;
    private final Clock clock;

    public Sessions(Duration idleTimeout, Clock clock) {
        this.idleTimeout = idleTimeout;
        this.clock = clock;
    }

    public Duration idleTimeout() {
        return idleTimeout;
    }

    public Session create(String user) {
        expire();
        Session session = new Session(randomToken(), user, randomToken(), clock.instant());
        sessions.put(session.id(), session);
        return session;
    }

    /** The live session with this id, touched; empty when unknown or idle too long. */
    public Optional<Session> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Session session = sessions.get(id);
        if (session == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (session.lastUsed().plus(idleTimeout).isBefore(now)) {
            sessions.remove(id);
            return Optional.empty();
        }
        session.touch(now);
        return Optional.of(session);
    }

    public void remove(Session session) {
        sessions.remove(session.id());
    }

    private void expire() {
        Instant limit = clock.instant().minus(idleTimeout);
        sessions.values().removeIf(s -> s.lastUsed().isBefore(limit));
    }

    static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
