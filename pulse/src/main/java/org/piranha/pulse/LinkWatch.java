package org.piranha.pulse;

import java.net.InetAddress;
import java.util.EnumSet;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.piranha.netlink.NetlinkException;
import org.piranha.netlink.rtnl.IfAddress;
import org.piranha.netlink.rtnl.Link;
import org.piranha.netlink.rtnl.RtnlListener;
import org.piranha.netlink.rtnl.RtnlMonitor;
import org.piranha.netlink.rtnl.Rtnetlink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code monitor_links}: whether the interfaces holding this router's own public and private
 * addresses are up with carrier, followed through rtnetlink link and address events rather than
 * Piranha's polling. An address found on no interface counts as up, as in Piranha. Changes are
 * handed to the consumer on the given executor (pulse's event loop).
 */
final class LinkWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LinkWatch.class);

    /** The state of the two NICs; {@code privateUp} is true when there is no private path. */
    record State(boolean primaryUp, boolean privateUp) {}

    private final Rtnetlink rtnl;
    private final InetAddress ownPublic;
    private final Optional<InetAddress> ownPrivate;
    private final Executor loop;
    private final Consumer<State> consumer;
    private RtnlMonitor monitor;
    private State last;

    private LinkWatch(Rtnetlink rtnl, InetAddress ownPublic, Optional<InetAddress> ownPrivate, Executor loop,
            Consumer<State> consumer) {
        this.rtnl = rtnl;
        this.ownPublic = ownPublic;
        this.ownPrivate = ownPrivate;
        this.loop = loop;
        this.consumer = consumer;
    }

    /** Subscribes to the events, then reads the current state and reports it. */
    static LinkWatch start(Rtnetlink rtnl, HeartbeatPaths paths, Executor loop, Consumer<State> consumer)
            throws NetlinkException {
        LinkWatch watch = new LinkWatch(rtnl, paths.ownPublic(), paths.ownPrivate(), loop, consumer);
        watch.monitor = RtnlMonitor.start(EnumSet.allOf(RtnlMonitor.Group.class), new RtnlListener() {
            @Override
            public void linkChanged(Link link) {
                watch.evaluate();
            }

            @Override
            public void linkRemoved(Link link) {
                watch.evaluate();
            }

            @Override
            public void addressAdded(IfAddress address) {
                watch.evaluate();
            }

            @Override
            public void addressRemoved(IfAddress address) {
                watch.evaluate();
            }

            @Override
            public void eventsLost() {
                watch.evaluate();
            }
        });
        watch.evaluate();
        return watch;
    }

    /** Reads the links again; reports the state when it changed. */
    private synchronized void evaluate() {
        State state;
        try {
            state = new State(isUp(ownPublic), ownPrivate.isEmpty() || isUp(ownPrivate.get()));
        } catch (NetlinkException e) {
            LOG.warn("cannot read the link state for monitor_links: {}", e.getMessage());
            return;
        }
        if (!state.equals(last)) {
            last = state;
            loop.execute(() -> consumer.accept(state));
        }
    }

    private boolean isUp(InetAddress address) throws NetlinkException {
        for (IfAddress present : rtnl.addresses()) {
            if (present.address().equals(address)) {
                return rtnl.link(present.interfaceIndex()).map(Link::isRunning).orElse(true);
            }
        }
        return true;
    }

    @Override
    public void close() {
        if (monitor != null) {
            monitor.close();
        }
    }
}
