package org.piranha.lvsd;

import java.util.Optional;
import org.piranha.netlink.ipvs.IpvsClient;
import org.piranha.netlink.ipvs.IpvsException;

/**
 * The table a {@link DryRun} rehearses on. Where lvsd may make one and the real table is empty (a
 * cold standby's), it is the kernel's IPVS in a network namespace made for the rehearsal
 * ({@link OwnNamespaceIpvs}), gone when it is closed. lvsd's writes then go
 * through the same netlink code and kernel calls as at the takeover, whose first run under a slow
 * or emulated CPU cost a tenth of a second per kind of change. Otherwise it is a copy of the real
 * table in memory, and the rehearsal writes nothing anywhere.
 */
final class RehearsalTable implements AutoCloseable {

    private final IpvsTable table;
    private final IpvsClient privateClient;

    private RehearsalTable(IpvsTable table, IpvsClient privateClient) {
        this.table = table;
        this.privateClient = privateClient;
    }

    /**
     * @param kernel       the real table, copied when the rehearsal does not use a namespace of its own
     * @param ownNamespace whether lvsd may make a network namespace for it (not with {@code --test-start})
     */
    static RehearsalTable of(IpvsTable kernel, boolean ownNamespace) {
        MemoryIpvs copy;
        try {
            copy = MemoryIpvs.copyOf(kernel);
        } catch (IpvsException e) {
            return new RehearsalTable(new MemoryIpvs(), null); // the real start will say what is wrong with IPVS
        }
        if (ownNamespace && copy.services().isEmpty()) {
            Optional<IpvsClient> client = OwnNamespaceIpvs.open();
            if (client.isPresent()) {
                return new RehearsalTable(new KernelIpvs(client.get()), client.get());
            }
        }
        return new RehearsalTable(copy, null);
    }

    IpvsTable table() {
        return table;
    }

    /** Whether the rehearsal writes to the kernel, in a namespace of its own. */
    boolean isKernel() {
        return privateClient != null;
    }

    @Override
    public void close() {
        if (privateClient != null) {
            privateClient.close(); // the namespace's last reference: the kernel removes it and its table
        }
    }
}
