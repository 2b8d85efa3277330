package org.piranha.gui.web;

import java.util.List;
import java.util.Map;

/** How a panel shows one lvs.cf key: label, help (from lvs.cf(5)) and the kind of input. */
public record FieldInfo(String key, String label, String help, List<String> choices) {

    public boolean isChoice() {
        return !choices.isEmpty();
    }

    static final List<String> BOOLEAN = List.of("0", "1");

    private static FieldInfo text(String key, String label, String help) {
        return new FieldInfo(key, label, help, List.of());
    }

    private static FieldInfo bool(String key, String label, String help) {
        return new FieldInfo(key, label, help, BOOLEAN);
    }

    private static FieldInfo choice(String key, String label, String help, String... choices) {
        return new FieldInfo(key, label, help, List.of(choices));
    }

    /** Every key the panels show, by scope ("global", "virtual", "server") and key. */
    static final Map<String, FieldInfo> GLOBAL = index(List.of(
            text("serial_no", "Serial number", "Revision of this file; piranha-gui raises it on every change. Not used by the daemons."),
            text("primary", "Primary server public IP", "The primary router's public address. A router whose interface has it is the primary."),
            text("primary_private", "Primary server private IP", "Optional second heartbeat path: the primary's address on the private network."),
            bool("backup_active", "Redundancy enabled", "1: a backup router takes over when the primary stops sending heartbeats."),
            text("backup", "Redundant server public IP", "The backup router's public address."),
            text("backup_private", "Redundant server private IP", "The backup's address on the private heartbeat network (with primary_private)."),
            bool("heartbeat", "Heartbeat", "Written as 1 by the GUI; ignored by pulse."),
            text("heartbeat_port", "Heartbeat runs on port", "UDP port of the heartbeats (default 539)."),
            text("keepalive", "Heartbeat interval (seconds)", "Seconds between heartbeats; decimals such as 0.5 allowed (code default 2, Piranha's GUI 6)."),
            text("deadtime", "Assume dead after (seconds)", "Silence after which the partner is declared dead and this router takes over (code default 5, Piranha's GUI 18)."),
            choice("network", "Network type", "Forwarding method: nat (masquerading), direct (direct routing) or tunnel (IP-IP).", "nat", "direct", "tunnel"),
            text("nat_router", "NAT router IP and device", "NAT only: the real servers' gateway address and the device it floats on, e.g. 10.0.0.254 eth1:1."),
            text("nat_nmask", "NAT router netmask", "Netmask of the NAT router address, dotted quad."),
            text("debug_level", "Debug level", "Parsed and ignored, as in Piranha."),
            text("monitor_links", "Monitor NIC links for failures", "Non-zero: a router whose heartbeat or VIP interface loses its link gives up the active role."),
            bool("syncdaemon", "Use sync daemon", "1: run the IPVS connection synchronisation daemon, so connections survive a failover."),
            text("syncd_iface", "Sync daemon interface", "Interface of the sync daemon's multicast (default eth0)."),
            text("syncd_id", "Sync daemon ID", "syncid of the sync daemon, 0-255 (default 0)."),
            text("tcp_timeout", "TCP timeout", "IPVS TCP session timeout in seconds (0: leave the kernel's)."),
            text("tcpfin_timeout", "TCP FIN timeout", "IPVS TCP timeout after FIN in seconds (0: leave the kernel's)."),
            text("udp_timeout", "UDP timeout", "IPVS UDP timeout in seconds (0: leave the kernel's)."),
            bool("hard_shutdown", "Hard shutdown", "1: when a monitor keeps dying, lvsd stops the whole LVS (Piranha's default); 0: it only logs."),
            bool("hot_standby", "Hot standby", "1: the backup router runs lvsd and the health checks too, so a takeover starts with the real servers' states known."),
            text("active_cmd", "Command on becoming active", "Run by pulse when this router becomes active (absolute path and arguments)."),
            text("inactive_cmd", "Command on becoming inactive", "Run by pulse when this router stops being active."),
            text("ipvsadm", "ipvsadm path", "Accepted for compatibility; piranha programs IPVS over netlink."),
            text("rsh_command", "Remote shell", "rsh or ssh, for load_monitor = uptime."),
            bool("sync", "sync", "Legacy key, unused."),
            choice("director_mode", "Director mode", "active_backup: Piranha's pair (default); multi_active: every director active, VIPs announced by BGP through BIRD.", "active_backup", "multi_active"),
            text("bgp_local_as", "Local AS number", "multi_active: this director's BGP AS number (1-4294967295)."),
            text("bgp_peer_as", "Peer AS number", "multi_active: the upstream routers' AS number."),
            text("bgp_neighbors", "BGP neighbours", "multi_active: the upstream routers' IPv4 addresses, separated by blanks."),
            text("bgp_hold_time", "BGP hold time (seconds)", "0, or 3-65535 (default 3)."),
            bool("bgp_bfd", "BFD", "1: BFD watches each BGP session (default), so a dead director is dropped in interval x multiplier."),
            text("bgp_bfd_interval", "BFD interval (ms)", "10-60000 milliseconds (default 100)."),
            text("bgp_bfd_multiplier", "BFD multiplier", "1-255 (default 3)."),
            text("vip_interface", "VIP interface", "multi_active: the dummy interface holding the VIPs (default piranha0)."),
            text("withdraw_wait", "Withdraw wait (seconds)", "multi_active: on a clean stop, the wait between withdrawing the VIPs and taking the table down (default 2)."),
            text("bird_config", "BIRD include", "multi_active: the BIRD include pulse writes (default /etc/bird/piranha.conf)."),
            text("bird_socket", "BIRD control socket", "multi_active: for birdc configure (default /run/bird/bird.ctl).")));

