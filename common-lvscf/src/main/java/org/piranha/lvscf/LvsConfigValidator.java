package org.piranha.lvscf;

import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The semantic checks of lvs.cf: what parses but cannot run, as errors, and what runs but is
 * probably not what the operator meant, as warnings. Each diagnostic points at the line of the
 * offending key or block.
 */
public final class LvsConfigValidator {

    /** The schedulers of IPVS in current kernels. */
    public static final Set<String> SCHEDULERS =
            Set.of("rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq", "fo", "ovf", "mh");
    private static final String SCHEDULER_LIST = "rr, wrr, lc, wlc, lblc, lblcr, dh, sh, sed, nq, fo, ovf or mh";

    /** BIRD's BFD takes 1 ms and up; below 10 ms no host keeps up, above a minute BFD is pointless. */
    static final int MIN_BFD_INTERVAL = 10;
    static final int MAX_BFD_INTERVAL = 60_000;

    private final LvsConfig config;
    private final SourceMap lines;
    private final DiagnosticSink diagnostics;

    private LvsConfigValidator(LvsConfig config, SourceMap lines, DiagnosticSink diagnostics) {
        this.config = config;
        this.lines = lines;
        this.diagnostics = diagnostics;
    }

    /**
     * Every error and warning, ordered by line. When {@code lines} records parse errors (a
     * best-effort config), the parts that had them are not checked, so nothing is reported twice.
     */
    public static List<Diagnostic> validate(LvsConfig config, SourceMap lines) {
        DiagnosticSink sink = new DiagnosticSink();
        validate(config, lines, sink);
        return List.copyOf(sink.withSummaries(lines.file()));
    }

    /** Adds the diagnostics to {@code sink}, which keeps the first of them (by line). */
    static void validate(LvsConfig config, SourceMap lines, DiagnosticSink sink) {
        LvsConfigValidator validator = new LvsConfigValidator(config, lines, sink);
        validator.checkGlobals();
        validator.checkServices();
    }

    /** For a config built in code: diagnostics name {@code file} without lines. */
    public static List<Diagnostic> validate(LvsConfig config, String file) {
        return validate(config, SourceMap.none(file));
    }

    private void checkGlobals() {
        if (lines.globalsFailed()) {
            return;
        }
        GlobalSettings g = config.globals();
        int top = lines.lastLine() > 0 ? 1 : 0;
        if (g.isMultiActive()) {
            checkMultiActive(g); // primary and backup name the pair's routers: not needed here
        } else {
            warnIgnoredMultiActiveKeys();
            if (g.primary().isEmpty()) {
                error(top, "primary is not set: add \"primary = IP\" with the public address of the primary router");
            }
        }
        if (g.primary().filter(InetAddress::isAnyLocalAddress).isPresent()) {
            error(globalLine(GlobalField.PRIMARY), "primary must be the primary router's address, not "
                    + Addresses.format(g.primary().get()));
        }
        boolean backupSet = g.backup().filter(a -> !a.isAnyLocalAddress()).isPresent();
        if (g.backupActive() && !backupSet && !g.isMultiActive()) {
            error(globalLine(GlobalField.BACKUP_ACTIVE), "backup_active = 1 but backup is not set:"
                    + " add \"backup = IP\" with the backup router's address, or set backup_active = 0");
        }
        if (backupSet && g.primary().equals(g.backup())) {
            error(globalLine(GlobalField.BACKUP), "backup " + Addresses.format(g.backup().get())
                    + " is the same address as primary: each router needs its own");
        }
        if (g.hasBackup() && g.primaryPrivate().isPresent() && g.backupPrivate().isEmpty()) {
            warning(globalLine(GlobalField.PRIMARY_PRIVATE), "primary_private is set but backup_private is not:"
                    + " no heartbeats travel the private path");
        }
        if (g.heartbeatPort() == 0) {
            error(globalLine(GlobalField.HEARTBEAT_PORT), "heartbeat_port must be between 1 and 65535");
        }
        if (g.heartbeatAuth() != HeartbeatAuth.NONE && !g.heartbeatKeyFile().startsWith("/")) {
            error(globalLine(GlobalField.HEARTBEAT_KEY_FILE), "heartbeat_key_file must be an absolute path, not \""
                    + g.heartbeatKeyFile() + "\"");
        }
        positiveDuration(g.keepalive(), GlobalField.KEEPALIVE, "the interval between heartbeats");
        positiveDuration(g.deadtime(), GlobalField.DEADTIME, "the silence after which the partner is declared dead");
        if (g.keepalive().compareTo(Duration.ZERO) > 0 && g.deadtime().compareTo(Duration.ZERO) > 0
                && g.deadtime().compareTo(g.keepalive()) <= 0) {
            warning(globalLine(GlobalField.DEADTIME), "deadtime (" + seconds(g.deadtime())
                    + ") is not longer than keepalive (" + seconds(g.keepalive())
                    + "): the partner will be declared dead between two heartbeats");
        }
        g.natNmask().ifPresent(m -> netmask(m, GlobalField.NAT_NMASK.key(), globalLine(GlobalField.NAT_NMASK)));
        if (g.network() == ForwardingMethod.NAT && g.natRouter().isEmpty() && !g.isMultiActive()) {
            warning(globalLine(GlobalField.NETWORK), "network = nat without nat_router: no gateway address"
                    + " moves with the active router, so the real servers' replies need another route back");
        }
        for (GlobalField field : List.of(GlobalField.TCP_TIMEOUT, GlobalField.TCPFIN_TIMEOUT, GlobalField.UDP_TIMEOUT)) {
            int value = (Integer) field.valueIn(g);
            if (value < 0) {
                error(globalLine(field), field.key() + " must be 0 (leave unchanged) or a number of seconds, not " + value);
            }
        }
        if (g.syncdId() < 0 || g.syncdId() > 255) {
            warning(globalLine(GlobalField.SYNCD_ID), "syncd_id " + g.syncdId() + " is out of 0-255: ipvsadm gets "
                    + g.effectiveSyncdId());
        }
    }

