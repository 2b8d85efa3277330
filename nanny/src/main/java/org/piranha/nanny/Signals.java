package org.piranha.nanny;

import sun.misc.Signal;

/**
 * nanny's signals, as Piranha's: USR1 forces the server down, USR2 forces it up, HUP resumes the
 * checks, TERM and INT withdraw the server and exit 0. A signal that arrives before these handlers
 * are installed kills the JVM, which is why nanny reports "ready" only after {@link #install}.
 */
final class Signals {

    private Signals() {
    }

    static void install(Monitor monitor) {
        Signal.handle(new Signal("USR1"), s -> monitor.forceDown());
        Signal.handle(new Signal("USR2"), s -> monitor.forceUp());
        Signal.handle(new Signal("HUP"), s -> monitor.resume());
        Signal.handle(new Signal("TERM"), s -> terminate(monitor, s));
        Signal.handle(new Signal("INT"), s -> terminate(monitor, s));
    }

    private static void terminate(Monitor monitor, Signal signal) {
        monitor.stop("Terminating due to signal " + signal.getNumber());
        System.exit(0);
    }
}
