package org.piranha.netlink.ipvs;

/** A service as the kernel reports it: its configuration and, apart, its counters. */
public record ServiceStatus(Service service, Stats stats) {

    public ServiceKey key() {
        return service.key();
    }
}
