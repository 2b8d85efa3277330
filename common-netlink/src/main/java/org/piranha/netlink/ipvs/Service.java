package org.piranha.netlink.ipvs;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.piranha.netlink.IpFamily;

/**
 * The configuration of a virtual service. Values compare equal exactly when IPVS would hold the
 * same configuration, so a dump ({@link ServiceStatus#service()}) can be compared with desired state.
 *
 * @param key                the service's identity
 * @param scheduler          scheduler name: rr, wrr, lc, wlc, lblc, lblcr, dh, sh, sed, nq, fo, ovf, mh
 * @param flags              service flags; PERSISTENT goes with a non-zero {@code persistenceTimeout}
 * @param persistenceTimeout seconds a client sticks to its real server (0 when not persistent)
 * @param persistenceNetmask prefix length grouping clients for persistence: 0-32 for IPv4
 *                           (32 = each client alone), 1-128 for IPv6
 * @param persistenceEngine  persistence engine such as "sip", or null
 */
public record Service(ServiceKey key, String scheduler, Set<ServiceFlag> flags, int persistenceTimeout,
        int persistenceNetmask, String persistenceEngine) {

    /** IP_VS_SCHEDNAME_MAXLEN and IP_VS_PENAME_MAXLEN, with the NUL. */
    static final int NAME_MAX = 16;

    public Service {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(scheduler, "scheduler");
        if (scheduler.isEmpty() || scheduler.length() >= NAME_MAX) {
            throw new IllegalArgumentException("scheduler name \"" + scheduler + "\" must have 1-15 characters");
        }
        flags = Set.copyOf(flags);
        if (persistenceTimeout < 0) {
            throw new IllegalArgumentException("persistence timeout " + persistenceTimeout + " is negative");
        }
        int min = key.family() == IpFamily.IPV6 ? 1 : 0;
        if (persistenceNetmask < min || persistenceNetmask > key.family().maxPrefixLength()) {
            throw new IllegalArgumentException("persistence netmask /" + persistenceNetmask + " is out of range "
                    + min + "-" + key.family().maxPrefixLength() + " for " + key);
        }
        if (persistenceEngine != null && (persistenceEngine.isEmpty() || persistenceEngine.length() >= NAME_MAX)) {
            throw new IllegalArgumentException("persistence engine name must have 1-15 characters");
        }
    }

    // equals and hashCode are written out, not left to the record: the generated ones are
    // bootstrapped (java.lang.runtime.ObjectMethods) at their first call, which in a cold JVM
    // under emulation held lvsd's first reconcile for seconds (bench/ipvs).
    @Override
    public boolean equals(Object other) {
        return other instanceof Service s && persistenceTimeout == s.persistenceTimeout
                && persistenceNetmask == s.persistenceNetmask && key.equals(s.key) && scheduler.equals(s.scheduler)
                && flags.equals(s.flags) && Objects.equals(persistenceEngine, s.persistenceEngine);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, scheduler, flags, persistenceTimeout, persistenceNetmask, persistenceEngine);
    }

    public static Builder builder(ServiceKey key) {
        return new Builder(key);
    }

    public boolean isPersistent() {
        return flags.contains(ServiceFlag.PERSISTENT);
    }

    public Builder toBuilder() {
        Builder builder = new Builder(key).scheduler(scheduler).persistenceNetmask(persistenceNetmask)
                .persistenceEngine(persistenceEngine);
        builder.flags = flags.isEmpty() ? EnumSet.noneOf(ServiceFlag.class) : EnumSet.copyOf(flags);
        builder.timeout = persistenceTimeout;
        return builder;
    }

    /** Builds a {@link Service}; defaults: scheduler wlc, not persistent, netmask /32 or /128. */
    public static final class Builder {
        private final ServiceKey key;
        private String scheduler = "wlc";
        private EnumSet<ServiceFlag> flags = EnumSet.noneOf(ServiceFlag.class);
        private int timeout;
        private int netmask;
        private String engine;

        private Builder(ServiceKey key) {
            this.key = Objects.requireNonNull(key, "key");
            this.netmask = key.family().maxPrefixLength();
        }

        public Builder scheduler(String scheduler) {
            this.scheduler = scheduler;
            return this;
        }

        /** Makes the service persistent for {@code seconds} (ipvsadm -p), or not when 0. */
        public Builder persistent(int seconds) {
            timeout = seconds;
            if (seconds > 0) {
                flags.add(ServiceFlag.PERSISTENT);
            } else {
                flags.remove(ServiceFlag.PERSISTENT);
            }
            return this;
        }

        /** Clients sharing this prefix stick together (ipvsadm -M); IPv4 /0-/32, IPv6 /1-/128. */
        public Builder persistenceNetmask(int prefixLength) {
            this.netmask = prefixLength;
            return this;
        }

        public Builder persistenceEngine(String engine) {
            this.engine = engine;
            return this;
        }

        public Builder flag(ServiceFlag flag) {
            flags.add(flag);
            return this;
        }

        public Builder flags(Set<ServiceFlag> flags) {
            this.flags = flags.isEmpty() ? EnumSet.noneOf(ServiceFlag.class) : EnumSet.copyOf(flags);
            return this;
        }

        public Service build() {
            return new Service(key, scheduler, flags, timeout, netmask, engine);
        }
    }
}
