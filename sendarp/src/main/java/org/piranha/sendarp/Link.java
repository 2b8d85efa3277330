package org.piranha.sendarp;

/** Where announcement frames go: one interface, with its own hardware address. */
interface Link extends AutoCloseable {

    /** Opens a link by device name (labels allowed). */
    interface Opener {
        Link open(String device) throws ArpException;
    }

    MacAddress mac();

    void send(byte[] frame) throws ArpException;

    @Override
    void close();
}
