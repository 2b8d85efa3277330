package org.piranha.daemon;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;

/**
 * Logs to the local syslog socket ({@code /dev/log}, journald's on systemd hosts), facility
 * daemon, one datagram per line. It never blocks and never fails the caller: while the socket
 * is missing or full, lines go to {@code fallback} (stderr) after a one-time note, and back to
 * syslog as soon as it accepts them again.
 */
final class SyslogSink implements LogSink {

    static final String DEFAULT_SOCKET = "/dev/log";

    private final UnixAddress address;
    private final PrintStream fallback;

    // guarded by this
    private UnixDatagramSocket socket;
    private boolean failing;

    SyslogSink(UnixAddress address, PrintStream fallback) {
        this.address = address;
        this.fallback = fallback;
    }

    @Override
    public synchronized void write(String name, long pid, Severity severity, String message) {
        LocalDateTime now = LocalDateTime.now();
        for (String line : message.split("\\R")) {
            String datagram = SyslogFormat.message(SyslogFormat.FACILITY_DAEMON, severity, now, name, pid, line);
            try {
                socket().send(address, datagram.getBytes(StandardCharsets.UTF_8));
                if (failing) {
                    failing = false;
                    fallback.println(name + "[" + pid + "]: syslog at " + address + " accepts messages again; logging there");
                }
            } catch (IOException e) {
                if (!failing) {
                    failing = true;
                    fallback.println(name + "[" + pid + "]: cannot log to syslog (" + e.getMessage()
                            + "); logging to stderr until it is back");
                }
                fallback.println(name + "[" + pid + "]: " + line);
            }
        }
        fallback.flush();
    }

    private UnixDatagramSocket socket() throws IOException {
        if (socket == null) {
            socket = UnixDatagramSocket.open();
        }
        return socket;
    }
}
