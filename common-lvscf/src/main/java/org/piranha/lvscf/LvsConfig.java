package org.piranha.lvscf;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A whole lvs.cf: the global settings and the virtual services in file order. Immutable; build
 * one with {@link LvsConfigParser}, {@link LvsConfigLoader} or the builders, write it with
 * {@link LvsConfigWriter}, compare two with {@link ConfigDiff}.
 *
 * <p>What Piranha read only for FOS mode ({@code service = fos}) and ignored under
 * {@code service = lvs} is kept so that a write gives it back, and nothing acts on it: the global
 * FOS keys ({@link #fosGlobals()}) and the {@code failover NAME { }} blocks
 * ({@link #failoverServices()}, in file order).
 */
public record LvsConfig(GlobalSettings globals, List<VirtualService> services, FosKeys fosGlobals,
                        List<VirtualService> failoverServices) {

    /** Where pulse and lvsd read it unless told otherwise. */
    public static final String DEFAULT_PATH = "/etc/sysconfig/ha/lvs.cf";

    public LvsConfig {
        Objects.requireNonNull(globals, "globals");
        services = List.copyOf(services);
        Objects.requireNonNull(fosGlobals, "fosGlobals").requireScope(FosKey.Scope.GLOBAL);
        failoverServices = List.copyOf(failoverServices);
    }

    /** A config without FOS leftovers; to change a parsed config, use {@link #withServices} or {@link #withGlobals}. */
    public LvsConfig(GlobalSettings globals, List<VirtualService> services) {
        this(globals, services, FosKeys.NONE, List.of());
    }

    /**
     * This config with other virtual services, its FOS leftovers kept: what an editor (the GUI)
     * uses, so that a write still gives back what Piranha ignored.
     */
    public LvsConfig withServices(List<VirtualService> newServices) {
        return new LvsConfig(globals, newServices, fosGlobals, failoverServices);
    }

    /** This config with other global settings, its FOS leftovers kept (see {@link #withServices}). */
    public LvsConfig withGlobals(GlobalSettings newGlobals) {
        return new LvsConfig(newGlobals, services, fosGlobals, failoverServices);
    }

    public static LvsConfig of(GlobalSettings globals, VirtualService... services) {
        return new LvsConfig(globals, List.of(services));
    }

    /** The services with {@code active = 1}: the ones lvsd puts into IPVS. */
    public List<VirtualService> activeServices() {
        List<VirtualService> result = new ArrayList<>();
        for (VirtualService service : services) {
            if (service.active()) {
                result.add(service);
            }
        }
        return result;
    }

    public Optional<VirtualService> service(String name) {
        return services.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /**
     * The distinct VIPs of the active services, in file order. Several services may share a VIP;
     * as in Piranha the first active one's device (and netmask) is used.
     */
    public List<FloatingAddress> activeVips() {
        Map<InetAddress, FloatingAddress> vips = new LinkedHashMap<>();
        for (VirtualService service : services) {
            if (service.active() && service.address().isPresent()) {
                InterfaceAddress vip = service.address().get();
                vips.putIfAbsent(vip.address(),
                        new FloatingAddress(vip.address(), vip.device(), service.effectiveVipNetmask()));
            }
        }
        return List.copyOf(vips.values());
    }

    /** The NAT router address pulse brings up with the VIPs when {@code network = nat}. */
    public Optional<FloatingAddress> natRouter() {
        if (globals.network() != ForwardingMethod.NAT) {
            return Optional.empty();
        }
        return globals.natRouter().map(r -> new FloatingAddress(r.address(), r.device(),
                globals.natNmask().filter(m -> !m.isZero())));
    }

    /** Everything pulse brings up when it activates: the NAT router address first, then the VIPs. */
    public List<FloatingAddress> floatingAddresses() {
        List<FloatingAddress> result = new ArrayList<>();
        natRouter().ifPresent(result::add);
        for (FloatingAddress vip : activeVips()) {
            if (result.stream().noneMatch(a -> a.address().equals(vip.address()))) {
                result.add(vip);
            }
        }
        return result;
    }

    /** The number of active real servers of active services: how many nannies lvsd runs. */
    public int activeServerCount() {
        int count = 0;
        for (VirtualService service : services) {
            if (service.active()) {
                count += service.activeServers().size();
            }
        }
        return count;
    }
}
