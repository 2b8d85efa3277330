package org.piranha.lvscf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What changed between two configs, for a reload: global keys field by field, virtual services
 * added, removed or changed (matched by name), and within a changed service its real servers
 * added, removed or changed (matched by name). Both configs are expected to be valid (names
 * unique); with duplicate names the first of each wins.
 *
 * <pre>{@code
 * ConfigDiff diff = ConfigDiff.between(running, reloaded);
 * diff.removedServices().forEach(lvsd::stop);
 * for (ServiceDiff s : diff.changedServices()) {
 *     if (s.identityChanged()) replace(s.before(), s.after()); else edit(s.after());
 *     s.removedServers().forEach(...); s.addedServers().forEach(...);
 *     for (RealServer kept : s.after().servers()) if (!s.nannyChanges(kept.name()).isEmpty()) restartNanny(kept);
 * }
 * diff.addedServices().forEach(lvsd::start);
 * }</pre>
 */
public final class ConfigDiff {

    private final LvsConfig before;
    private final LvsConfig after;
    private final List<FieldChange> globalChanges;
    private final List<VirtualService> addedServices = new ArrayList<>();
    private final List<VirtualService> removedServices = new ArrayList<>();
    private final List<ServiceDiff> changedServices = new ArrayList<>();

    private ConfigDiff(LvsConfig before, LvsConfig after) {
        this.before = before;
        this.after = after;
        List<FieldChange> globals = new ArrayList<>();
        for (GlobalField field : GlobalField.values()) {
            Object a = field.valueIn(before.globals());
            Object b = field.valueIn(after.globals());
            if (!Objects.equals(a, b)) {
                globals.add(new FieldChange(field, a, b));
            }
        }
        this.globalChanges = List.copyOf(globals);
        List<FieldChange> globalNanny = globals.stream().filter(c -> c.field().affectsNanny()).toList();
        Map<String, VirtualService> old = byName(before.services());
        Map<String, VirtualService> current = byName(after.services());
        for (VirtualService service : current.values()) {
            VirtualService previous = old.get(service.name());
            if (previous == null) {
                addedServices.add(service);
            } else {
                ServiceDiff.compare(previous, service, globalNanny).ifPresent(changedServices::add);
            }
        }
        for (VirtualService service : old.values()) {
            if (!current.containsKey(service.name())) {
                removedServices.add(service);
            }
        }
    }

    public static ConfigDiff between(LvsConfig before, LvsConfig after) {
        return new ConfigDiff(Objects.requireNonNull(before), Objects.requireNonNull(after));
    }

    public LvsConfig before() {
        return before;
    }

    public LvsConfig after() {
        return after;
    }

    /** True when the two configs are equal but for the order of services or servers (nothing to do). */
    public boolean isEmpty() {
        return globalChanges.isEmpty() && addedServices.isEmpty() && removedServices.isEmpty()
                && changedServices.isEmpty();
    }

    /** The global keys that changed, in lvs.cf order. */
    public List<FieldChange> globalChanges() {
        return globalChanges;
    }

    public boolean changed(GlobalField field) {
        return globalChanges.stream().anyMatch(c -> c.field() == field);
    }

    public List<VirtualService> addedServices() {
        return List.copyOf(addedServices);
    }

    public List<VirtualService> removedServices() {
        return List.copyOf(removedServices);
    }

    public List<ServiceDiff> changedServices() {
        return List.copyOf(changedServices);
    }

    public Optional<ServiceDiff> service(String name) {
        return changedServices.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** One line per change, for a log. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        globalChanges.forEach(c -> text.append(c).append('\n'));
        removedServices.forEach(s -> text.append("virtual ").append(s.name()).append(" removed\n"));
        changedServices.forEach(s -> text.append(s).append('\n'));
        addedServices.forEach(s -> text.append("virtual ").append(s.name()).append(" added\n"));
        return text.toString();
    }

    private static Map<String, VirtualService> byName(List<VirtualService> services) {
        Map<String, VirtualService> map = new LinkedHashMap<>();
        for (VirtualService service : services) {
            map.putIfAbsent(service.name(), service);
        }
        return map;
    }
}
