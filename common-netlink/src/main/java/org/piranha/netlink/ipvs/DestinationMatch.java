package org.piranha.netlink.ipvs;

import java.util.Collections;
import java.util.List;

/**
 * The real servers of one service as IPVS has them configured, matched with the ones a reconcile
 * wants ({@link IpvsClient#destinationConfigs(ServiceKey, List)}). A real server whose
 * configuration equals the wanted one is that very {@link Destination} instance: only the ones
 * that differ and the ones nobody wants were decoded into new objects.
 */
public final class DestinationMatch {

    private final List<Destination> wanted;
    private final Destination[] found;
    private final List<Destination> configs;
    private final List<Destination> unwanted;
    private final boolean allFound;

    DestinationMatch(List<Destination> wanted, Destination[] found, List<Destination> configs,
            List<Destination> unwanted, boolean allFound) {
        this.wanted = wanted;
        this.found = found;
        this.configs = Collections.unmodifiableList(configs);
        this.unwanted = Collections.unmodifiableList(unwanted);
        this.allFound = allFound;
    }

    /**
     * IPVS has every wanted real server exactly as wanted and no other: nothing to change, known
     * without a look at each one (counted while the dump was read).
     */
    public boolean asWanted() {
        return allFound && unwanted.isEmpty();
    }

    /** The wanted real servers, in the order they were given. */
    public List<Destination> wanted() {
        return wanted;
    }

    /**
     * What IPVS has at the address and port of {@code wanted().get(index)}: that same instance
     * when IPVS's configuration equals it, another one when it differs, null when IPVS has no
     * real server there.
     */
    public Destination found(int index) {
        return found[index];
    }

    /** IPVS has the wanted real server at {@code index} exactly as wanted. */
    public boolean matches(int index) {
        return wanted.get(index).equals(found[index]);
    }

    /** The real servers of the service that are at none of the wanted addresses and ports, in dump order. */
    public List<Destination> unwanted() {
        return unwanted;
    }

    /** Every real server of the service in dump order: equal to {@link IpvsClient#destinationConfigs(ServiceKey)}. */
    public List<Destination> configs() {
        return configs;
    }
}
