package org.piranha.netlink.ipvs;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.piranha.netlink.NetlinkException;
import org.piranha.netlink.Request;
import java.util.function.Supplier;

/**
 * Changes collected to be sent together: many requests per system call, the kernel's answers
 * read after each datagram. The kernel applies them in order and goes on after a failure; each
 * failure is reported against the change that caused it. Not thread-safe; the client is.
 *
 * <pre>{@code
 * BatchResult result = ipvs.batch().addService(web).addDestination(web.key(), rs1).execute();
 * result.orThrow();
 * }</pre>
 */
public final class IpvsBatch {

    private final IpvsClient client;
    private final List<IpvsClient.Op> ops = new ArrayList<>();
    /** What each change is, in words; made only for failures (building 10,000 strings costs). */
    private final List<Supplier<String>> descriptions = new ArrayList<>();

    IpvsBatch(IpvsClient client) {
        this.client = client;
    }

    public IpvsBatch addService(Service service) {
        return add(IpvsClient.Ops.addService(client, service), () -> "add virtual service " + service.key());
    }

    public IpvsBatch editService(Service service) {
        return add(IpvsClient.Ops.editService(client, service), () -> "edit virtual service " + service.key());
    }

    public IpvsBatch deleteService(ServiceKey key) {
        return add(IpvsClient.Ops.deleteService(client, key), () -> "delete virtual service " + key);
    }

    public IpvsBatch addDestination(ServiceKey key, Destination destination) {
        return add(IpvsClient.Ops.addDestination(client, key, destination),
                () -> "add real server " + destination.endpoint() + " to " + key);
    }

    public IpvsBatch editDestination(ServiceKey key, Destination destination) {
        return add(IpvsClient.Ops.editDestination(client, key, destination),
                () -> "edit real server " + destination.endpoint() + " of " + key);
    }

    public IpvsBatch deleteDestination(ServiceKey key, InetAddress address, int port) {
        return add(IpvsClient.Ops.deleteDestination(client, key, address, port),
                () -> "delete real server " + ServiceKey.endpoint(address, port) + " of " + key);
    }

    public IpvsBatch flush() {
        return add(IpvsClient.Ops.flush(client), () -> "flush the IPVS table");
    }

    /** How many changes are queued. */
    public int size() {
        return ops.size();
    }

    /**
     * Sends every queued change and empties the batch.
     *
     * @throws IpvsException only when the exchange itself failed (e.g. answers were lost); which
     *         changes took effect is then unknown, so read the table back
     */
    public BatchResult execute() throws IpvsException {
        List<Request> requests = new ArrayList<>(ops.size());
        for (IpvsClient.Op op : ops) {
            requests.add(op.request());
        }
        NetlinkException[] outcomes;
        try {
            outcomes = client.channel().batch(requests);
        } catch (NetlinkException e) {
            throw IpvsErrors.generic("apply", "a batch of " + requests.size() + " IPVS changes", e);
        }
        List<BatchResult.Failure> failures = new ArrayList<>();
        for (int i = 0; i < outcomes.length; i++) {
            if (outcomes[i] != null) {
                failures.add(new BatchResult.Failure(i, descriptions.get(i).get(), ops.get(i).error().apply(outcomes[i])));
            }
        }
        int count = ops.size();
        ops.clear();
        descriptions.clear();
        return new BatchResult(count, failures);
    }

    private IpvsBatch add(IpvsClient.Op op, Supplier<String> description) {
        ops.add(op);
        descriptions.add(description);
        return this;
    }
}