    /**
     * director_mode = multi_active: the BGP keys are required and in range; the pair's keys
     * (primary, backup, heartbeat, hot_standby) are not needed, and the ones that would make an
     * operator believe a pair runs get a warning.
     */
    private void checkMultiActive(GlobalSettings g) {
        int mode = globalLine(GlobalField.DIRECTOR_MODE);
        if (g.bgpLocalAs().isEmpty()) {
            error(mode, "director_mode = multi_active needs bgp_local_as: add \"bgp_local_as = ASN\" with this"
                    + " director's AS number, such as 65001");
        }
        if (g.bgpPeerAs().isEmpty()) {
            error(mode, "director_mode = multi_active needs bgp_peer_as: add \"bgp_peer_as = ASN\" with the"
                    + " upstream router's AS number");
        }
        if (g.bgpNeighbors().isEmpty()) {
            error(mode, "director_mode = multi_active needs bgp_neighbors: add \"bgp_neighbors = IP [IP ...]\""
                    + " with the upstream routers' IPv4 addresses");
        }
        if (g.bgpHoldTime() != 0 && (g.bgpHoldTime() < 3 || g.bgpHoldTime() > 65535)) {
            error(globalLine(GlobalField.BGP_HOLD_TIME), "bgp_hold_time must be 0 (no keepalives) or from 3 to"
                    + " 65535 seconds (RFC 4271), not " + g.bgpHoldTime());
        }
        if (g.bgpBfdInterval() < MIN_BFD_INTERVAL || g.bgpBfdInterval() > MAX_BFD_INTERVAL) {
            error(globalLine(GlobalField.BGP_BFD_INTERVAL), "bgp_bfd_interval must be from " + MIN_BFD_INTERVAL
                    + " to " + MAX_BFD_INTERVAL + " milliseconds, not " + g.bgpBfdInterval());
        }
        if (g.bgpBfdMultiplier() < 1 || g.bgpBfdMultiplier() > 255) {
            error(globalLine(GlobalField.BGP_BFD_MULTIPLIER), "bgp_bfd_multiplier must be from 1 to 255, not "
                    + g.bgpBfdMultiplier());
        }
        if (g.vipInterface().length() > 15) {
            error(globalLine(GlobalField.VIP_INTERFACE), "vip_interface " + g.vipInterface()
                    + " is longer than the kernel's 15 characters for an interface name");
        }
        if (g.withdrawWait().isNegative()) {
            error(globalLine(GlobalField.WITHDRAW_WAIT), "withdraw_wait must not be negative: it is how long a"
                    + " stopping director keeps serving after withdrawing its VIPs");
        }
        for (GlobalField path : List.of(GlobalField.BIRD_CONFIG, GlobalField.BIRD_SOCKET)) {
            String value = (String) path.valueIn(g);
            if (!value.startsWith("/")) {
                error(globalLine(path), path.key() + " must be an absolute path, not \"" + value + "\"");
            }
        }
        if (g.network() == ForwardingMethod.NAT) {
            error(globalLine(GlobalField.NETWORK), "network = nat cannot work with director_mode = multi_active:"
                    + " a real server's replies must return through the director that forwarded the request,"
                    + " and no gateway address can follow every director; set network = direct (or tunnel)");
        }
        if (g.backupActive()) {
            warning(globalLine(GlobalField.BACKUP_ACTIVE), "backup_active is ignored with director_mode ="
                    + " multi_active: every director is active, none is a backup; set backup_active = 0");
        }
    }

