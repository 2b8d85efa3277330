package org.piranha.nanny;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * nanny's signals, as Piranha's: USR1 forces the server down, USR2 forces it up, HUP resumes the
 * checks, TERM and INT withdraw the server and exit 0. A signal that arrives before these handlers
 * are installed kills the JVM, which is why nanny reports "ready" only after {@link #install}.
 */
final class Signals {

    private Signals() {
    }

    static void install(Monitor monitor) {
        Handler handler = new Handler(monitor);
        for (String name : new String[] {"USR1", "USR2", "HUP", "TERM", "INT"}) {
            Signal.handle(new Signal(name), handler);
        }
    }

    /** One named class rather than lambdas: it loads from the CDS archive, lambdas are spun. */
    private static final class Handler implements SignalHandler {
        private final Monitor monitor;

        Handler(Monitor monitor) {
            this.monitor = monitor;
        }

        @Override
        public void handle(Signal signal) {
            switch (signal.getName()) {
                case "USR1" -> monitor.forceDown();
                case "USR2" -> monitor.forceUp();
                case "HUP" -> monitor.resume();
                default -> {
                    monitor.stop("Terminating due to signal " + signal.getNumber());
                    System.exit(0);
                }
            }
        }
    }
}
