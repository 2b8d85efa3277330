package org.piranha.daemon;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.piranha.netlink.libc.LibC;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * sd_notify(3) for {@code Type=notify} units, without libsystemd: one datagram of
 * {@code KEY=VALUE} lines to the AF_UNIX socket in {@code $NOTIFY_SOCKET} (a path, or
 * {@code @name} in the abstract namespace). Does nothing when that variable is unset, so the
 * daemons run the same outside systemd. Sends never block or throw: a failure is logged once
 * and reported as {@code false}.
 */
public final class SystemdNotifier implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SystemdNotifier.class);

    private final UnixAddress socketAddress;
    private final Optional<Duration> watchdogTimeout;

    // guarded by this
    private UnixDatagramSocket socket;
    private boolean failureLogged;

    SystemdNotifier(Map<String, String> env, long pid) {
        String notifySocket = env.get("NOTIFY_SOCKET");
        this.socketAddress = notifySocket == null || notifySocket.isEmpty() ? null : UnixAddress.of(notifySocket);
        this.watchdogTimeout = watchdogTimeout(env, pid);
    }

    /** The notifier for this process's environment. */
    public static SystemdNotifier fromEnvironment() {
        return new SystemdNotifier(System.getenv(), ProcessHandle.current().pid());
    }

    /** Whether systemd is listening ({@code NOTIFY_SOCKET} is set). */
    public boolean enabled() {
        return socketAddress != null;
    }

    /** READY=1: start-up finished (config parsed, sockets bound), or a reload finished. */
    public boolean ready() {
        return send("READY=1");
    }

    /** RELOADING=1 with MONOTONIC_USEC, which newer systemd requires; follow with {@link #ready()}. */
    public boolean reloading() {
        return send("RELOADING=1\nMONOTONIC_USEC=" + monotonicMicros());
    }

    /** STOPPING=1: shutdown has begun. */
    public boolean stopping() {
        return send("STOPPING=1");
    }

    /** STATUS=...: one line for {@code systemctl status}. */
    public boolean status(String text) {
        return send("STATUS=" + text.replaceAll("\\R", " "));
    }

    /** WATCHDOG=1: still alive. Send it every {@link #watchdogInterval()} from the main loop. */
    public boolean watchdog() {
        return send("WATCHDOG=1");
    }

    /**
     * The unit's watchdog timeout ({@code WatchdogSec=}, exported as WATCHDOG_USEC), if it applies
     * to this process (WATCHDOG_PID unset or ours).
     */
    public Optional<Duration> watchdogTimeout() {
        return watchdogTimeout;
    }

    /** How often to send {@link #watchdog()}: half the timeout, as sd_watchdog_enabled(3) advises. */
    public Optional<Duration> watchdogInterval() {
        return watchdogTimeout.map(timeout -> timeout.dividedBy(2));
    }

    /** Sends {@code state}, newline-separated KEY=VALUE assignments, in one datagram. */
    public synchronized boolean send(String state) {
        if (socketAddress == null) {
            return false;
        }
        try {
            if (socket == null) {
                socket = UnixDatagramSocket.open();
            }
            socket.send(socketAddress, state.getBytes(StandardCharsets.UTF_8));
            return true;
        } catch (IOException e) {
            if (!failureLogged) {
                failureLogged = true;
                LOG.warn("cannot notify systemd ({}): {}", state.replace('\n', ' '), e.getMessage());
            }
            return false;
        }
    }

    @Override
    public synchronized void close() {
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }

    private static Optional<Duration> watchdogTimeout(Map<String, String> env, long pid) {
        String usec = env.get("WATCHDOG_USEC");
        String watchdogPid = env.get("WATCHDOG_PID");
        try {
            if (usec == null || (watchdogPid != null && Long.parseLong(watchdogPid.trim()) != pid)) {
                return Optional.empty();
            }
            long micros = Long.parseLong(usec.trim());
            return micros > 0 ? Optional.of(Duration.ofNanos(micros * 1000)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** CLOCK_MONOTONIC in microseconds, the clock systemd compares MONOTONIC_USEC with. */
    static long monotonicMicros() {
        byte[] timespec = new byte[16];
        try {
            LibC.INSTANCE.clock_gettime(LibC.CLOCK_MONOTONIC, timespec);
        } catch (LastErrorException e) {
            throw new IllegalStateException("clock_gettime(CLOCK_MONOTONIC) failed", e);
        }
        ByteBuffer time = ByteBuffer.wrap(timespec).order(ByteOrder.nativeOrder());
        return time.getLong(0) * 1_000_000 + time.getLong(8) / 1_000;
    }
}
