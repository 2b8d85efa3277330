package org.piranha.lvscf;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * One {@code virtual NAME { }} block: an IPVS virtual service, how its real servers are checked,
 * and the real servers. Raw values are kept as written (quotes of send/expect/send_program
 * included); the derived accessors give what the daemons act on. A {@code failover NAME { }} block
 * has the same keys and is held in the same record ({@link LvsConfig#failoverServices()}); the
 * FOS-only keys of either are kept in {@link #fosKeys()} and never acted on.
 */
public record VirtualService(
        String name,
        boolean active,
        Optional<InterfaceAddress> address,
        Optional<Netmask> vipNmask,
        int fwmark,
        Protocol protocol,
        int port,
        String scheduler,
        int persistent,
        Optional<Netmask> pmask,
        Optional<String> send,
        Optional<String> expect,
        boolean useRegex,
        Optional<String> sendProgram,
        Optional<LoadMonitor> loadMonitor,
        Duration timeout,
        int reentry,
        boolean quiesceServer,
        Optional<InetAddress> sorryServer,
        Optional<String> clientMonitor,
        List<RealServer> servers,
        FosKeys fosKeys,
        boolean announce,
        Set<SchedulerFlag> schedulerFlags) {

    public static final int DEFAULT_PORT = 80;
    public static final String DEFAULT_SCHEDULER = "wlc";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_REENTRY = 180;

    public VirtualService {
        Lexical.requireToken("virtual service name", name);
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(vipNmask, "vipNmask");
        Objects.requireNonNull(protocol, "protocol");
        Lexical.requireBareWord("scheduler", scheduler);
        Objects.requireNonNull(pmask, "pmask");
        send.ifPresent(s -> Lexical.requireToken("send", s));
        expect.ifPresent(s -> Lexical.requireToken("expect", s));
        sendProgram.ifPresent(s -> Lexical.requireToken("send_program", s));
        Objects.requireNonNull(loadMonitor, "loadMonitor");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(sorryServer, "sorryServer");
        clientMonitor.ifPresent(s -> Lexical.requireWritable("client_monitor", s));
        servers = List.copyOf(servers);
        Objects.requireNonNull(fosKeys, "fosKeys").requireScope(FosKey.Scope.SERVICE);
        schedulerFlags = schedulerFlags.isEmpty() ? Set.of()
                : Collections.unmodifiableSet(EnumSet.copyOf(schedulerFlags));
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public Builder toBuilder() {
        Builder b = new Builder(name);
        b.active = active;
        b.address = address.orElse(null);
        b.vipNmask = vipNmask.orElse(null);
        b.fwmark = fwmark;
        b.protocol = protocol;
        b.port = port;
        b.scheduler = scheduler;
        b.persistent = persistent;
        b.pmask = pmask.orElse(null);
        b.send = send.orElse(null);
        b.expect = expect.orElse(null);
        b.useRegex = useRegex;
        b.sendProgram = sendProgram.orElse(null);
        b.loadMonitor = loadMonitor.orElse(null);
        b.timeout = timeout;
        b.reentry = reentry;
        b.quiesceServer = quiesceServer;
        b.sorryServer = sorryServer.orElse(null);
        b.clientMonitor = clientMonitor.orElse(null);
        b.servers.addAll(servers);
        b.fosKeys = fosKeys;
        b.announce = announce;
        b.schedulerFlags = schedulerFlags;
        return b;
    }

    /** The VIP and its device, for a service the validator accepted as active (where it is required). */
    public InterfaceAddress requireAddress() {
        return address.orElseThrow(() -> new IllegalStateException("virtual service " + name + " has no address"));
    }

    /** The IPVS identity: the fwmark if non-zero, else protocol, VIP and port. Needs an address. */
    public ServiceIdentity identity() {
        InetAddress vip = requireAddress().address();
        if (fwmark != 0) {
            return new ServiceIdentity.Fwmark(fwmark, vip instanceof Inet6Address);
        }
        return new ServiceIdentity.Address(protocol, vip, port);
    }

    public boolean isFwmark() {
        return fwmark != 0;
    }

    public boolean isPersistent() {
        return persistent > 0;
    }

    /** The real servers with {@code active = 1}: the ones lvsd starts a nanny for. */
    public List<RealServer> activeServers() {
        List<RealServer> result = new ArrayList<>();
        for (RealServer server : servers) {
            if (server.active()) {
                result.add(server);
            }
        }
        return result;
    }

    public Optional<RealServer> server(String serverName) {
        return servers.stream().filter(s -> s.name().equals(serverName)).findFirst();
    }

    /** The VIP netmask to configure: none when absent or 0.0.0.0 (Piranha's "unset"). */
    public Optional<Netmask> effectiveVipNetmask() {
        return vipNmask.filter(m -> !m.isZero());
    }

    /** The persistence mask to give IPVS: none when absent or 255.255.255.255 (Piranha's "unset"). */
    public Optional<Netmask> effectivePmask() {
        return pmask.filter(m -> !m.isAllOnes());
    }

    /** {@code send} as nanny gets it: one leading and one trailing double quote removed. */
    public Optional<String> sendText() {
        return send.map(Lexical::stripDoubleQuotes);
    }

    /** {@code expect} as nanny gets it: one leading and one trailing double quote removed. */
    public Optional<String> expectText() {
        return expect.map(Lexical::stripDoubleQuotes);
    }

    /** {@code send_program} as nanny gets it: one leading and one trailing double quote removed. */
    public Optional<String> sendProgramText() {
        return sendProgram.map(Lexical::stripDoubleQuotes);
    }

    /**
     * The load command Piranha passed as nanny {@code -U}: none without {@code load_monitor},
     * the global {@code rsh_command} for {@code uptime}, else the keyword itself.
     */
    public Optional<String> loadCommand(GlobalSettings globals) {
        return loadMonitor.map(m -> m == LoadMonitor.UPTIME ? globals.rshCommand() : m.keyword());
    }

    public static final class Builder {
        private final String name;
        private boolean active;
        private InterfaceAddress address;
        private Netmask vipNmask;
        private int fwmark;
        private Protocol protocol = Protocol.TCP;
        private int port = DEFAULT_PORT;
        private String scheduler = DEFAULT_SCHEDULER;
        private int persistent;
        private Netmask pmask;
        private String send;
        private String expect;
        private boolean useRegex;
        private String sendProgram;
        private LoadMonitor loadMonitor;
        private Duration timeout = DEFAULT_TIMEOUT;
        private int reentry = DEFAULT_REENTRY;
        private boolean quiesceServer;
        private InetAddress sorryServer;
        private String clientMonitor;
        private final List<RealServer> servers = new ArrayList<>();
        private FosKeys fosKeys = FosKeys.NONE;
        private boolean announce = true;
        private Set<SchedulerFlag> schedulerFlags = Set.of();

        Builder(String name) {
            this.name = name;
        }

        public Builder active(boolean active) {
            this.active = active;
            return this;
        }

        public Builder address(InterfaceAddress address) {
            this.address = address;
            return this;
        }

        public Builder address(InetAddress vip, String device) {
            return address(new InterfaceAddress(vip, device));
        }

        public Builder vipNmask(Netmask vipNmask) {
            this.vipNmask = vipNmask;
            return this;
        }

        public Builder fwmark(int fwmark) {
            this.fwmark = fwmark;
            return this;
        }

        public Builder protocol(Protocol protocol) {
            this.protocol = protocol;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The port set so far: what a server block started now inherits. */
        public int port() {
            return port;
        }

        public Builder scheduler(String scheduler) {
            this.scheduler = scheduler;
            return this;
        }

        public Builder persistent(int persistent) {
            this.persistent = persistent;
            return this;
        }

        public Builder pmask(Netmask pmask) {
            this.pmask = pmask;
            return this;
        }

        /** The raw value, quotes included as in lvs.cf: {@code "\"GET / HTTP/1.0\\r\\n\\r\\n\""}. */
        public Builder send(String send) {
            this.send = send;
            return this;
        }

        /** The raw value, quotes included as in lvs.cf. */
        public Builder expect(String expect) {
            this.expect = expect;
            return this;
        }

        public Builder useRegex(boolean useRegex) {
            this.useRegex = useRegex;
            return this;
        }

        /** The raw value, quotes included as in lvs.cf. */
        public Builder sendProgram(String sendProgram) {
            this.sendProgram = sendProgram;
            return this;
        }

        public Builder loadMonitor(LoadMonitor loadMonitor) {
            this.loadMonitor = loadMonitor;
            return this;
        }

        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public Builder reentry(int reentry) {
            this.reentry = reentry;
            return this;
        }

        public Builder quiesceServer(boolean quiesceServer) {
            this.quiesceServer = quiesceServer;
            return this;
        }

        public Builder sorryServer(InetAddress sorryServer) {
            this.sorryServer = sorryServer;
            return this;
        }

        public Builder clientMonitor(String clientMonitor) {
            this.clientMonitor = clientMonitor;
            return this;
        }

        public Builder server(RealServer server) {
            servers.add(server);
            return this;
        }

        /** Adds a server that, as in lvs.cf, starts with the service's port as set so far. */
        public Builder server(String serverName, UnaryOperator<RealServer.Builder> settings) {
            return server(settings.apply(RealServer.builder(serverName).port(port)).build());
        }

        public Builder clearServers() {
            servers.clear();
            return this;
        }

        /** Whether the VIP is announced by BGP in multi_active mode (default yes). */
        public Builder announce(boolean announce) {
            this.announce = announce;
            return this;
        }

        public Builder schedulerFlags(Set<SchedulerFlag> schedulerFlags) {
            this.schedulerFlags = schedulerFlags == null ? Set.of() : schedulerFlags;
            return this;
        }

        public VirtualService build() {
            return new VirtualService(name, active, Optional.ofNullable(address), Optional.ofNullable(vipNmask),
                    fwmark, protocol, port, scheduler, persistent, Optional.ofNullable(pmask),
                    Optional.ofNullable(send), Optional.ofNullable(expect), useRegex, Optional.ofNullable(sendProgram),
                    Optional.ofNullable(loadMonitor), timeout, reentry, quiesceServer,
                    Optional.ofNullable(sorryServer), Optional.ofNullable(clientMonitor), servers, fosKeys, announce,
                    schedulerFlags);
        }

        /** The FOS-only keys (start_cmd, stop_cmd, master, dirs) as written: kept, never acted on. */
        public Builder fosKeys(FosKeys fosKeys) {
            this.fosKeys = Objects.requireNonNull(fosKeys);
            return this;
        }

        FosKeys fosKeys() {
            return fosKeys;
        }
    }
}