    /** The multi_active keys, which active_backup ignores. */
    private static final List<GlobalField> MULTI_ACTIVE_KEYS = List.of(GlobalField.BGP_LOCAL_AS,
            GlobalField.BGP_PEER_AS, GlobalField.BGP_NEIGHBORS, GlobalField.BGP_HOLD_TIME, GlobalField.BGP_BFD,
            GlobalField.BGP_BFD_INTERVAL, GlobalField.BGP_BFD_MULTIPLIER, GlobalField.VIP_INTERFACE,
            GlobalField.WITHDRAW_WAIT, GlobalField.BIRD_CONFIG, GlobalField.BIRD_SOCKET);

    private void warnIgnoredMultiActiveKeys() {
        for (GlobalField field : MULTI_ACTIVE_KEYS) {
            int line = lines.global(field.key());
            if (line > 0) {
                warning(line, field.key() + " is ignored unless director_mode = multi_active");
            }
        }
    }

    private void checkServices() {
        List<VirtualService> services = config.services();
        if (config.activeServices().isEmpty() && !lines.anyFailed()) {
            int at = services.isEmpty() ? lines.lastLine() : lines.service(0);
            error(at, "no active lvs services defined: set \"active = 1\" in at least one virtual block");
        }
        Map<String, Integer> names = new HashMap<>();
        Map<ServiceIdentity, Integer> identities = new HashMap<>();
        Map<InetAddress, Integer> vips = new HashMap<>();
        for (int i = 0; i < services.size(); i++) {
            VirtualService service = services.get(i);
            if (lines.serviceFailed(i)) {
                continue;
            }
            Integer first = names.putIfAbsent(service.name(), i);
            if (first != null) {
                error(lines.service(i), "duplicate virtual service name \"" + service.name() + "\" (first at line "
                        + lines.service(first) + ")");
            }
            checkService(i, service);
            if (service.active() && service.address().isPresent()) {
                ServiceIdentity identity = service.identity();
                Integer same = identities.putIfAbsent(identity, i);
                if (same != null) {
                    error(lines.service(i), "virtual " + service.name() + " is the same IPVS service (" + identity
                            + ") as active virtual " + services.get(same).name() + " (line " + lines.service(same)
                            + "): " + (service.isFwmark() ? "use another fwmark" : "change its address, protocol or port"));
                }
                InterfaceAddress vip = service.address().get();
                Integer shared = vips.putIfAbsent(vip.address(), i);
                if (shared != null && !services.get(shared).requireAddress().device().equals(vip.device())) {
                    VirtualService owner = services.get(shared);
                    warning(lines.service(i, ServiceField.ADDRESS.key()), "VIP " + Addresses.format(vip.address())
                            + " is on " + owner.requireAddress().device() + " for virtual " + owner.name() + " (line "
                            + lines.service(shared, ServiceField.ADDRESS.key()) + "), so " + vip.device()
                            + " is not used: the first active service's device is");
                }
            }
        }
    }

