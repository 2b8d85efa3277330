package org.piranha.daemon;

import org.slf4j.LoggerFactory;

/**
 * A daemon in miniature for DaemonLogProcessTest: "lvsd" (with "-n" as first argument:
 * "lvsd -n") logging one info and one warning line, then one line on behalf of a nanny.
 */
public final class MiniDaemonMain {

    private MiniDaemonMain() {}

    public static void main(String[] args) {
        DaemonLog.start("lvsd", args.length > 0 && args[0].equals("-n"), false);
        LoggerFactory.getLogger(MiniDaemonMain.class).info("starting virtual service web active: 80");
        LoggerFactory.getLogger(MiniDaemonMain.class).warn("second");
        DaemonLog.forChild("nanny", 4242).log(Severity.INFO, "[ active ] making 10.0.0.1:80 available");
    }
}
