package org.piranha.it.pulse;

import java.time.Instant;

/**
 * A pair of failover daemons in a {@link PulseLab} (lb1, lb2) that bench/takeover kills in turn:
 * our pulse or keepalived. Routers are 0 (lb1) and 1 (lb2).
 */
interface TakeoverContender extends AutoCloseable {

    /** "pulse", "keepalived": the key in bench/takeover's last line. */
    String name();

    /** Starts both routers; returns once lb1 is active and lb2 listens to it as the passive one. */
    void start();

    /** kill -9 of whatever runs the failover on {@code router}; returns the moment just before the signal. */
    Instant kill(int router);

    /** Starts the killed {@code router} again; returns once it is passive and hears its active partner. */
    void restart(int router);

    @Override
    void close();
}
