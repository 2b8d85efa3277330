package org.piranha.daemon;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.io.PrintStream;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where pulse's and lvsd's log lines go. Call {@link #start} once, right after parsing the
 * command line; then log through slf4j as usual:
 *
 * <pre>{@code
 * DaemonLog.start("pulse", nodaemon, verbose);
 * LoggerFactory.getLogger(Pulse.class).info("STARTING PULSE AS MASTER");
 * DaemonLog.forChild("nanny", nannyPid).log(Severity.INFO, "[ active ] making 10.0.0.1:80 available");
 * }</pre>
 *
 * Without {@code -n} lines go to syslog ({@code /dev/log}, or the socket in
 * {@code PIRANHA_SYSLOG_SOCKET}) as {@code NAME[PID]}, facility daemon; with {@code -n} to
 * stdout as {@code NAME[PID]: MESSAGE}, prefixed with {@code <N>} when stdout is the journal.
 * {@code verbose} ({@code -v}) lets debug lines through. Before {@link #start} lines go to
 * stderr as {@code piranha[PID]: MESSAGE}.
 */
public final class DaemonLog {

    /** Where lines go: syslog (the daemons' default) or stdout ({@code -n/--nodaemon}). */
    public enum Target { SYSLOG, STDOUT }

    /** The environment variable naming a syslog socket other than /dev/log (for tests). */
    public static final String SYSLOG_SOCKET_ENV = "PIRANHA_SYSLOG_SOCKET";

    /** The loggers whose debug lines {@code -v} turns on: piranha's own. */
    static final String PIRANHA_LOGGERS = "org.piranha";

    /** The identity and sink lines are written with. */
    record Setup(String name, long pid, LogSink sink, boolean verbose) {}

    private static volatile Setup setup = new Setup("piranha", ProcessHandle.current().pid(),
            new StdoutSink(System.err, false), false);

    private DaemonLog() {}

    /** Logs as {@code name} to syslog, or to stdout when {@code nodaemon}. */
    public static void start(String name, boolean nodaemon, boolean verbose) {
        start(name, nodaemon ? Target.STDOUT : Target.SYSLOG, verbose);
    }

    public static void start(String name, Target target, boolean verbose) {
        LogSink sink = switch (target) {
            case SYSLOG -> syslogSink(System.getenv(), System.err);
            case STDOUT -> new StdoutSink(System.out, JournalStream.isStdout(System.getenv("JOURNAL_STREAM")));
        };
        start(name, sink, verbose);
    }

    /** The syslog sink for this environment; {@code stderr} takes its lines while syslog cannot. */
    static LogSink syslogSink(Map<String, String> env, PrintStream stderr) {
        String socket = env.get(SYSLOG_SOCKET_ENV);
        return new SyslogSink(UnixAddress.of(socket == null || socket.isBlank() ? SyslogSink.DEFAULT_SOCKET : socket),
                stderr);
    }

    static void start(String name, LogSink sink, boolean verbose) {
        setup = new Setup(name, ProcessHandle.current().pid(), sink, verbose);
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            setLevels(context, verbose);
        }
    }

    /**
     * INFO for everything; DEBUG for piranha's own loggers with {@code -v}. Libraries' debug
     * output (Netty's start-up report, say) is not what an operator asked for with -v.
     */
    static void setLevels(LoggerContext context, boolean verbose) {
        context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.INFO);
        context.getLogger(PIRANHA_LOGGERS).setLevel(verbose ? Level.DEBUG : Level.INFO);
    }

    /** Closing it logs again what {@link #quiet} silenced. */
    public interface Quiet extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Silences the loggers named {@code silenced} and below, but for {@code kept} (each keeps the
     * level it had), until the returned handle is closed: for a rehearsal that runs code whose
     * lines would tell the operator of things that did not happen (lvsd's parked dry run).
     */
    public static Quiet quiet(String silenced, String... kept) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return () -> { };
        }
        ch.qos.logback.classic.Logger quieted = context.getLogger(silenced);
        Level before = quieted.getLevel();
        Map<ch.qos.logback.classic.Logger, Level> keptBefore = new java.util.LinkedHashMap<>();
        for (String name : kept) {
            ch.qos.logback.classic.Logger logger = context.getLogger(name);
            keptBefore.put(logger, logger.getLevel());
            logger.setLevel(logger.getEffectiveLevel());
        }
        quieted.setLevel(Level.OFF);
        return () -> {
            quieted.setLevel(before);
            keptBefore.forEach(ch.qos.logback.classic.Logger::setLevel);
        };
    }

    /** Whether debug lines are logged ({@code -v}). */
    public static boolean verbose() {
        return setup.verbose();
    }

    /**
     * Logs on behalf of a child process, under its identity: lvsd relays nanny's lines as
     * {@code nanny[PID]} to the same target as its own.
     */
    public static ChildLog forChild(String name, long pid) {
        return new ChildLog(name, pid);
    }

    static Setup setup() {
        return setup;
    }
}
