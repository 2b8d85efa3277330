package org.piranha.sendarp;

import java.io.IOException;

/** Sending ARP failed; the message names the interface and the problem, ready for a log line. */
public final class ArpException extends IOException {

    public ArpException(String message) {
        super(message);
    }
}
