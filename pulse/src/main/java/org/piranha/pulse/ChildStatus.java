package org.piranha.pulse;

/**
 * Piranha's line for a child that ended. Java reports a child killed by signal N as exit value
 * 128 + N (as a shell does), so values 129 to 192 are read as signals: lvsd itself only ever
 * exits with small statuses.
 */
final class ChildStatus {

    private static final int SIGNAL_BASE = 128;
    private static final int MAX_SIGNAL = 64;

    private ChildStatus() {}

    static String describe(long pid, int exitValue) {
        if (exitValue > SIGNAL_BASE && exitValue <= SIGNAL_BASE + MAX_SIGNAL) {
            return "Child process " + pid + " terminated with signal " + (exitValue - SIGNAL_BASE);
        }
        return "Child process " + pid + " exited with status " + exitValue;
    }
}
