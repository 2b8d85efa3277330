package org.piranha.lvscf;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;

/** The global keys of lvs.cf, in the order the writer emits them (the GUI's order). */
public enum GlobalField implements LvsField {
    SERIAL_NO("serial_no", ValueType.INTEGER, Write.ALWAYS, GlobalSettings::serialNo,
            (b, v) -> b.serialNo((Integer) v)),
    PRIMARY("primary", ValueType.HOST, Write.ALWAYS, GlobalSettings::primary,
            (b, v) -> b.primary((InetAddress) v)),
    PRIMARY_PRIVATE("primary_private", ValueType.HOST, Write.ALWAYS, GlobalSettings::primaryPrivate,
            (b, v) -> b.primaryPrivate((InetAddress) v)),
    BACKUP_ACTIVE("backup_active", ValueType.BOOLEAN, Write.ALWAYS, GlobalSettings::backupActive,
            (b, v) -> b.backupActive((Boolean) v)),
    BACKUP("backup", ValueType.HOST, Write.ALWAYS, GlobalSettings::backup,
            (b, v) -> b.backup((InetAddress) v)),
    BACKUP_PRIVATE("backup_private", ValueType.HOST, Write.ALWAYS, GlobalSettings::backupPrivate,
            (b, v) -> b.backupPrivate((InetAddress) v)),
    HEARTBEAT("heartbeat", ValueType.BOOLEAN, Write.ALWAYS, GlobalSettings::heartbeat,
            (b, v) -> b.heartbeat((Boolean) v)),
    HEARTBEAT_PORT("heartbeat_port", ValueType.PORT, Write.ALWAYS, GlobalSettings::heartbeatPort,
            (b, v) -> b.heartbeatPort((Integer) v)),
    HEARTBEAT_AUTH("heartbeat_auth", ValueType.keyword(HeartbeatAuth.class, HeartbeatAuth::keyword),
            Write.UNLESS_DEFAULT, GlobalSettings::heartbeatAuth, (b, v) -> b.heartbeatAuth((HeartbeatAuth) v)),
    HEARTBEAT_KEY_FILE("heartbeat_key_file", ValueType.STRING, Write.UNLESS_DEFAULT, GlobalSettings::heartbeatKeyFile,
            (b, v) -> b.heartbeatKeyFile((String) v)),
    KEEPALIVE("keepalive", ValueType.SECONDS, Write.ALWAYS, GlobalSettings::keepalive,
            (b, v) -> b.keepalive((Duration) v)),
    DEADTIME("deadtime", ValueType.SECONDS, Write.ALWAYS, GlobalSettings::deadtime,
            (b, v) -> b.deadtime((Duration) v)),
    NETWORK("network", ValueType.keyword(ForwardingMethod.class, ForwardingMethod::keyword), Write.ALWAYS,
            GlobalSettings::network, (b, v) -> b.network((ForwardingMethod) v), true),
    NAT_ROUTER("nat_router", ValueType.HOST_AND_DEVICE, Write.ALWAYS, GlobalSettings::natRouter,
            (b, v) -> b.natRouter((InterfaceAddress) v)),
    NAT_NMASK("nat_nmask", ValueType.NETMASK, Write.ALWAYS, GlobalSettings::natNmask,
            (b, v) -> b.natNmask((Netmask) v)),
    DEBUG_LEVEL("debug_level", ValueType.STRING, Write.ALWAYS, GlobalSettings::debugLevel,
            (b, v) -> b.debugLevel((String) v)),
    MONITOR_LINKS("monitor_links", ValueType.INTEGER, Write.ALWAYS, GlobalSettings::monitorLinks,
            (b, v) -> b.monitorLinks((Integer) v)),
    SYNCDAEMON("syncdaemon", ValueType.BOOLEAN, Write.ALWAYS, GlobalSettings::syncdaemon,
            (b, v) -> b.syncdaemon((Boolean) v)),
    SYNCD_IFACE("syncd_iface", ValueType.WORD, Write.UNLESS_DEFAULT, GlobalSettings::syncdIface,
            (b, v) -> b.syncdIface((String) v)),
    SYNCD_ID("syncd_id", ValueType.INTEGER, Write.UNLESS_DEFAULT, GlobalSettings::syncdId,
            (b, v) -> b.syncdId((Integer) v)),
    TCP_TIMEOUT("tcp_timeout", ValueType.INTEGER, Write.UNLESS_DEFAULT, GlobalSettings::tcpTimeout,
            (b, v) -> b.tcpTimeout((Integer) v)),
    TCPFIN_TIMEOUT("tcpfin_timeout", ValueType.INTEGER, Write.UNLESS_DEFAULT, GlobalSettings::tcpfinTimeout,
            (b, v) -> b.tcpfinTimeout((Integer) v)),
    UDP_TIMEOUT("udp_timeout", ValueType.INTEGER, Write.UNLESS_DEFAULT, GlobalSettings::udpTimeout,
            (b, v) -> b.udpTimeout((Integer) v)),
    HARD_SHUTDOWN("hard_shutdown", ValueType.BOOLEAN, Write.ALWAYS, GlobalSettings::hardShutdown,
            (b, v) -> b.hardShutdown((Boolean) v)),
    HOT_STANDBY("hot_standby", ValueType.BOOLEAN, Write.UNLESS_DEFAULT, GlobalSettings::hotStandby,
            (b, v) -> b.hotStandby((Boolean) v)),
    ACTIVE_CMD("active_cmd", ValueType.STRING, Write.ALWAYS, GlobalSettings::activeCmd,
            (b, v) -> b.activeCmd((String) v)),
    INACTIVE_CMD("inactive_cmd", ValueType.STRING, Write.ALWAYS, GlobalSettings::inactiveCmd,
            (b, v) -> b.inactiveCmd((String) v)),
    IPVSADM("ipvsadm", ValueType.STRING, Write.UNLESS_DEFAULT, GlobalSettings::ipvsadm,
            (b, v) -> b.ipvsadm((String) v), true),
    RSH_COMMAND("rsh_command", ValueType.STRING, Write.UNLESS_DEFAULT, GlobalSettings::rshCommand,
            (b, v) -> b.rshCommand((String) v), true),
    SYNC("sync", ValueType.BOOLEAN, Write.UNLESS_DEFAULT, GlobalSettings::sync,
            (b, v) -> b.sync((Boolean) v)),
    DIRECTOR_MODE("director_mode", ValueType.keyword(DirectorMode.class, DirectorMode::keyword), Write.UNLESS_DEFAULT,
            GlobalSettings::directorMode, (b, v) -> b.directorMode((DirectorMode) v)),
    BGP_LOCAL_AS("bgp_local_as", ValueType.ASN, Write.ALWAYS, GlobalSettings::bgpLocalAs,
            (b, v) -> b.bgpLocalAs((Long) v)),
    BGP_PEER_AS("bgp_peer_as", ValueType.ASN, Write.ALWAYS, GlobalSettings::bgpPeerAs,
            (b, v) -> b.bgpPeerAs((Long) v)),
    BGP_NEIGHBORS("bgp_neighbors", ValueType.IPV4_LIST, Write.UNLESS_DEFAULT, GlobalSettings::bgpNeighbors,
            (b, v) -> b.bgpNeighbors(addresses(v))),
    BGP_HOLD_TIME("bgp_hold_time", ValueType.INTEGER, Write.UNLESS_DEFAULT, GlobalSettings::bgpHoldTime,
            (b, v) -> b.bgpHoldTime((Integer) v)),
    BGP_BFD("bgp_bfd", ValueType.BOOLEAN, Write.UNLESS_DEFAULT, GlobalSettings::bgpBfd,
            (b, v) -> b.bgpBfd((Boolean) v)),
    BGP_BFD_INTERVAL("bgp_bfd_interval", ValueType.INTEGER, Write.UNLESS_DEFAULT, GlobalSettings::bgpBfdInterval,
            (b, v) -> b.bgpBfdInterval((Integer) v)),
    BGP_BFD_MULTIPLIER("bgp_bfd_multiplier", ValueType.INTEGER, Write.UNLESS_DEFAULT, GlobalSettings::bgpBfdMultiplier,
            (b, v) -> b.bgpBfdMultiplier((Integer) v)),
    VIP_INTERFACE("vip_interface", ValueType.WORD, Write.UNLESS_DEFAULT, GlobalSettings::vipInterface,
            (b, v) -> b.vipInterface((String) v)),
    WITHDRAW_WAIT("withdraw_wait", ValueType.SECONDS, Write.UNLESS_DEFAULT, GlobalSettings::withdrawWait,
            (b, v) -> b.withdrawWait((Duration) v)),
    BIRD_CONFIG("bird_config", ValueType.STRING, Write.UNLESS_DEFAULT, GlobalSettings::birdConfig,
            (b, v) -> b.birdConfig((String) v)),
    BIRD_SOCKET("bird_socket", ValueType.STRING, Write.UNLESS_DEFAULT, GlobalSettings::birdSocket,
            (b, v) -> b.birdSocket((String) v));

