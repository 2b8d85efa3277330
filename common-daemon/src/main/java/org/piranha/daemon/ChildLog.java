package org.piranha.daemon;

/** Log lines of a child process, under the child's name and pid: see {@link DaemonLog#forChild}. */
public final class ChildLog {

    private final String name;
    private final long pid;

    ChildLog(String name, long pid) {
        this.name = name;
        this.pid = pid;
    }

    /** Logs one message as {@code name[pid]}; debug lines only when the daemon is verbose. */
    public void log(Severity severity, String message) {
        DaemonLog.Setup setup = DaemonLog.setup();
        if (severity != Severity.DEBUG || setup.verbose()) {
            setup.sink().write(name, pid, severity, message);
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return pid;
    }
}