    private void checkService(int i, VirtualService s) {
        if (s.active() && s.address().isEmpty()) {
            error(lines.service(i), "virtual " + s.name() + " is active but has no address:"
                    + " add \"address = VIP DEVICE\", e.g. \"address = 10.0.0.100 eth0:1\"");
        }
        if (!SCHEDULERS.contains(s.scheduler())) {
            error(serviceLine(i, ServiceField.SCHEDULER), "unknown scheduler \"" + s.scheduler()
                    + "\" in virtual " + s.name() + ": IPVS has " + SCHEDULER_LIST);
        }
        if (s.timeout().compareTo(Duration.ZERO) <= 0) {
            error(serviceLine(i, ServiceField.TIMEOUT), "timeout must be greater than 0 in virtual " + s.name()
                    + ": it is the interval between health checks and their time limit");
        }
        if (s.reentry() < 0) {
            error(serviceLine(i, ServiceField.REENTRY), "reentry must not be negative in virtual " + s.name());
        } else if (s.timeout().compareTo(Duration.ZERO) > 0 && Duration.ofSeconds(s.reentry()).compareTo(s.timeout()) < 0) {
            warning(serviceLine(i, ServiceField.REENTRY), "reentry (" + s.reentry() + ") is shorter than timeout ("
                    + seconds(s.timeout()) + ") in virtual " + s.name()
                    + ": a failed server comes back after its first successful check");
        }
        if (s.persistent() < 0) {
            error(serviceLine(i, ServiceField.PERSISTENT), "persistent must not be negative in virtual " + s.name());
        }
        if (s.fwmark() < 0) {
            error(serviceLine(i, ServiceField.FWMARK), "fwmark must not be negative in virtual " + s.name());
        }
        s.vipNmask().ifPresent(m -> netmask(m, ServiceField.VIP_NMASK.key(), serviceLine(i, ServiceField.VIP_NMASK)));
        s.pmask().ifPresent(m -> netmask(m, ServiceField.PMASK.key(), serviceLine(i, ServiceField.PMASK)));
        if (s.effectivePmask().isPresent() && !s.isPersistent()) {
            warning(serviceLine(i, ServiceField.PMASK), "pmask without persistent in virtual " + s.name()
                    + ": the mask has no effect unless persistent is set");
        }
        if (s.sendProgram().isPresent() && s.send().isPresent()) {
            warning(serviceLine(i, ServiceField.SEND), "send is ignored in virtual " + s.name()
                    + " because send_program is set");
        }
        for (SchedulerFlag flag : s.schedulerFlags()) {
            if (!flag.scheduler().equals(s.scheduler())) {
                error(serviceLine(i, ServiceField.SCHEDULER_FLAGS), "scheduler flag " + flag.keyword() + " in virtual "
                        + s.name() + " is for scheduler " + flag.scheduler() + ", but the scheduler is " + s.scheduler());
            }
        }
        if (config.globals().isMultiActive() && s.active() && s.announce()
                && s.address().filter(a -> a.address() instanceof java.net.Inet6Address).isPresent()) {
            error(serviceLine(i, ServiceField.ADDRESS), "virtual " + s.name() + " has an IPv6 VIP, which"
                    + " director_mode = multi_active does not announce (BGP over IPv4 only): set announce = 0");
        }
        checkServers(i, s);
    }

    private void checkServers(int i, VirtualService s) {
        Map<String, Integer> names = new HashMap<>();
        Map<String, Integer> endpoints = new HashMap<>();
        boolean anyActive = false;
        List<RealServer> servers = s.servers();
        for (int j = 0; j < servers.size(); j++) {
            RealServer server = servers.get(j);
            Integer first = names.putIfAbsent(server.name(), j);
            if (first != null) {
                error(lines.server(i, j), "duplicate server name \"" + server.name() + "\" in virtual " + s.name()
                        + " (first at line " + lines.server(i, first) + ")");
            }
            if (server.weight() < 0) {
                error(lines.server(i, j, ServerField.WEIGHT.key()), "weight must not be negative for server "
                        + server.name() + " in virtual " + s.name() + ": " + server.weight());
            }
            if (!server.active()) {
                continue;
            }
            anyActive = true;
            if (server.address().isEmpty()) {
                if (s.active()) {
                    error(lines.server(i, j), "server " + server.name() + " in virtual " + s.name()
                            + " is active but has no address: add \"address = IP\"");
                }
                continue;
            }
            String endpoint = Addresses.format(server.address().get()) + " port " + server.port();
            Integer same = endpoints.putIfAbsent(endpoint, j);
            if (same != null && s.active()) {
                error(lines.server(i, j), "server " + server.name() + " in virtual " + s.name() + " has the same address"
                        + " and port (" + endpoint + ") as server " + servers.get(same).name() + " (line "
                        + lines.server(i, same) + "): IPVS holds each real server once per service");
            }
        }
        if (s.active() && !anyActive) {
            warning(lines.service(i), "virtual " + s.name() + " is active but has no active real server:"
                    + " it will accept connections and have nowhere to send them");
        }
    }

    private void positiveDuration(Duration value, GlobalField field, String meaning) {
        if (value.compareTo(Duration.ZERO) <= 0) {
            error(globalLine(field), field.key() + " must be greater than 0: it is " + meaning);
        }
    }

    private void netmask(Netmask mask, String key, int line) {
        if (!mask.isContiguous()) {
            error(line, "Bad subnet mask specified: " + key + " " + mask + " is not contiguous (ones then zeros,"
                    + " as in 255.255.255.0)");
        }
    }

    private int globalLine(GlobalField field) {
        int line = lines.global(field.key());
        return line > 0 || lines.lastLine() == 0 ? line : 1;
    }

    private int serviceLine(int service, ServiceField field) {
        return lines.service(service, field.key());
    }

    private static String seconds(Duration d) {
        return ValueType.formatSeconds(d);
    }

    private void error(int line, String message) {
        diagnostics.add(Diagnostic.error(lines.file(), line, message));
    }

    private void warning(int line, String message) {
        diagnostics.add(Diagnostic.warning(lines.file(), line, message));
    }
}
