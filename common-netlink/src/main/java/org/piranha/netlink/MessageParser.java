package org.piranha.netlink;

/** Turns one received message into a value while its bytes are still valid. */
@FunctionalInterface
public interface MessageParser<T> {

    T parse(NetlinkMessage message) throws NetlinkException;
}
