package org.piranha.lvsd;

import java.util.List;
import java.util.function.Consumer;
import org.piranha.lvscf.VirtualService;

/**
 * lvsd's own check of a real server at start: the one its nanny would make, run once, so that
 * the table serves as soon as lvsd has checked, not after every nanny JVM has started and
 * reported. A server is admitted only on a passing check; its nanny then takes over.
 */
interface StartProbe {

    /** Checks nothing: every server waits for its nanny. */
    StartProbe NONE = (nannyArgv, done) -> { };

    /**
     * Whether lvsd checks the real servers of {@code service} itself at start: not when a
     * client_monitor replaces nanny, nor when a send_program makes the check (those stay the nanny's).
     */
    static boolean checksAtStart(VirtualService service) {
        return service.clientMonitor().isEmpty() && service.sendProgramText().isEmpty();
    }

    /** What the check found; {@code reason} says why it failed (nanny's words), null when it passed. */
    record Result(boolean passed, String reason) {}

    /**
     * Checks the real server that a nanny with {@code nannyArgv} (program first) checks, off the
     * event loop, and calls {@code done} on the event loop; not at all when that check is not one
     * lvsd makes itself (a send_program).
     */
    void probe(List<String> nannyArgv, Consumer<Result> done);
}
