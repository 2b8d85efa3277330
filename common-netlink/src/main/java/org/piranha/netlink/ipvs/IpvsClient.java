package org.piranha.netlink.ipvs;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.piranha.netlink.GenericFamily;
import org.piranha.netlink.GenericNetlink;
import org.piranha.netlink.MessageWriter;
import org.piranha.netlink.Netlink;
import org.piranha.netlink.NetlinkChannel;
import org.piranha.netlink.NetlinkException;
import org.piranha.netlink.Request;
import org.piranha.netlink.libc.Errno;

/**
 * The IPVS table of the network namespace this client was opened in, over generic netlink: what
 * {@code ipvsadm} does, as typed calls. Thread-safe: requests are serialised on one socket.
 *
 * <pre>{@code
 * try (IpvsClient ipvs = IpvsClient.open()) {
 *     ServiceKey web = ServiceKey.of(Protocol.TCP, InetAddress.getByName("10.6.1.214"), 80);
 *     ipvs.addService(Service.builder(web).scheduler("wlc").persistent(300).build());
 *     ipvs.addDestination(web, Destination.builder(InetAddress.getByName("10.0.0.1"), 80)
 *             .forwarding(Forwarding.MASQ).weight(10).build());
 * }
 * }</pre>
 *
 * Every failure is an {@link IpvsException} naming the operation and the object.
 */
public final class IpvsClient implements AutoCloseable {

    private final NetlinkChannel channel;
    private final int familyId;

    private IpvsClient(NetlinkChannel channel, int familyId) {
        this.channel = channel;
        this.familyId = familyId;
    }

    /**
     * Opens a client in the calling thread's network namespace. Looking up the "IPVS" family makes
     * the kernel load ip_vs if it is a module; the lookup is tried twice, since the first answer
     * can come before the freshly loaded module has registered.
     *
     * @throws IpvsUnavailableException when this kernel has no IPVS
     */
    public static IpvsClient open() throws IpvsException {
        NetlinkChannel channel;
        try {
            channel = NetlinkChannel.open(Netlink.NETLINK_GENERIC);
        } catch (NetlinkException e) {
            throw IpvsErrors.generic("open", "a generic netlink socket", e);
        }
        try {
            return new IpvsClient(channel, resolve(channel).id());
        } catch (IpvsException e) {
            channel.close();
            throw e;
        }
    }

