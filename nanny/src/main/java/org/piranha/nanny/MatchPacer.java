package org.piranha.nanny;

/**
 * Says when a costly matcher (a regex, which searches the whole reply) should look at a reply
 * that trickles in. Asking after every read would cost time quadratic in the reply when a server
 * sends it a byte at a time; asking only when the reply has doubled since the last look, or when
 * a pause has passed since it, keeps the total linear and still decides soon after the bytes
 * arrive. The pause grows with the cost of the last look, so that matching takes at most about a
 * fifth of a core whatever the server does.
 */
final class MatchPacer {

    private static final long MIN_PAUSE_NANOS = 20_000_000L;

    private final boolean costly;
    private int lookedAtLength;
    private long lookedAt;
    private long pause = MIN_PAUSE_NANOS;

    MatchPacer(ReplyMatcher matcher) {
        this.costly = matcher.costly();
    }

    /** Whether the matcher should look at a reply of {@code length} bytes now. */
    boolean due(int length, long now) {
        return !costly || length >= 2 * lookedAtLength || now - lookedAt >= pause;
    }

    /** When a reply that was not looked at is due anyway (System.nanoTime()). */
    long dueBy() {
        return lookedAt + pause;
    }

    /** Records a look that began at {@code start} and ended {@code now}. */
    void lookedAt(int length, long start, long now) {
        lookedAtLength = length;
        lookedAt = now;
        pause = Math.max(MIN_PAUSE_NANOS, 4 * (now - start));
    }
}
