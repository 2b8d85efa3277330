package org.piranha.lvscf;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The global keys of lvs.cf, with Piranha 0.8.6's code defaults. Raw values are kept as written
 * (for instance whether {@code primary_private} was given at all); the derived accessors give
 * what pulse and lvsd act on.
 *
 * <p>{@code service} is not a field: only {@code lvs} is accepted, and the writer always writes
 * it. {@code hot_standby} is an extension: the backup router also runs lvsd with the IPVS table
 * ready, so that taking over only moves the VIPs.
 */
public record GlobalSettings(
        int serialNo,
        Optional<InetAddress> primary,
        Optional<InetAddress> primaryPrivate,
        boolean backupActive,
        Optional<InetAddress> backup,
        Optional<InetAddress> backupPrivate,
        boolean heartbeat,
        int heartbeatPort,
        Duration keepalive,
        Duration deadtime,
        ForwardingMethod network,
        Optional<InterfaceAddress> natRouter,
        Optional<Netmask> natNmask,
        String debugLevel,
        int monitorLinks,
        boolean syncdaemon,
        String syncdIface,
        int syncdId,
        int tcpTimeout,
        int tcpfinTimeout,
        int udpTimeout,
        boolean hardShutdown,
        boolean hotStandby,
        Optional<String> activeCmd,
        Optional<String> inactiveCmd,
        String ipvsadm,
        String rshCommand,
        boolean sync,
        HeartbeatAuth heartbeatAuth,
        String heartbeatKeyFile,
        DirectorMode directorMode,
        Optional<Long> bgpLocalAs,
        Optional<Long> bgpPeerAs,
        List<InetAddress> bgpNeighbors,
        int bgpHoldTime,
        boolean bgpBfd,
        int bgpBfdInterval,
        int bgpBfdMultiplier,
        String vipInterface,
        Duration withdrawWait,
        String birdConfig,
        String birdSocket) {

    public static final int DEFAULT_HEARTBEAT_PORT = 539;
    public static final Duration DEFAULT_KEEPALIVE = Duration.ofSeconds(2);
    public static final Duration DEFAULT_DEADTIME = Duration.ofSeconds(5);
    public static final ForwardingMethod DEFAULT_NETWORK = ForwardingMethod.NAT;
    public static final String DEFAULT_DEBUG_LEVEL = "NONE";
    public static final String DEFAULT_SYNCD_IFACE = "eth0";
    public static final String DEFAULT_IPVSADM = "/sbin/ipvsadm";
    public static final String DEFAULT_RSH_COMMAND = "rsh";
    public static final HeartbeatAuth DEFAULT_HEARTBEAT_AUTH = HeartbeatAuth.NONE;
    public static final String DEFAULT_HEARTBEAT_KEY_FILE = "/etc/sysconfig/ha/heartbeat.key";

    public static final DirectorMode DEFAULT_DIRECTOR_MODE = DirectorMode.ACTIVE_BACKUP;
    public static final int DEFAULT_BGP_HOLD_TIME = 3;
    public static final int DEFAULT_BGP_BFD_INTERVAL = 100;
    public static final int DEFAULT_BGP_BFD_MULTIPLIER = 3;
    public static final String DEFAULT_VIP_INTERFACE = "piranha0";
    public static final Duration DEFAULT_WITHDRAW_WAIT = Duration.ofSeconds(2);
    public static final String DEFAULT_BIRD_CONFIG = "/etc/bird/piranha.conf";
    public static final String DEFAULT_BIRD_SOCKET = "/run/bird/bird.ctl";

    private static final GlobalSettings DEFAULTS = builder().build();

    public GlobalSettings {
        Objects.requireNonNull(primary, "primary");
        Objects.requireNonNull(primaryPrivate, "primaryPrivate");
        Objects.requireNonNull(backup, "backup");
        Objects.requireNonNull(backupPrivate, "backupPrivate");
        Objects.requireNonNull(keepalive, "keepalive");
        Objects.requireNonNull(deadtime, "deadtime");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(natRouter, "natRouter");
        Objects.requireNonNull(natNmask, "natNmask");
        Lexical.requireWritable("debug_level", debugLevel);
        Lexical.requireBareWord("syncd_iface", syncdIface);
        activeCmd.ifPresent(s -> Lexical.requireWritable("active_cmd", s));
        inactiveCmd.ifPresent(s -> Lexical.requireWritable("inactive_cmd", s));
        Lexical.requireWritable("ipvsadm", ipvsadm);
        Lexical.requireWritable("rsh_command", rshCommand);
        Objects.requireNonNull(heartbeatAuth, "heartbeatAuth");
        Lexical.requireWritable("heartbeat_key_file", heartbeatKeyFile);
        Objects.requireNonNull(directorMode, "directorMode");
        Objects.requireNonNull(bgpLocalAs, "bgpLocalAs");
        Objects.requireNonNull(bgpPeerAs, "bgpPeerAs");
        bgpNeighbors = List.copyOf(bgpNeighbors);
        Lexical.requireBareWord("vip_interface", vipInterface);
        Objects.requireNonNull(withdrawWait, "withdrawWait");
        Lexical.requireWritable("bird_config", birdConfig);
        Lexical.requireWritable("bird_socket", birdSocket);
    }

    /** True in {@code director_mode = multi_active}: every director active, VIPs announced by BGP. */
    public boolean isMultiActive() {
        return directorMode == DirectorMode.MULTI_ACTIVE;
    }

    /** Every key at Piranha's code default. */
    public static GlobalSettings defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The primary router's address, for a config the validator accepted (where it is required). */
    public InetAddress requirePrimary() {
        return primary.orElseThrow(() -> new IllegalStateException("primary is not set"));
    }

    /**
     * True when there is a backup router to exchange heartbeats with: {@code backup_active = 1}
     * and {@code backup} set to something other than 0.0.0.0 (Piranha clears backup_active then).
     */
    public boolean hasBackup() {
        return backupActive && backup.filter(a -> !a.isAnyLocalAddress()).isPresent();
    }

    /** The primary's private heartbeat address: {@code primary_private}, else {@code primary}. */
    public InetAddress effectivePrimaryPrivate() {
        return primaryPrivate.orElseGet(this::requirePrimary);
    }

    /**
     * The backup's private heartbeat address. As in Piranha, without {@code primary_private} it is
     * {@code backup} (no second path); with it, {@code backup_private} if given.
     */
    public Optional<InetAddress> effectiveBackupPrivate() {
        return primaryPrivate.isEmpty() ? backup : backupPrivate;
    }

    /** True when heartbeats also travel over a second (private) path. */
    public boolean hasPrivateHeartbeat() {
        return primaryPrivate.isPresent() && !primaryPrivate.equals(primary);
    }

    /** The sync daemon id as ipvsadm gets it ({@code --syncid}, value &amp; 0xff). */
    public int effectiveSyncdId() {
        return syncdId & 0xff;
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.serialNo = serialNo;
        b.primary = primary.orElse(null);
        b.primaryPrivate = primaryPrivate.orElse(null);
        b.backupActive = backupActive;
        b.backup = backup.orElse(null);
        b.backupPrivate = backupPrivate.orElse(null);
        b.heartbeat = heartbeat;
        b.heartbeatPort = heartbeatPort;
        b.keepalive = keepalive;
        b.deadtime = deadtime;
        b.network = network;
        b.natRouter = natRouter.orElse(null);
        b.natNmask = natNmask.orElse(null);
        b.debugLevel = debugLevel;
        b.monitorLinks = monitorLinks;
        b.syncdaemon = syncdaemon;
        b.syncdIface = syncdIface;
        b.syncdId = syncdId;
        b.tcpTimeout = tcpTimeout;
        b.tcpfinTimeout = tcpfinTimeout;
        b.udpTimeout = udpTimeout;
        b.hardShutdown = hardShutdown;
        b.hotStandby = hotStandby;
        b.activeCmd = activeCmd.orElse(null);
        b.inactiveCmd = inactiveCmd.orElse(null);
        b.ipvsadm = ipvsadm;
        b.rshCommand = rshCommand;
        b.sync = sync;
        b.heartbeatAuth = heartbeatAuth;
        b.heartbeatKeyFile = heartbeatKeyFile;
        b.directorMode = directorMode;
        b.bgpLocalAs = bgpLocalAs.orElse(null);
        b.bgpPeerAs = bgpPeerAs.orElse(null);
        b.bgpNeighbors = bgpNeighbors;
        b.bgpHoldTime = bgpHoldTime;
        b.bgpBfd = bgpBfd;
        b.bgpBfdInterval = bgpBfdInterval;
        b.bgpBfdMultiplier = bgpBfdMultiplier;
        b.vipInterface = vipInterface;
        b.withdrawWait = withdrawWait;
        b.birdConfig = birdConfig;
        b.birdSocket = birdSocket;
        return b;
    }

    public static final class Builder {
        private int serialNo;
        private InetAddress primary;
        private InetAddress primaryPrivate;
        private boolean backupActive;
        private InetAddress backup;
        private InetAddress backupPrivate;
        private boolean heartbeat;
        private int heartbeatPort = DEFAULT_HEARTBEAT_PORT;
        private Duration keepalive = DEFAULT_KEEPALIVE;
        private Duration deadtime = DEFAULT_DEADTIME;
        private ForwardingMethod network = DEFAULT_NETWORK;
        private InterfaceAddress natRouter;
        private Netmask natNmask;
        private String debugLevel = DEFAULT_DEBUG_LEVEL;
        private int monitorLinks;
        private boolean syncdaemon;
        private String syncdIface = DEFAULT_SYNCD_IFACE;
        private int syncdId;
        private int tcpTimeout;
        private int tcpfinTimeout;
        private int udpTimeout;
        private boolean hardShutdown = true;
        private boolean hotStandby;
        private String activeCmd;
        private String inactiveCmd;
        private String ipvsadm = DEFAULT_IPVSADM;
        private String rshCommand = DEFAULT_RSH_COMMAND;
        private boolean sync;
        private HeartbeatAuth heartbeatAuth = DEFAULT_HEARTBEAT_AUTH;
        private String heartbeatKeyFile = DEFAULT_HEARTBEAT_KEY_FILE;
        private DirectorMode directorMode = DEFAULT_DIRECTOR_MODE;
        private Long bgpLocalAs;
        private Long bgpPeerAs;
        private List<InetAddress> bgpNeighbors = List.of();
        private int bgpHoldTime = DEFAULT_BGP_HOLD_TIME;
        private boolean bgpBfd = true;
        private int bgpBfdInterval = DEFAULT_BGP_BFD_INTERVAL;
        private int bgpBfdMultiplier = DEFAULT_BGP_BFD_MULTIPLIER;
        private String vipInterface = DEFAULT_VIP_INTERFACE;
        private Duration withdrawWait = DEFAULT_WITHDRAW_WAIT;
        private String birdConfig = DEFAULT_BIRD_CONFIG;
        private String birdSocket = DEFAULT_BIRD_SOCKET;

        Builder() {}

        public Builder serialNo(int serialNo) {
            this.serialNo = serialNo;
            return this;
        }

        public Builder primary(InetAddress primary) {
            this.primary = primary;
            return this;
        }

        public Builder primaryPrivate(InetAddress primaryPrivate) {
            this.primaryPrivate = primaryPrivate;
            return this;
        }

        public Builder backupActive(boolean backupActive) {
            this.backupActive = backupActive;
            return this;
        }

        public Builder backup(InetAddress backup) {
            this.backup = backup;
            return this;
        }

        public Builder backupPrivate(InetAddress backupPrivate) {
            this.backupPrivate = backupPrivate;
            return this;
        }

        public Builder heartbeat(boolean heartbeat) {
            this.heartbeat = heartbeat;
            return this;
        }

        public Builder heartbeatPort(int heartbeatPort) {
            this.heartbeatPort = heartbeatPort;
            return this;
        }

        public Builder keepalive(Duration keepalive) {
            this.keepalive = keepalive;
            return this;
        }

        public Builder deadtime(Duration deadtime) {
            this.deadtime = deadtime;
            return this;
        }

        public Builder network(ForwardingMethod network) {
            this.network = network;
            return this;
        }

        public Builder natRouter(InterfaceAddress natRouter) {
            this.natRouter = natRouter;
            return this;
        }

        public Builder natNmask(Netmask natNmask) {
            this.natNmask = natNmask;
            return this;
        }

        public Builder debugLevel(String debugLevel) {
            this.debugLevel = debugLevel;
            return this;
        }

        public Builder monitorLinks(int monitorLinks) {
            this.monitorLinks = monitorLinks;
            return this;
        }

        public Builder syncdaemon(boolean syncdaemon) {
            this.syncdaemon = syncdaemon;
            return this;
        }

        public Builder syncdIface(String syncdIface) {
            this.syncdIface = syncdIface;
            return this;
        }

        public Builder syncdId(int syncdId) {
            this.syncdId = syncdId;
            return this;
        }

        public Builder tcpTimeout(int tcpTimeout) {
            this.tcpTimeout = tcpTimeout;
            return this;
        }

        public Builder tcpfinTimeout(int tcpfinTimeout) {
            this.tcpfinTimeout = tcpfinTimeout;
            return this;
        }

        public Builder udpTimeout(int udpTimeout) {
            this.udpTimeout = udpTimeout;
            return this;
        }

        public Builder hardShutdown(boolean hardShutdown) {
            this.hardShutdown = hardShutdown;
            return this;
        }

        public Builder hotStandby(boolean hotStandby) {
            this.hotStandby = hotStandby;
            return this;
        }

        public Builder activeCmd(String activeCmd) {
            this.activeCmd = activeCmd;
            return this;
        }

        public Builder inactiveCmd(String inactiveCmd) {
            this.inactiveCmd = inactiveCmd;
            return this;
        }

        public Builder ipvsadm(String ipvsadm) {
            this.ipvsadm = ipvsadm;
            return this;
        }

        public Builder rshCommand(String rshCommand) {
            this.rshCommand = rshCommand;
            return this;
        }

        public Builder sync(boolean sync) {
            this.sync = sync;
            return this;
        }

        public Builder heartbeatAuth(HeartbeatAuth heartbeatAuth) {
            this.heartbeatAuth = heartbeatAuth;
            return this;
        }

        public Builder heartbeatKeyFile(String heartbeatKeyFile) {
            this.heartbeatKeyFile = heartbeatKeyFile;
            return this;
        }

        public Builder directorMode(DirectorMode directorMode) {
            this.directorMode = directorMode;
            return this;
        }

        public Builder bgpLocalAs(Long bgpLocalAs) {
            this.bgpLocalAs = bgpLocalAs;
            return this;
        }

        public Builder bgpPeerAs(Long bgpPeerAs) {
            this.bgpPeerAs = bgpPeerAs;
            return this;
        }

        public Builder bgpNeighbors(List<InetAddress> bgpNeighbors) {
            this.bgpNeighbors = bgpNeighbors;
            return this;
        }

        public Builder bgpHoldTime(int bgpHoldTime) {
            this.bgpHoldTime = bgpHoldTime;
            return this;
        }

        public Builder bgpBfd(boolean bgpBfd) {
            this.bgpBfd = bgpBfd;
            return this;
        }

        public Builder bgpBfdInterval(int bgpBfdInterval) {
            this.bgpBfdInterval = bgpBfdInterval;
            return this;
        }

        public Builder bgpBfdMultiplier(int bgpBfdMultiplier) {
            this.bgpBfdMultiplier = bgpBfdMultiplier;
            return this;
        }

        public Builder vipInterface(String vipInterface) {
            this.vipInterface = vipInterface;
            return this;
        }

        public Builder withdrawWait(Duration withdrawWait) {
            this.withdrawWait = withdrawWait;
            return this;
        }

        public Builder birdConfig(String birdConfig) {
            this.birdConfig = birdConfig;
            return this;
        }

        public Builder birdSocket(String birdSocket) {
            this.birdSocket = birdSocket;
            return this;
        }

        public GlobalSettings build() {
            return new GlobalSettings(serialNo, Optional.ofNullable(primary), Optional.ofNullable(primaryPrivate),
                    backupActive, Optional.ofNullable(backup), Optional.ofNullable(backupPrivate), heartbeat,
                    heartbeatPort, keepalive, deadtime, network, Optional.ofNullable(natRouter),
                    Optional.ofNullable(natNmask), debugLevel, monitorLinks, syncdaemon, syncdIface, syncdId,
                    tcpTimeout, tcpfinTimeout, udpTimeout, hardShutdown, hotStandby,
                    Optional.ofNullable(activeCmd), Optional.ofNullable(inactiveCmd), ipvsadm, rshCommand, sync,
                    heartbeatAuth, heartbeatKeyFile, directorMode, Optional.ofNullable(bgpLocalAs),
                    Optional.ofNullable(bgpPeerAs), bgpNeighbors, bgpHoldTime, bgpBfd, bgpBfdInterval, bgpBfdMultiplier,
                    vipInterface, withdrawWait, birdConfig, birdSocket);
        }
    }
}
