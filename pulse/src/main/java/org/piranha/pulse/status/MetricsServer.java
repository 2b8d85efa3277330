package org.piranha.pulse.status;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * {@code --metrics=ADDR:PORT}: the Prometheus client's HTTP server on {@code /metrics}, behind
 * basic authentication ({@link MetricsUsers}), answering on two threads of its own so that a
 * scrape never runs on, or waits for, pulse's event loop.
 */
public final class MetricsServer implements AutoCloseable {

    private static final int THREADS = 2;
    /** Scrapes waiting for a thread; more at once are refused (the connection closed), never left hanging. */
    static final int WAITING = 32;

    private final HTTPServer server;
    private final ThreadPoolExecutor executor;

    private MetricsServer(HTTPServer server, ThreadPoolExecutor executor) {
        this.server = server;
        this.executor = executor;
    }

    static MetricsServer start(InetSocketAddress address, PrometheusRegistry registry, MetricsUsers users)
            throws IOException {
        // AbortPolicy: the JDK's HTTP server closes the connection of an exchange its executor
        // refuses. (DiscardPolicy dropped the exchange without a word: the client waited for an
        // answer that never came, and the server kept the connection open for good.)
        ThreadPoolExecutor executor = new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(WAITING), runnable -> {
                    Thread thread = new Thread(runnable, "pulse-metrics");
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.AbortPolicy());
        HTTPServer server = HTTPServer.builder().inetAddress(address.getAddress()).port(address.getPort())
                .registry(registry).authenticator(users).executorService(executor).buildAndStart();
        return new MetricsServer(server, executor);
    }

    /** Scrapes waiting for a thread now. */
    int waiting() {
        return executor.getQueue().size();
    }

    public int port() {
        return server.getPort();
    }

    /**
     * {@code ADDR:PORT} as the option gives it: {@code 10.0.0.1:9539}, {@code [::1]:9539}; the
     * address is a literal, never a name to look up.
     */
    public static InetSocketAddress parse(String option) {
        int colon = option.lastIndexOf(':');
        if (colon <= 0 || colon == option.length() - 1) {
            throw new IllegalArgumentException("--metrics=" + option + ": give ADDRESS:PORT, e.g. 127.0.0.1:9539");
        }
        String host = option.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (!host.matches("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
            throw new IllegalArgumentException("--metrics=" + option + ": " + host + " is not an IP address");
        }
        int port;
        try {
            port = Integer.parseInt(option.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--metrics=" + option + ": the port must be 0 to 65535");
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("--metrics=" + option + ": " + host + " is not an IP address");
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
