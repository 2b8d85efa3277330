package org.piranha.nanny;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Turns the numeric addresses NannyArgs accepted into InetAddress without any name lookup. */
final class Addresses {

    private Addresses() {
    }

    static InetAddress literal(String numeric) {
        try {
            return InetAddress.getByName(numeric); // a literal: parsed, never resolved
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not a numeric address: " + numeric, e);
        }
    }
}
