package org.piranha.netlink.ipvs;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.piranha.netlink.MessageWriter;
import org.piranha.netlink.NetlinkException;
import org.piranha.netlink.RequestBatch;

/**
 * Changes collected to be sent together: each is encoded as it is queued, and
 * {@link #execute()} sends them many per system call and reads the kernel's answers in bulk (see
 * {@link org.piranha.netlink.NetlinkChannel#send(RequestBatch)}). The kernel applies them in
 * order and goes on after a failure; each failure is reported against the change that caused
 * it. Not thread-safe; the client is.
 *
 * <pre>{@code
 * BatchResult result = ipvs.batch().addService(web).addDestination(web.key(), rs1).execute();
 * result.orThrow();
 * }</pre>
 */
public final class IpvsBatch {

    private final IpvsClient client;
    private final RequestBatch requests = new RequestBatch();
    /**
     * The last service key written and its bytes: a service's real servers mostly come together.
     * Compared by identity: a record's equals() is bootstrapped on its first call (over a second
     * in a cold JVM under emulation), and an equal key in another object only costs a re-encoding.
     */
    private ServiceKey lastKey;
    private byte[] lastKeyBytes;
    /** What each change was, kept to explain a failure (the words are made only then). */
    private final List<Change> changes = new ArrayList<>();

    IpvsBatch(IpvsClient client) {
        this.client = client;
    }

    public IpvsBatch addService(Service service) {
        IpvsCodec.writeService(begin(IpvsCodec.CMD_NEW_SERVICE), service);
        return queued(new Change(Kind.ADD_SERVICE, service.key(), service, null, null, 0));
    }

    public IpvsBatch editService(Service service) {
        IpvsCodec.writeService(begin(IpvsCodec.CMD_SET_SERVICE), service);
        return queued(new Change(Kind.EDIT_SERVICE, service.key(), service, null, null, 0));
    }

    public IpvsBatch deleteService(ServiceKey key) {
        IpvsCodec.writeServiceKey(begin(IpvsCodec.CMD_DEL_SERVICE), key);
        return queued(new Change(Kind.DELETE_SERVICE, key, null, null, null, 0));
    }

    public IpvsBatch addDestination(ServiceKey key, Destination destination) {
        MessageWriter writer = begin(IpvsCodec.CMD_NEW_DEST);
        writeServiceKey(writer, key);
        IpvsCodec.writeDestination(writer, destination);
        return queued(new Change(Kind.ADD_DESTINATION, key, null, destination, destination.address(),
                destination.port()));
    }

    public IpvsBatch editDestination(ServiceKey key, Destination destination) {
        MessageWriter writer = begin(IpvsCodec.CMD_SET_DEST);
        writeServiceKey(writer, key);
        IpvsCodec.writeDestination(writer, destination);
        return queued(new Change(Kind.EDIT_DESTINATION, key, null, destination, destination.address(),
                destination.port()));
    }

    public IpvsBatch deleteDestination(ServiceKey key, InetAddress address, int port) {
        MessageWriter writer = begin(IpvsCodec.CMD_DEL_DEST);
        writeServiceKey(writer, key);
        IpvsCodec.writeDestinationKey(writer, address, port);
        return queued(new Change(Kind.DELETE_DESTINATION, key, null, null, address, port));
    }

    public IpvsBatch flush() {
        begin(IpvsCodec.CMD_FLUSH);
        return queued(new Change(Kind.FLUSH, null, null, null, null, 0));
    }

    /** How many changes are queued. */
    public int size() {
        return changes.size();
    }

    /**
     * Sends every queued change and empties the batch.
     *
     * @throws IpvsException only when the exchange itself failed (e.g. answers were lost); which
     *         changes took effect is then unknown, so read the table back
     */
    public BatchResult execute() throws IpvsException {
        int count = changes.size();
        NetlinkException[] outcomes;
        try {
            outcomes = client.channel().send(requests);
        } catch (NetlinkException e) {
            throw IpvsErrors.generic("apply", "a batch of " + count + " IPVS changes", e);
        } finally {
            requests.clear();
        }
        List<BatchResult.Failure> failures = new ArrayList<>();
        for (int i = 0; i < outcomes.length; i++) {
            if (outcomes[i] != null) {
                Change change = changes.get(i);
                failures.add(new BatchResult.Failure(i, change.description(), change.error(outcomes[i])));
            }
        }
        changes.clear();
        return new BatchResult(count, failures);
    }

    private void writeServiceKey(MessageWriter writer, ServiceKey key) {
        if (key != lastKey) {
            lastKey = key;
            lastKeyBytes = IpvsCodec.serviceKeyBytes(key);
        }
        writer.putBytes(lastKeyBytes);
    }

    private MessageWriter begin(int command) {
        return requests.begin(client.familyId(), 0).putU8(command).putU8(IpvsCodec.VERSION).putU16(0);
    }

    private IpvsBatch queued(Change change) {
        requests.end();
        changes.add(change);
        return this;
    }

    private enum Kind {
        ADD_SERVICE, EDIT_SERVICE, DELETE_SERVICE, ADD_DESTINATION, EDIT_DESTINATION, DELETE_DESTINATION, FLUSH
    }

    /** One queued change: what it acts on, for the words of its failure. */
    private record Change(Kind kind, ServiceKey key, Service service, Destination destination, InetAddress address,
                          int port) {

        String description() {
            return switch (kind) {
                case ADD_SERVICE -> "add virtual service " + key;
                case EDIT_SERVICE -> "edit virtual service " + key;
                case DELETE_SERVICE -> "delete virtual service " + key;
                case ADD_DESTINATION -> "add real server " + destination.endpoint() + " to " + key;
                case EDIT_DESTINATION -> "edit real server " + destination.endpoint() + " of " + key;
                case DELETE_DESTINATION -> "delete real server " + ServiceKey.endpoint(address, port) + " of " + key;
                case FLUSH -> "flush the IPVS table";
            };
        }

        IpvsException error(NetlinkException e) {
            return switch (kind) {
                case ADD_SERVICE -> IpvsErrors.service("add", key, service, e);
                case EDIT_SERVICE -> IpvsErrors.service("edit", key, service, e);
                case DELETE_SERVICE -> IpvsErrors.service("delete", key, null, e);
                case ADD_DESTINATION -> IpvsErrors.destination("add", key, address, port, e);
                case EDIT_DESTINATION -> IpvsErrors.destination("edit", key, address, port, e);
                case DELETE_DESTINATION -> IpvsErrors.destination("delete", key, address, port, e);
                case FLUSH -> IpvsErrors.generic("flush", "the IPVS table", e);
            };
        }
    }
}
