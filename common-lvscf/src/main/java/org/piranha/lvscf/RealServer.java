package org.piranha.lvscf;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code server NAME { }} block of a virtual service.
 *
 * @param port the real-server port: checked by nanny and used as {@code -r RIP:PORT}. In lvs.cf
 *             it defaults to the service's {@code port} as read before the server block.
 */
public record RealServer(String name, Optional<InetAddress> address, boolean active, int weight, int port) {

    public static final int DEFAULT_WEIGHT = 1;

    public RealServer {
        Lexical.requireToken("server name", name);
        Objects.requireNonNull(address, "address");
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public Builder toBuilder() {
        return new Builder(name).address(address.orElse(null)).active(active).weight(weight).port(port);
    }

    /** The address, for a server the validator accepted as active (where it is required). */
    public InetAddress requireAddress() {
        return address.orElseThrow(() -> new IllegalStateException("real server " + name + " has no address"));
    }

    public static final class Builder {
        private final String name;
        private InetAddress address;
        private boolean active;
        private int weight = DEFAULT_WEIGHT;
        private int port = VirtualService.DEFAULT_PORT;

        Builder(String name) {
            this.name = name;
        }

        public Builder address(InetAddress address) {
            this.address = address;
            return this;
        }

        public Builder active(boolean active) {
            this.active = active;
            return this;
        }

        public Builder weight(int weight) {
            this.weight = weight;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public RealServer build() {
            return new RealServer(name, Optional.ofNullable(address), active, weight, port);
        }
    }
}