    private static GenericFamily resolve(NetlinkChannel channel) throws IpvsException {
        NetlinkException last = null;
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                return GenericNetlink.resolve(channel, IpvsCodec.FAMILY);
            } catch (NetlinkException e) {
                if (e.errno() != Errno.ENOENT) {
                    throw IpvsErrors.generic("look up", "the IPVS netlink family", e);
                }
                last = e;
            }
        }
        throw new IpvsUnavailableException(last.errno(), last);
    }

    // --- services ---

    /** Every virtual service with its counters. */
    public List<ServiceStatus> services() throws IpvsException {
        try {
            return channel.dump(request(IpvsCodec.CMD_GET_SERVICE, writer -> {}), IpvsCodec::parseService);
        } catch (NetlinkException e) {
            throw IpvsErrors.generic("list", "the virtual services", e);
        }
    }

    /**
     * Every virtual service as configured, without its counters: what a reconcile compares, read
     * for less (the kernel sends the counters all the same, but they are not parsed). Equal to
     * the {@link ServiceStatus#service()}s of {@link #services}.
     */
    public List<Service> serviceConfigs() throws IpvsException {
        try {
            return channel.dump(request(IpvsCodec.CMD_GET_SERVICE, writer -> {}), IpvsCodec::parseServiceConfig);
        } catch (NetlinkException e) {
            throw IpvsErrors.generic("list", "the virtual services", e);
        }
    }

    /** One virtual service, or empty when it does not exist. */
    public Optional<ServiceStatus> service(ServiceKey key) throws IpvsException {
        try {
            return Optional.of(channel.query(
                    request(IpvsCodec.CMD_GET_SERVICE, writer -> IpvsCodec.writeServiceKey(writer, key)),
                    IpvsCodec::parseService));
        } catch (NetlinkException e) {
            if (e.errno() == Errno.ESRCH) {
                return Optional.empty();
            }
            throw IpvsErrors.service("read", key, null, e);
        }
    }

    /** Adds a virtual service; ALREADY_EXISTS if there is one with this key. */
    public void addService(Service service) throws IpvsException {
        execute(Ops.addService(this, service));
    }

    /**
     * Changes a virtual service in place (scheduler, flags, persistence): its real servers and
     * their connections stay. NOT_FOUND if it does not exist.
     */
    public void editService(Service service) throws IpvsException {
        execute(Ops.editService(this, service));
    }

    /**
     * Sets and clears service flags without touching the others: the kernel applies
     * {@code (old & ~mask) | (flags & mask)}, with mask = the flags named here.
     */
    public void changeFlags(ServiceKey key, Set<ServiceFlag> set, Set<ServiceFlag> clear) throws IpvsException {
        Service current = service(key).orElseThrow(() -> new IpvsException("virtual service " + key
                + " does not exist", IpvsException.Reason.NOT_FOUND, Errno.ESRCH, null, null)).service();
        int mask = ServiceFlag.bits(set) | ServiceFlag.bits(clear);
        int flags = ServiceFlag.bits(set);
        execute(new Op(request(IpvsCodec.CMD_SET_SERVICE, writer -> IpvsCodec.writeService(writer, current, flags, mask)),
                e -> IpvsErrors.service("edit", key, current, e)));
    }

    /** Deletes a virtual service and its real servers; NOT_FOUND if it does not exist. */
    public void deleteService(ServiceKey key) throws IpvsException {
        execute(Ops.deleteService(this, key));
    }

    // --- real servers ---

    /** The real servers of a service with their counts and counters; empty if the service does not exist. */
    public List<DestinationStatus> destinations(ServiceKey key) throws IpvsException {
        try {
            return channel.dump(request(IpvsCodec.CMD_GET_DEST, writer -> IpvsCodec.writeServiceKey(writer, key)),
                    message -> IpvsCodec.parseDestination(message, key.family()));
        } catch (NetlinkException e) {
            throw IpvsErrors.service("list the real servers of", key, null, e);
        }
    }

    /**
     * The real servers of a service as configured, without their counts and counters: what a
     * reconcile compares with the wanted ones, read for less (the kernel sends the counters all
     * the same, but they are not parsed). Equal to the {@link DestinationStatus#destination()}s of
     * {@link #destinations}; empty if the service does not exist.
     */
    public List<Destination> destinationConfigs(ServiceKey key) throws IpvsException {
        try {
            return channel.dump(request(IpvsCodec.CMD_GET_DEST, writer -> IpvsCodec.writeServiceKey(writer, key)),
                    message -> IpvsCodec.parseDestinationConfig(message, key.family()));
        } catch (NetlinkException e) {
            throw IpvsErrors.service("list the real servers of", key, null, e);
        }
    }

    /**
     * The real servers of a service as configured, matched with the wanted ones: what a
     * reconcile needs, for less than {@link #destinationConfigs(ServiceKey)} and a comparison of
     * its own. A real server configured exactly as wanted is not decoded at all: the match holds
     * the wanted instance (see {@link DestinationMatch}). The wanted real servers must have
     * distinct addresses and ports, and the list must not change during the call.
     */
    public DestinationMatch destinationConfigs(ServiceKey key, List<Destination> wanted) throws IpvsException {
        DestinationMatcher matcher = new DestinationMatcher(key.family(), wanted);
        try {
            channel.dump(request(IpvsCodec.CMD_GET_DEST, writer -> IpvsCodec.writeServiceKey(writer, key)), matcher);
        } catch (NetlinkException e) {
            throw IpvsErrors.service("list the real servers of", key, null, e);
        }
        return matcher.result();
    }

    /** Adds a real server; ALREADY_EXISTS if the service has it, NOT_FOUND if the service is missing. */
    public void addDestination(ServiceKey key, Destination destination) throws IpvsException {
        execute(Ops.addDestination(this, key, destination));
    }

    /** Changes a real server in place (weight, thresholds, forwarding); NOT_FOUND if it is missing. */
    public void editDestination(ServiceKey key, Destination destination) throws IpvsException {
        execute(Ops.editDestination(this, key, destination));
    }

    /** Removes a real server; NOT_FOUND if it is missing. */
    public void deleteDestination(ServiceKey key, InetAddress address, int port) throws IpvsException {
        execute(Ops.deleteDestination(this, key, address, port));
    }

    // --- table-wide ---

    /** Zeroes the counters of every service and real server. */
    public void zero() throws IpvsException {
        execute(new Op(request(IpvsCodec.CMD_ZERO, writer -> {}), e -> IpvsErrors.generic("zero", "the IPVS counters", e)));
    }

    /** Zeroes the counters of one service and its real servers. */
    public void zero(ServiceKey key) throws IpvsException {
        execute(new Op(request(IpvsCodec.CMD_ZERO, writer -> IpvsCodec.writeServiceKey(writer, key)),
                e -> IpvsErrors.service("zero the counters of", key, null, e)));
    }

    /** Removes every service and real server. */
    public void flush() throws IpvsException {
        execute(Ops.flush(this));
    }

    public Timeouts timeouts() throws IpvsException {
        try {
            return channel.query(request(IpvsCodec.CMD_GET_CONFIG, writer -> {}), IpvsCodec::parseTimeouts);
        } catch (NetlinkException e) {
            throw IpvsErrors.generic("read", "the IPVS timeouts", e);
        }
    }

    /** Sets the connection timeouts; a zero value leaves that one unchanged. */
    public void setTimeouts(Timeouts timeouts) throws IpvsException {
        execute(new Op(request(IpvsCodec.CMD_SET_CONFIG, writer -> IpvsCodec.writeTimeouts(writer, timeouts)),
                e -> IpvsErrors.generic("set", "the IPVS timeouts", e)));
    }

    /** Starts a connection-sync daemon; ALREADY_EXISTS if one in that state runs. */
    public void startSyncDaemon(SyncDaemon daemon) throws IpvsException {
        execute(new Op(request(IpvsCodec.CMD_NEW_DAEMON, writer -> IpvsCodec.writeDaemon(writer, daemon)),
                e -> IpvsErrors.daemon("start", daemon.state(), e)));
    }

    /** Stops the sync daemon in that state; NOT_FOUND if none runs. */
    public void stopSyncDaemon(SyncState state) throws IpvsException {
        execute(new Op(request(IpvsCodec.CMD_DEL_DAEMON, writer -> IpvsCodec.writeDaemonState(writer, state)),
                e -> IpvsErrors.daemon("stop", state, e)));
    }

    /** The running sync daemons (none, master, backup or both). */
    public List<SyncDaemon> syncDaemons() throws IpvsException {
        try {
            return channel.dump(request(IpvsCodec.CMD_GET_DAEMON, writer -> {}), IpvsCodec::parseDaemon);
        } catch (NetlinkException e) {
            throw IpvsErrors.generic("list", "the sync daemons", e);
        }
    }

    /** The IPVS version and connection table size. */
    public IpvsInfo info() throws IpvsException {
        try {
            return channel.query(request(IpvsCodec.CMD_GET_INFO, writer -> {}), IpvsCodec::parseInfo);
        } catch (NetlinkException e) {
            throw IpvsErrors.generic("read", "the IPVS version", e);
        }
    }

    /** Collects changes to send together, with few system calls; see {@link IpvsBatch}. */
    public IpvsBatch batch() {
        return new IpvsBatch(this);
    }

    @Override
    public void close() {
        channel.close();
    }

    // --- plumbing shared with IpvsBatch ---

    Request request(int command, Consumer<MessageWriter> attributes) {
        return GenericNetlink.request(familyId, command, IpvsCodec.VERSION, 0, attributes);
    }

    int familyId() {
        return familyId;
    }

    NetlinkChannel channel() {
        return channel;
    }

    private void execute(Op op) throws IpvsException {
        try {
            channel.execute(op.request());
        } catch (NetlinkException e) {
            throw op.error().apply(e);
        }
    }

    /** A request and how to explain its failure. */
    record Op(Request request, java.util.function.Function<NetlinkException, IpvsException> error) {}

    /** The operations that both single calls and batches send. */
    static final class Ops {
        private Ops() {}

        static Op addService(IpvsClient client, Service service) {
            return new Op(client.request(IpvsCodec.CMD_NEW_SERVICE, writer -> IpvsCodec.writeService(writer, service)),
                    e -> IpvsErrors.service("add", service.key(), service, e));
        }

        static Op editService(IpvsClient client, Service service) {
            return new Op(client.request(IpvsCodec.CMD_SET_SERVICE, writer -> IpvsCodec.writeService(writer, service)),
                    e -> IpvsErrors.service("edit", service.key(), service, e));
        }

        static Op deleteService(IpvsClient client, ServiceKey key) {
            return new Op(client.request(IpvsCodec.CMD_DEL_SERVICE, writer -> IpvsCodec.writeServiceKey(writer, key)),
                    e -> IpvsErrors.service("delete", key, null, e));
        }

        static Op addDestination(IpvsClient client, ServiceKey key, Destination destination) {
            return new Op(client.request(IpvsCodec.CMD_NEW_DEST, writer -> {
                IpvsCodec.writeServiceKey(writer, key);
                IpvsCodec.writeDestination(writer, destination);
            }), e -> IpvsErrors.destination("add", key, destination.address(), destination.port(), e));
        }

        static Op editDestination(IpvsClient client, ServiceKey key, Destination destination) {
            return new Op(client.request(IpvsCodec.CMD_SET_DEST, writer -> {
                IpvsCodec.writeServiceKey(writer, key);
                IpvsCodec.writeDestination(writer, destination);
            }), e -> IpvsErrors.destination("edit", key, destination.address(), destination.port(), e));
        }

        static Op deleteDestination(IpvsClient client, ServiceKey key, InetAddress address, int port) {
            return new Op(client.request(IpvsCodec.CMD_DEL_DEST, writer -> {
                IpvsCodec.writeServiceKey(writer, key);
                IpvsCodec.writeDestinationKey(writer, address, port);
            }), e -> IpvsErrors.destination("delete", key, address, port, e));
        }

        static Op flush(IpvsClient client) {
            return new Op(client.request(IpvsCodec.CMD_FLUSH, writer -> {}),
                    e -> IpvsErrors.generic("flush", "the IPVS table", e));
        }
    }
}
