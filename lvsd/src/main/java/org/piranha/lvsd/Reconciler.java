package org.piranha.lvsd;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.piranha.netlink.ipvs.Destination;
import org.piranha.netlink.ipvs.Service;
import org.piranha.netlink.ipvs.ServiceKey;

/**
 * Compares the IPVS table, read from the kernel, with what lvsd wants, service by service:
 * never a flush, so the services that stay keep their connections and a table left behind by a
 * crashed lvsd is adopted.
 */
final class Reconciler {

    private Reconciler() {}

    /**
     * What lvsd wants of one service: its IPVS configuration, and the real servers it accounts
     * for (active real servers, the sorry server, servers being drained). Real servers of the
     * service outside {@code known} are strays.
     */
    record Wanted(Service service, Set<Endpoint> known) {
        ServiceKey key() {
            return service.key();
        }
    }

    /**
     * @param add     services missing from IPVS
     * @param edit    services present with another configuration, to change in place
     * @param delete  services in IPVS that lvs.cf does not define
     * @param strays  real servers of wanted services that lvsd does not account for: drained and removed
     * @param adopted real servers lvsd accounts for that IPVS already has: kept until their nanny
     *                reports (up: kept or edited; down: removed)
     */
    record Plan(List<Service> add, List<Service> edit, List<ServiceKey> delete,
                Map<ServiceKey, List<Destination>> strays, Map<ServiceKey, Map<Endpoint, Destination>> adopted) {

        boolean changesNothing() {
            return add.isEmpty() && edit.isEmpty() && delete.isEmpty() && strays.isEmpty();
        }
    }

    static Plan plan(Collection<Wanted> wanted, Snapshot kernel) {
        List<Service> add = new ArrayList<>();
        List<Service> edit = new ArrayList<>();
        List<ServiceKey> delete = new ArrayList<>();
        Map<ServiceKey, List<Destination>> strays = new LinkedHashMap<>();
        Map<ServiceKey, Map<Endpoint, Destination>> adopted = new LinkedHashMap<>();
        Map<ServiceKey, Wanted> byKey = new LinkedHashMap<>();
        wanted.forEach(w -> byKey.put(w.key(), w));

        for (ServiceKey key : kernel.services().keySet()) {
            if (!byKey.containsKey(key)) {
                delete.add(key);
            }
        }
        for (Wanted w : byKey.values()) {
            Service present = kernel.services().get(w.key());
            if (present == null) {
                add.add(w.service());
                continue;
            }
            if (!present.equals(w.service())) {
                edit.add(w.service());
            }
            Map<Endpoint, Destination> kept = new LinkedHashMap<>();
            List<Destination> stray = new ArrayList<>();
            kernel.destinations(w.key()).forEach((endpoint, destination) -> {
                if (w.known().contains(endpoint)) {
                    kept.put(endpoint, destination);
                } else {
                    stray.add(destination);
                }
            });
            if (!kept.isEmpty()) {
                adopted.put(w.key(), kept);
            }
            if (!stray.isEmpty()) {
                strays.put(w.key(), stray);
            }
        }
        return new Plan(add, edit, delete, strays, adopted);
    }
}
