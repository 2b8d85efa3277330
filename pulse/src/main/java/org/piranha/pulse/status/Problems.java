package org.piranha.pulse.status;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.piranha.lvscf.LvsConfig;
import org.piranha.lvscf.VirtualService;

/**
 * What is wrong, in sentences an operator acts on: the {@code problems} of the status document,
 * and what makes {@code pulse --status} exit 4.
 */
final class Problems {

    private Problems() {}

    static List<String> of(StatusBoard board, boolean changedOnDisk, long nowNanos) {
        List<String> problems = new ArrayList<>();
        String role = board.router().map(StatusBoard.Router::role).orElse("starting");
        boolean active = role.equals("active");
        partner(board, nowNanos).ifPresent(problems::add);
        for (StatusBoard.Link link : board.links()) {
            if (!link.up()) {
                problems.add("link " + link.iface() + " is down (monitor_links = 1): this router does not"
                        + " activate until it is up again");
            }
        }
        if (board.activationForbidden()) {
            problems.add("lvsd died while this router was active: it stays inactive until its partner is active"
                    + " (lvsd's lines in the log say why it died)");
        }
        board.config().ifPresent(config -> {
            if (changedOnDisk) {
                problems.add(config.path() + " changed on disk since it was loaded at " + Times.rfc3339(config.loaded())
                        + ": check it with pulse --check-config -c " + config.path()
                        + ", then apply it with systemctl reload pulse");
            }
        });
        if (active && !board.norun() && !board.lvsd().running()) {
            problems.add("lvsd is not running on the active router: no virtual service is served");
        }
        ServerReports reports = board.reports();
        if (active && !reports.isNone()) {
            board.config().ifPresent(config -> noServerUp(config.config(), reports, problems));
        }
        return problems;
    }

    private static Optional<String> partner(StatusBoard board, long nowNanos) {
        StatusBoard.Partner partner = board.partner();
        if (partner.addresses().isEmpty() || nowNanos - board.startedNanos() < partner.deadtimeNanos()) {
            return Optional.empty();
        }
        Optional<StatusBoard.Heard> heard = board.heard();
        if (heard.isPresent() && nowNanos - heard.get().atNanos() < partner.deadtimeNanos()) {
            return Optional.empty();
        }
        String silence = heard.map(h -> "has not been heard for " + Times.seconds(nowNanos - h.atNanos()) + " s")
                .orElse("has never been heard");
        return Optional.of("the partner router (" + String.join(", ", partner.addresses()) + ") " + silence
                + " (deadtime " + Times.seconds(partner.deadtimeNanos()) + " s): it is down, or the heartbeat path"
                + " between the routers is broken");
    }

    private static void noServerUp(LvsConfig config, ServerReports reports, List<String> problems) {
        for (VirtualService service : config.activeServices()) {
            if (ServiceVerdict.of(service, reports) == ServiceVerdict.NONE_UP) {
                problems.add("virtual service " + service.name() + " has no real server up"
                        + service.sorryServer().map(s -> ": its sorry server " + org.piranha.lvscf.Addresses.format(s)
                                + " answers").orElse(": its clients are refused"));
            }
        }
    }
}
