package org.piranha.it.lvsd;

import java.util.LinkedHashMap;
import java.util.Map;
import org.piranha.it.support.HttpRealServer;
import org.piranha.it.support.Lan;
import org.piranha.it.support.Netns;

/**
 * A NAT load balancer's world: a public segment with the director (10.6.1.201, VIP 10.6.1.214)
 * and a client (10.6.1.100), and a private one where the director is the gateway
 * (192.168.10.254) of the real servers web1 192.168.10.1, web2 .2, web3 .3 and sorry .9.
 */
final class NatLab implements AutoCloseable {

    static final String VIP = "10.6.1.214";

    final Lan publicLan = new Lan();
    final Lan privateLan = new Lan();
    final Netns director = Netns.create("lb1");
    final Netns client = Netns.create("client");
    final Map<String, HttpRealServer> servers = new LinkedHashMap<>();

    NatLab() {
        publicLan.attach(director, "eth0", "10.6.1.201/24");
        director.ok("ip", "addr", "add", VIP + "/32", "dev", "eth0");
        privateLan.attach(director, "eth1", "192.168.10.254/24");
        director.ok("sysctl", "-qw", "net.ipv4.ip_forward=1");
        publicLan.attach(client, "eth0", "10.6.1.100/24");
        server("web1", "192.168.10.1");
        server("web2", "192.168.10.2");
        server("web3", "192.168.10.3");
        server("sorry", "192.168.10.9");
    }

    private void server(String name, String address) {
        servers.put(name, HttpRealServer.create(privateLan, name, address + "/24").route("192.168.10.254"));
    }

    HttpRealServer server(String name) {
        return servers.get(name);
    }

    /** What the client gets from the VIP on {@code port}: the answering server's name. */
    String get(int port) {
        return client.ok("curl", "-s", "--max-time", "20", "http://" + VIP + ":" + port + "/").trim();
    }

    /** The global part of an lvs.cf for this lab, with {@code extra} global lines. */
    static String globals(String... extra) {
        return "primary = 10.6.1.201\nservice = lvs\nnetwork = nat\nnat_router = 192.168.10.254 eth1:1\n"
                + String.join("\n", extra) + "\n";
    }

    /** A virtual service on the VIP with a 1 s check and 2 s reentry; {@code body} adds keys and servers. */
    static String service(String name, int port, String body) {
        return "virtual " + name + " {\n    active = 1\n    address = " + VIP + " eth0:1\n    port = " + port
                + "\n    timeout = 1\n    reentry = 2\n" + body + "}\n";
    }

    /** A server block. */
    static String server(String name, String address, int port, String... extra) {
        return "    server " + name + " {\n        address = " + address + "\n        active = 1\n        port = " + port
                + "\n" + (extra.length == 0 ? "" : "        " + String.join("\n        ", extra) + "\n") + "    }\n";
    }

    @Override
    public void close() {
        servers.values().forEach(HttpRealServer::close);
        client.close();
        director.close();
        privateLan.close();
        publicLan.close();
    }
}