    static final Map<String, FieldInfo> VIRTUAL = index(List.of(
            bool("active", "Active", "1: lvsd puts this service into IPVS and pulse brings up its VIP."),
            text("address", "Virtual IP address and device", "The VIP and the interface it is brought up on, e.g. 192.168.1.10 eth0:1."),
            text("vip_nmask", "Virtual IP network mask", "Netmask of the VIP, dotted quad."),
            text("fwmark", "Firewall mark", "If set, the IPVS service is this firewall mark instead of VIP:port."),
            text("port", "Application port", "The virtual service's port, a number or a name from /etc/services (default 80)."),
            text("persistent", "Persistence", "Seconds a client stays with the same real server (0: off)."),
            text("pmask", "Persistence network mask", "With persistence: clients in the same network of this mask stick together."),
            text("send", "Send", "Text sent to the real server after connecting (in double quotes)."),
            text("expect", "Expect", "Text the real server must answer with (\"*\": anything)."),
            bool("use_regex", "Treat expect string as a regular expression", "1: expect is an extended regular expression."),
            text("send_program", "Sending program", "A check command instead of send/expect; %h is the real server's address, %p its port."),
            choice("load_monitor", "Load monitoring tool", "How real servers' load is read for dynamic weights.", "", "none", "uptime", "rup", "ruptime"),
            text("scheduler_flags", "Scheduler flags", "mh-fallback, mh-port (mh) or sh-fallback, sh-port (sh), separated by blanks."),
            choice("scheduler", "Scheduling", "IPVS scheduler.", "wlc", "rr", "wrr", "lc", "lblc", "lblcr", "dh", "sh", "sed", "nq", "mh", "fo", "ovf"),
            choice("protocol", "Protocol", "tcp or udp.", "tcp", "udp"),
            text("timeout", "Service timeout", "Seconds between checks and the time limit of each (decimals allowed; default 10)."),
            text("reentry", "Re-entry time", "Seconds a failed real server must pass its checks before it is used again (default 180)."),
            bool("quiesce_server", "Quiesce server", "1: a failed real server gets weight 0 instead of being removed."),
            text("sorry_server", "Sorry server", "Address added to the service when no real server is up."),
            text("client_monitor", "Monitor program", "The health checker lvsd runs per real server (default nanny beside lvsd)."),
            bool("announce", "Announce by BGP", "multi_active: 1 announces this VIP while the service has a real server up (default).")));

    static final Map<String, FieldInfo> SERVER = index(List.of(
            text("address", "Address", "The real server's address (or host name)."),
            bool("active", "Active", "1: this real server is checked and used."),
            text("port", "Port", "The real server's port (empty: the virtual server's port)."),
            text("weight", "Weight", "IPVS weight (default 1).")));

    private static Map<String, FieldInfo> index(List<FieldInfo> fields) {
        Map<String, FieldInfo> map = new java.util.LinkedHashMap<>();
        fields.forEach(f -> map.put(f.key(), f));
        return map;
    }

    /** A key the catalogue does not know yet (added to the library later): shown plainly. */
    static FieldInfo unknown(String key) {
        return text(key, key, "See lvs.cf(5).");
    }
}
