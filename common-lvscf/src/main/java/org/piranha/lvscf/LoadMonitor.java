package org.piranha.lvscf;

/** The remote load probe nanny uses to adjust weights ({@code load_monitor = ...}). */
public enum LoadMonitor {
    /** {@code rsh|ssh RIP uptime}, the remote shell being the global {@code rsh_command}. */
    UPTIME("uptime"),
    RUP("rup"),
    RUPTIME("ruptime"),
    NONE("none");

    private final String keyword;

    LoadMonitor(String keyword) {
        this.keyword = keyword;
    }

    /** The word lvs.cf uses. */
    public String keyword() {
        return keyword;
    }
}
