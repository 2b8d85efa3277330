package org.piranha.netlink.rtnl;

import java.nio.ByteBuffer;
import java.util.Set;
import org.piranha.netlink.Netlink;
import org.piranha.netlink.NetlinkException;
import org.piranha.netlink.NetlinkMessage;
import org.piranha.netlink.NetlinkSocket;
import org.piranha.netlink.libc.Errno;

/**
 * Delivers rtnetlink link and address events (the RTNLGRP_LINK, IPV4_IFADDR and IPV6_IFADDR
 * groups) to a listener on a thread of its own, until closed. Subscribe before reading the
 * current state, so that no change falls between the two.
 *
 * <pre>{@code
 * try (RtnlMonitor monitor = RtnlMonitor.start(EnumSet.allOf(RtnlMonitor.Group.class), new RtnlListener() {
 *     public void linkChanged(Link link) { ... link.hasCarrier() ... }
 * })) { ... }
 * }</pre>
 */
public final class RtnlMonitor implements AutoCloseable {

    /** What to listen to. */
    public enum Group {
        LINK(RtnlCodec.RTNLGRP_LINK),
        IPV4_ADDRESS(RtnlCodec.RTNLGRP_IPV4_IFADDR),
        IPV6_ADDRESS(RtnlCodec.RTNLGRP_IPV6_IFADDR);

        private final int number;

        Group(int number) {
            this.number = number;
        }
    }

    private final NetlinkSocket socket;
    private final RtnlListener listener;
    private final Thread thread;
    private volatile boolean closing;

    private RtnlMonitor(NetlinkSocket socket, RtnlListener listener) {
        this.socket = socket;
        this.listener = listener;
        this.thread = new Thread(this::run, "rtnetlink events");
        this.thread.setDaemon(true);
    }

    /** Subscribes in the calling thread's network namespace and starts delivering. */
    public static RtnlMonitor start(Set<Group> groups, RtnlListener listener) throws NetlinkException {
        NetlinkSocket socket = NetlinkSocket.open(Netlink.NETLINK_ROUTE);
        try {
            for (Group group : groups) {
                socket.joinGroup(group.number);
            }
        } catch (NetlinkException e) {
            socket.close();
            throw e;
        }
        RtnlMonitor monitor = new RtnlMonitor(socket, listener);
        monitor.thread.start();
        return monitor;
    }

    private void run() {
        try {
            while (!closing) {
                if (!socket.awaitReadable(-1)) {
                    continue; // woken by close()
                }
                ByteBuffer datagram;
                while (!closing && (datagram = receive()) != null) {
                    for (NetlinkMessage message : NetlinkMessage.parseAll(datagram)) {
                        deliver(message);
                    }
                }
            }
        } catch (NetlinkException e) {
            if (!closing) {
                Thread.currentThread().getUncaughtExceptionHandler().uncaughtException(Thread.currentThread(), e);
            }
        }
    }

    /** The next datagram, or null when none is queued; an overrun is reported and skipped. */
    private ByteBuffer receive() throws NetlinkException {
        while (true) {
            try {
                return socket.receiveNow();
            } catch (NetlinkException e) {
                if (e.errno() != Errno.ENOBUFS) {
                    throw e;
                }
                call(listener::eventsLost);
            }
        }
    }

    private void deliver(NetlinkMessage message) {
        switch (message.type()) {
            case RtnlCodec.RTM_NEWLINK:
                Link changed = RtnlCodec.parseLink(message);
                call(() -> listener.linkChanged(changed));
                break;
            case RtnlCodec.RTM_DELLINK:
                Link removed = RtnlCodec.parseLink(message);
                call(() -> listener.linkRemoved(removed));
                break;
            case RtnlCodec.RTM_NEWADDR:
                if (RtnlCodec.isIpFamily(message)) {
                    IfAddress added = RtnlCodec.parseAddress(message);
                    call(() -> listener.addressAdded(added));
                }
                break;
            case RtnlCodec.RTM_DELADDR:
                if (RtnlCodec.isIpFamily(message)) {
                    IfAddress gone = RtnlCodec.parseAddress(message);
                    call(() -> listener.addressRemoved(gone));
                }
                break;
            default:
                break;
        }
    }

    /** A failing listener must not stop the events: its exception goes to the thread's handler. */
    private void call(Runnable delivery) {
        try {
            delivery.run();
        } catch (RuntimeException e) {
            Thread.currentThread().getUncaughtExceptionHandler().uncaughtException(Thread.currentThread(), e);
        }
    }

    /** Stops delivering and waits for the event thread to finish (unless called from it). */
    @Override
    public void close() {
        closing = true;
        socket.wakeup();
        if (Thread.currentThread() != thread) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        socket.close();
    }
}
