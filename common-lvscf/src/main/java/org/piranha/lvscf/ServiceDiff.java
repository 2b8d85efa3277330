package org.piranha.lvscf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A virtual service present in both configs (matched by name) that differs: its own keys, and
 * its real servers added, removed or changed (matched by name).
 *
 * <p>For lvsd: when {@link #identityChanged()} the IPVS service must be replaced (delete and add),
 * otherwise it can be edited in place ({@code scheduler}, {@code persistent}, {@code pmask}).
 * {@link #nannyChanges(String)} says whether a kept real server's nanny must be restarted.
 */
public final class ServiceDiff {

    private final VirtualService before;
    private final VirtualService after;
    private final List<FieldChange> changes;
    private final List<FieldChange> globalNannyChanges;
    private final List<RealServer> addedServers = new ArrayList<>();
    private final List<RealServer> removedServers = new ArrayList<>();
    private final List<ServerDiff> changedServers = new ArrayList<>();

    private ServiceDiff(VirtualService before, VirtualService after, List<FieldChange> globalNannyChanges) {
        this.before = before;
        this.after = after;
        this.globalNannyChanges = globalNannyChanges;
        List<FieldChange> fields = new ArrayList<>();
        for (ServiceField field : ServiceField.values()) {
            Object a = field.valueIn(before);
            Object b = field.valueIn(after);
            if (!Objects.equals(a, b)) {
                fields.add(new FieldChange(field, a, b));
            }
        }
        this.changes = List.copyOf(fields);
        Map<String, RealServer> old = byName(before.servers());
        Map<String, RealServer> current = byName(after.servers());
        for (RealServer server : current.values()) {
            RealServer previous = old.get(server.name());
            if (previous == null) {
                addedServers.add(server);
            } else {
                List<FieldChange> serverChanges = ServerDiff.compare(previous, server);
                if (!serverChanges.isEmpty()) {
                    changedServers.add(new ServerDiff(server.name(), previous, server, serverChanges));
                }
            }
        }
        for (RealServer server : old.values()) {
            if (!current.containsKey(server.name())) {
                removedServers.add(server);
            }
        }
    }

    /** The diff of two versions of a service, or empty when they are equal but for the order of servers. */
    static Optional<ServiceDiff> compare(VirtualService before, VirtualService after, List<FieldChange> globalNannyChanges) {
        ServiceDiff diff = new ServiceDiff(before, after, globalNannyChanges);
        boolean same = diff.changes.isEmpty() && diff.addedServers.isEmpty() && diff.removedServers.isEmpty()
                && diff.changedServers.isEmpty();
        return same ? Optional.empty() : Optional.of(diff);
    }

    public String name() {
        return after.name();
    }

    public VirtualService before() {
        return before;
    }

    public VirtualService after() {
        return after;
    }

    /** The service's own keys that changed, in lvs.cf order (servers are reported separately). */
    public List<FieldChange> changes() {
        return changes;
    }

    public boolean changed(ServiceField field) {
        return changes.stream().anyMatch(c -> c.field() == field);
    }

    /**
     * True when the IPVS identity changed (fwmark, or protocol, VIP and port): lvsd must delete the
     * old IPVS service and add the new one rather than edit it.
     */
    public boolean identityChanged() {
        return !Objects.equals(identityOf(before), identityOf(after));
    }

    public List<RealServer> addedServers() {
        return List.copyOf(addedServers);
    }

    public List<RealServer> removedServers() {
        return List.copyOf(removedServers);
    }

    public List<ServerDiff> changedServers() {
        return List.copyOf(changedServers);
    }

    public Optional<ServerDiff> server(String serverName) {
        return changedServers.stream().filter(s -> s.name().equals(serverName)).findFirst();
    }

    /**
     * The changes that reach every nanny of this service: service keys and global keys Piranha
     * passed on nanny's command line (send, expect, use_regex, send_program, timeout, reentry,
     * quiesce_server, load_monitor, client_monitor, port, protocol, fwmark, address; network,
     * ipvsadm, rsh_command).
     */
    public List<FieldChange> nannyChanges() {
        List<FieldChange> result = new ArrayList<>(globalNannyChanges);
        for (FieldChange change : changes) {
            if (change.field().affectsNanny()) {
                result.add(change);
            }
        }
        return result;
    }

    /**
     * The changes that reach the nanny of real server {@code serverName} (kept in both configs):
     * {@link #nannyChanges()} plus the server's own changed keys. Empty means its nanny can stay.
     */
    public List<FieldChange> nannyChanges(String serverName) {
        List<FieldChange> result = nannyChanges();
        server(serverName).ifPresent(s -> result.addAll(s.changes()));
        return result;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("virtual " + name() + ":");
        changes.forEach(c -> text.append(' ').append(c).append(';'));
        addedServers.forEach(s -> text.append(" server ").append(s.name()).append(" added;"));
        removedServers.forEach(s -> text.append(" server ").append(s.name()).append(" removed;"));
        changedServers.forEach(s -> text.append(" server ").append(s.name()).append(' ').append(s.changes()).append(';'));
        return text.toString();
    }

    private static ServiceIdentity identityOf(VirtualService service) {
        return service.address().isPresent() ? service.identity() : null;
    }

    private static Map<String, RealServer> byName(List<RealServer> servers) {
        Map<String, RealServer> map = new LinkedHashMap<>();
        for (RealServer server : servers) {
            map.putIfAbsent(server.name(), server);
        }
        return map;
    }
}
