package org.piranha.lvscf;

import java.net.InetAddress;
import java.util.Objects;

/**
 * What identifies a virtual service inside IPVS: a firewall mark (per address family), or a
 * protocol, virtual IP and port. Two active services may not share one; lvsd edits a service in
 * place while its identity stays the same and replaces it when the identity changes.
 */
public sealed interface ServiceIdentity {

    /** {@code ipvsadm -f MARK}: the mark, and whether the service is IPv6 (from its VIP). */
    record Fwmark(int mark, boolean ipv6) implements ServiceIdentity {
        @Override
        public String toString() {
            return "FWM " + mark + (ipv6 ? " IPv6" : "");
        }
    }

    /** {@code ipvsadm -t|-u VIP:PORT}. */
    record Address(Protocol protocol, InetAddress address, int port) implements ServiceIdentity {
        public Address {
            Objects.requireNonNull(protocol, "protocol");
            Objects.requireNonNull(address, "address");
        }

        @Override
        public String toString() {
            return protocol.name() + " " + Addresses.withPort(address, port);
        }
    }
}
