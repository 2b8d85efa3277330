package org.piranha.daemon;

/** Where log lines end up: syslog or stdout. Safe to call from any thread; never throws. */
interface LogSink {

    /** Logs {@code message} (possibly several lines) under the identity {@code name[pid]}. */
    void write(String name, long pid, Severity severity, String message);
}
