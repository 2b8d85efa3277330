package org.piranha.sendarp;

import java.util.concurrent.CompletableFuture;

/** A gratuitous ARP announcement under way. */
public interface Announcement {

    /**
     * Completes when the last round has been sent; exceptionally with an {@link ArpException}
     * when a frame could not be sent (no more rounds follow), or with a cancellation.
     */
    CompletableFuture<Void> completion();

    /** Stops the announcement: no frame is sent after this returns. Does nothing once complete. */
    void cancel();
}
