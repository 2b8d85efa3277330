package org.piranha.nanny;

/** The outcome of one check: the server is available, or it is not and {@code reason} says why. */
record Verdict(boolean available, String reason) {

    static final Verdict AVAILABLE = new Verdict(true, null);

    static Verdict failed(String reason) {
        return new Verdict(false, reason);
    }
}
