package org.piranha.pulse.status;

import java.util.Optional;
import org.piranha.lvscf.RealServer;
import org.piranha.lvscf.VirtualService;

/**
 * Whether a virtual service has a real server up, as lvsd reported it. While any of its real
 * servers has no verdict yet (just after a start or a takeover) the answer is {@link #UNDECIDED}:
 * lvsd itself switches to the sorry server only once every real server has one, and a check
 * built on {@code pulse --status} must not flap on every takeover.
 */
public enum ServiceVerdict {
    SOME_UP, NONE_UP, UNDECIDED;

    public static ServiceVerdict of(VirtualService service, ServerReports reports) {
        boolean undecided = false;
        for (RealServer server : service.activeServers()) {
            Optional<String> state = reports.server(service.name(), server.name()).map(ServerReports.Server::state);
            if (state.filter(s -> s.equals("up") || s.equals("slow-starting")).isPresent()) {
                return SOME_UP;
            }
            undecided |= state.isEmpty() || state.get().equals("unknown");
        }
        return undecided ? UNDECIDED : NONE_UP;
    }
}
