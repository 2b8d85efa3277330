package org.piranha.pulse;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.piranha.lvscf.Addresses;
import org.piranha.lvscf.LvsConfig;
import org.piranha.lvscf.RealServer;
import org.piranha.lvscf.VirtualService;
import org.piranha.pulse.status.ServerReports;
import org.piranha.pulse.status.ServiceVerdict;

/**
 * multi_active: whether each virtual service wants its VIP announced, and why, from lvsd's
 * reports. A service wants it while it has a real server up, or its sorry server; never while
 * lvsd is not running or not reporting. While a verdict is still missing (lvsd just started, a
 * reload added servers) a service keeps what it had.
 */
final class AnnouncementPolicy {

    /** One service's wish for its VIP. */
    record Decision(InetAddress address, boolean announce, String reason) {}

    private AnnouncementPolicy() {}

    /**
     * @param lvsdProblem why lvsd cannot serve (not running, silent), or empty when it reports
     * @param previous    the last decisions, by service name
     * @return by service name, in lvs.cf's order: every active service with an IPv4 VIP
     */
    static Map<String, Decision> decide(LvsConfig config, ServerReports reports, Optional<String> lvsdProblem,
                                        Map<String, Decision> previous) {
        Map<String, Decision> decisions = new LinkedHashMap<>();
        for (VirtualService service : config.activeServices()) {
            if (service.address().isEmpty()) {
                continue;
            }
            InetAddress vip = service.address().get().address();
            decisions.put(service.name(), decide(service, vip, reports, lvsdProblem, previous.get(service.name())));
        }
        return decisions;
    }

    private static Decision decide(VirtualService service, InetAddress vip, ServerReports reports,
                                   Optional<String> lvsdProblem, Decision previous) {
        if (!service.announce()) {
            return new Decision(vip, false, "announce = 0");
        }
        if (lvsdProblem.isPresent()) {
            return new Decision(vip, false, lvsdProblem.get());
        }
        if (reports.isNone()) {
            return new Decision(vip, false, "no report from lvsd yet");
        }
        int total = service.activeServers().size();
        return switch (ServiceVerdict.of(service, reports)) {
            case SOME_UP -> new Decision(vip, true, up(service, reports) + " of " + total + " real servers up");
            case NONE_UP -> service.sorryServer()
                    .map(sorry -> new Decision(vip, true, "no real server up, sorry server "
                            + Addresses.format(sorry) + " in use"))
                    .orElse(new Decision(vip, false, "no real server up"));
            case UNDECIDED -> previous != null && previous.announce() && previous.address().equals(vip) ? previous
                    : new Decision(vip, false, "waiting for lvsd's first verdicts on the real servers");
        };
    }

    private static int up(VirtualService service, ServerReports reports) {
        int up = 0;
        for (RealServer server : service.activeServers()) {
            String state = reports.server(service.name(), server.name()).map(ServerReports.Server::state).orElse("");
            if (state.equals("up") || state.equals("slow-starting")) {
                up++;
            }
        }
        return up;
    }
}
