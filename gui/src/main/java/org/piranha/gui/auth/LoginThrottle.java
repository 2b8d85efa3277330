package org.piranha.gui.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing: after {@value #LIMIT} wrong passwords from one client address
 * within a minute, that client gets 429 for {@link #BLOCK} (even with the right password).
 */
public final class LoginThrottle {

    public static final int LIMIT = 5;
    public static final Duration WINDOW = Duration.ofMinutes(1);
    public static final Duration BLOCK = Duration.ofMinutes(1);

    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();
    private final Map<String, Instant> blockedUntil = new ConcurrentHashMap<>();
    private final Clock clock;

    public LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** Seconds the client must still wait, or 0 when it may try. */
    public long secondsBlocked(String client) {
        Instant until = blockedUntil.get(client);
        if (until == null) {
            return 0;
        }
        Duration left = Duration.between(clock.instant(), until);
        if (left.isNegative() || left.isZero()) {
            blockedUntil.remove(client);
            return 0;
        }
        return Math.max(1, (left.toMillis() + 999) / 1000);
    }

    public void failed(String client) {
        Instant now = clock.instant();
        Deque<Instant> times = failures.computeIfAbsent(client, c -> new ArrayDeque<>());
        synchronized (times) {
            times.addLast(now);
            while (!times.isEmpty() && times.peekFirst().isBefore(now.minus(WINDOW))) {
                times.removeFirst();
            }
            if (times.size() >= LIMIT) {
                blockedUntil.put(client, now.plus(BLOCK));
                times.clear();
            }
        }
        if (failures.size() > 10_000) {
            failures.clear(); // an address-spraying client must not fill the heap
        }
    }

    public void succeeded(String client) {
        failures.remove(client);
    }
}
