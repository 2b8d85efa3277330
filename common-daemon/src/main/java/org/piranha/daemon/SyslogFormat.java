package org.piranha.daemon;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** RFC 3164 messages as glibc's syslog(3) writes them: {@code <PRI>Mmm dd hh:mm:ss TAG[PID]: MESSAGE}. */
final class SyslogFormat {

    /** LOG_DAEMON, as Piranha's openlog() used. */
    static final int FACILITY_DAEMON = 3;

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ENGLISH);

    private SyslogFormat() {}

    static String message(int facility, Severity severity, LocalDateTime time, String name, long pid, String line) {
        return "<" + (facility * 8 + severity.code()) + ">" + TIMESTAMP.format(time) + " " + name + "[" + pid + "]: " + line;
    }
}
