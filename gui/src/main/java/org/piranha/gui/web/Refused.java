package org.piranha.gui.web;

/** Ends a request with a status and a short text; nothing else of the request is run. */
public final class Refused extends RuntimeException {

    private final int status;
    private final String location;
    private final String authenticate;
    private final long retryAfter;

    private Refused(int status, String message, String location, String authenticate, long retryAfter) {
        super(message, null, false, false);
        this.status = status;
        this.location = location;
        this.authenticate = authenticate;
        this.retryAfter = retryAfter;
    }

    public static Refused status(int status, String message) {
        return new Refused(status, message, null, null, 0);
    }

    public static Refused unauthorized() {
        return new Refused(401, "authentication required: log in as piranha (HTTP Basic or the login page)",
                null, "Basic realm=\"access to the piranha web GUI\", charset=\"UTF-8\"", 0);
    }

    public static Refused toLogin() {
        return new Refused(303, "see /login", "/login", null, 0);
    }

    public static Refused throttled(long seconds) {
        return new Refused(429, "too many wrong passwords from this address: try again in " + seconds + " s",
                null, null, seconds);
    }

    public int status() {
        return status;
    }

    public String location() {
        return location;
    }

    public String authenticate() {
        return authenticate;
    }

    public long retryAfter() {
        return retryAfter;
    }
}
