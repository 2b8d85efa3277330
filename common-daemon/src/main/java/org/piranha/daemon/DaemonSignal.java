package org.piranha.daemon;

/** The signals pulse, lvsd and nanny react to, with their Linux numbers (for "Terminating due to signal 15"). */
public enum DaemonSignal {
    HUP(1),
    INT(2),
    USR1(10),
    USR2(12),
    TERM(15);

    private final int number;

    DaemonSignal(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }
}
