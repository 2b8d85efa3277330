package org.piranha.pulse;

import java.util.Optional;

/**
 * The words of Piranha's heartbeat: one 32-bit magic number per datagram. RUNNING and STOPPED
 * say whether the sender is the active router; HOLD and HELD were defined by Piranha but their
 * handling was compiled out, so they only prove that the partner is alive.
 */
enum Heartbeat {
    RUNNING(0xbdaddbda),
    STOPPED(0xadbddabd),
    HOLD(0xdeafbabe),
    HELD(0xdeafdada);

    private final int magic;

    Heartbeat(int magic) {
        this.magic = magic;
    }

    int magic() {
        return magic;
    }

    /** RUNNING for an active router, STOPPED for a passive one. */
    static Heartbeat of(boolean active) {
        return active ? RUNNING : STOPPED;
    }

    static Optional<Heartbeat> ofMagic(int magic) {
        for (Heartbeat beat : values()) {
            if (beat.magic == magic) {
                return Optional.of(beat);
            }
        }
        return Optional.empty();
    }
}
