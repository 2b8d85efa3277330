package org.piranha.it.support;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * A real server for LVS tests: a network namespace on a {@link Lan} answering HTTP on the ports
 * it is told, each reply's body being its name and a line feed ("web1\n"), so a client can tell
 * which real server answered. It serves every local address (its own, and a VIP on loopback for
 * direct routing), with HTTP/1.1 keep-alive so one connection can be held open and reused.
 *
 * <pre>{@code
 * HttpRealServer web1 = HttpRealServer.create(lan, "web1", "10.6.1.221/24").acceptVip("10.6.1.214").serve(80);
 * HttpRealServer web2 = HttpRealServer.create(privateLan, "web2", "192.168.10.2/24").route("192.168.10.254").serve(80);
 * web1.stop(80);   // checks now fail: connection refused
 * }</pre>
 */
public final class HttpRealServer implements AutoCloseable {

    /** Python's threaded HTTP server; prints "listening" once bound. */
    private static final String SERVER = String.join("\n",
            "import http.server, sys",
            "name, port = sys.argv[1], int(sys.argv[2])",
            "class Handler(http.server.BaseHTTPRequestHandler):",
            "    protocol_version = 'HTTP/1.1'",
            "    def do_GET(self):",
            "        body = (name + '\\n').encode()",
            "        self.send_response(200)",
            "        self.send_header('Content-Type', 'text/plain')",
            "        self.send_header('Content-Length', str(len(body)))",
            "        self.end_headers()",
            "        self.wfile.write(body)",
            "    def log_message(self, *args):",
            "        pass",
            "class Server(http.server.ThreadingHTTPServer):",
            "    daemon_threads = True",
            "    allow_reuse_address = True",
            "server = Server(('', port), Handler)",
            "print('listening', flush=True)",
            "server.serve_forever()");

    private static final Duration START = Duration.ofSeconds(60);

    private final String name;
    private final Netns netns;
    private final String address;
    private final Map<Integer, Daemon> listeners = new TreeMap<>();

    private HttpRealServer(String name, Netns netns, String address) {
        this.name = name;
        this.netns = netns;
        this.address = address;
    }

    /** A namespace called after {@code name}, joined to {@code lan} as eth0 with {@code cidr}. */
    public static HttpRealServer create(Lan lan, String name, String cidr) {
        Netns netns = Netns.create(name);
        lan.attach(netns, "eth0", cidr);
        return new HttpRealServer(name, netns, cidr.substring(0, cidr.indexOf('/')));
    }

    /**
     * For direct routing: the VIP on loopback, so packets the director forwards unchanged are
     * accepted, and no ARP replies for it (arp_ignore/arp_announce), so clients reach the director.
     */
    public HttpRealServer acceptVip(String vip) {
        netns.ok("sysctl", "-qw", "net.ipv4.conf.all.arp_ignore=1");
        netns.ok("sysctl", "-qw", "net.ipv4.conf.all.arp_announce=2");
        netns.ok("ip", "addr", "add", vip + "/32", "dev", "lo");
        return this;
    }

    /** For NAT: replies go back through the director, the default gateway. */
    public HttpRealServer route(String gateway) {
        netns.ok("ip", "route", "add", "default", "via", gateway);
        return this;
    }

    /** Starts answering on {@code port} (no-op if it already does); returns once it listens. */
    public HttpRealServer serve(int port) {
        if (!listeners.containsKey(port)) {
            Daemon daemon = Daemon.start(name + ":" + port,
                    netns.process("/usr/bin/python3", "-c", SERVER, name, Integer.toString(port)));
            daemon.awaitLine("listening", START);
            listeners.put(port, daemon);
        }
        return this;
    }

    /** Stops answering on {@code port}: connections are refused from now on, open ones are cut. */
    public HttpRealServer stop(int port) {
        Daemon daemon = listeners.remove(port);
        if (daemon != null) {
            daemon.close();
        }
        return this;
    }

    public String name() {
        return name;
    }

    public Netns netns() {
        return netns;
    }

    /** Its own address on the LAN, without prefix length. */
    public String address() {
        return address;
    }

    @Override
    public void close() {
        listeners.values().forEach(Daemon::close);
        listeners.clear();
        netns.close();
    }
}