    private final String key;
    final ValueType type;
    final Write write;
    private final Function<GlobalSettings, Object> getter;
    private final BiConsumer<GlobalSettings.Builder, Object> setter;
    private final boolean affectsNanny;

    GlobalField(String key, ValueType type, Write write, Function<GlobalSettings, Object> getter,
                BiConsumer<GlobalSettings.Builder, Object> setter) {
        this(key, type, write, getter, setter, false);
    }

    GlobalField(String key, ValueType type, Write write, Function<GlobalSettings, Object> getter,
                BiConsumer<GlobalSettings.Builder, Object> setter, boolean affectsNanny) {
        this.key = key;
        this.type = type;
        this.write = write;
        this.getter = getter;
        this.setter = setter;
        this.affectsNanny = affectsNanny;
    }

    @Override
    public String key() {
        return key;
    }

    @Override
    public boolean affectsNanny() {
        return affectsNanny;
    }

    @SuppressWarnings("unchecked")
    private static List<InetAddress> addresses(Object value) {
        return value == null ? List.of() : (List<InetAddress>) value;
    }

    /** The value in {@code globals}: an Optional field gives its content or null. */
    public Object valueIn(GlobalSettings globals) {
        Object value = getter.apply(globals);
        return value instanceof Optional<?> optional ? optional.orElse(null) : value;
    }

    /** Sets this key in {@code builder}; {@code value} as {@link #valueIn} gives it (null clears an optional key). */
    public void set(GlobalSettings.Builder builder, Object value) {
        setter.accept(builder, value);
    }
}
