package org.piranha.gui.auth;

import java.time.Instant;

/** A logged-in browser: who, its CSRF token, when it was last used, and the lvs.cf revision it last saw. */
public final class Session {

    private final String id;
    private final String user;
    private final String csrfToken;
    private volatile Instant lastUsed;
    private volatile String seenRevision;
    private volatile PendingChange pending;

    Session(String id, String user, String csrfToken, Instant now) {
        this.id = id;
        this.user = user;
        this.csrfToken = csrfToken;
        this.lastUsed = now;
    }

    public String id() {
        return id;
    }

    public String user() {
        return user;
    }

    public String csrfToken() {
        return csrfToken;
    }

    Instant lastUsed() {
        return lastUsed;
    }

    void touch(Instant now) {
        lastUsed = now;
    }

    public String seenRevision() {
        return seenRevision;
    }

    public void seenRevision(String revision) {
        seenRevision = revision;
    }

    public PendingChange pending() {
        return pending;
    }

    public void pending(PendingChange change) {
        pending = change;
    }

    /** An edit validated and shown for confirmation, not written yet. */
    public record PendingChange(String baseRevision, String text, String returnTo) {}
}
