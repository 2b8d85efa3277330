package org.piranha.pulse;

import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.piranha.lvscf.Addresses;
import org.piranha.netlink.NetlinkException;
import org.piranha.pulse.AnnouncementPolicy.Decision;
import org.piranha.pulse.status.StatusBoard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * multi_active: which VIPs are announced. A VIP is announced while any of its services wants it
 * ({@link AnnouncementPolicy}); each change is made through an {@link Announcer} and logged as one
 * line, {@code announcing 10.0.0.100 (www): 2 of 3 real servers up} or
 * {@code withdrawing 10.0.0.100 (www): no real server up}. A change the kernel refuses is logged
 * and tried again at the next evaluation. Not thread-safe: pulse's loop owns it.
 */
final class Announcements {

    private static final Logger LOG = LoggerFactory.getLogger(Announcements.class);

    /** Makes and unmakes an announcement ({@link VipRoutes} in pulse). */
    interface Announcer {
        void announce(InetAddress vip) throws NetlinkException;

        void withdraw(InetAddress vip) throws NetlinkException;
    }

    private final Announcer announcer;
    private final StatusBoard board;
    private final Clock clock;
    private final Set<InetAddress> announced = new LinkedHashSet<>();
    private Map<String, Decision> decisions = Map.of();
    private final Map<String, StatusBoard.Announcement> published = new HashMap<>();

    Announcements(Announcer announcer, StatusBoard board, Clock clock) {
        this.announcer = announcer;
        this.board = board;
        this.clock = clock;
    }

    Map<String, Decision> decisions() {
        return decisions;
    }

    boolean isAnnounced(InetAddress vip) {
        return announced.contains(vip);
    }

    /** Applies the services' wishes: announces and withdraws the VIPs whose state changes. */
    void apply(Map<String, Decision> next) {
        Map<InetAddress, List<String>> services = new LinkedHashMap<>();
        Map<InetAddress, Decision> reasonByVip = new LinkedHashMap<>();
        for (Map.Entry<String, Decision> entry : next.entrySet()) {
            Decision d = entry.getValue();
            services.computeIfAbsent(d.address(), a -> new ArrayList<>()).add(entry.getKey());
            Decision first = reasonByVip.get(d.address());
            if (first == null || (!first.announce() && d.announce())) {
                reasonByVip.put(d.address(), d);
            }
        }
        for (InetAddress vip : List.copyOf(announced)) {
            if (!reasonByVip.containsKey(vip)) {
                withdraw(vip, List.of(), "no longer in lvs.cf");
            }
        }
        for (Map.Entry<InetAddress, Decision> entry : reasonByVip.entrySet()) {
            InetAddress vip = entry.getKey();
            Decision d = entry.getValue();
            if (d.announce() && !announced.contains(vip)) {
                announce(vip, services.get(vip), d.reason());
            } else if (!d.announce() && announced.contains(vip)) {
                withdraw(vip, services.get(vip), d.reason());
            }
        }
        decisions = Map.copyOf(next);
        publish(next);
    }

    /** Withdraws every VIP (lvsd gone, pulse stopping), each with its line. */
    void withdrawAll(String reason) {
        for (InetAddress vip : List.copyOf(announced)) {
            withdraw(vip, servicesOf(vip), reason);
        }
        Map<String, Decision> all = new LinkedHashMap<>();
        decisions.forEach((name, d) -> all.put(name, new Decision(d.address(), false, reason)));
        decisions = Map.copyOf(all);
        publish(all);
    }

    private List<String> servicesOf(InetAddress vip) {
        return decisions.entrySet().stream().filter(e -> e.getValue().address().equals(vip)).map(Map.Entry::getKey)
                .toList();
    }

    private void announce(InetAddress vip, List<String> names, String reason) {
        try {
            announcer.announce(vip);
            announced.add(vip);
            LOG.info("announcing {} ({}): {}", Addresses.format(vip), String.join(", ", names), reason);
        } catch (NetlinkException | RuntimeException e) {
            LOG.error("cannot announce {}: {}; trying again at the next report", Addresses.format(vip),
                    e.getMessage());
        }
    }

    private void withdraw(InetAddress vip, List<String> names, String reason) {
        try {
            announcer.withdraw(vip);
            announced.remove(vip);
            LOG.info("withdrawing {}{}: {}", Addresses.format(vip),
                    names.isEmpty() ? "" : " (" + String.join(", ", names) + ")", reason);
        } catch (NetlinkException | RuntimeException e) {
            LOG.error("cannot withdraw {}: {}; trying again at the next report", Addresses.format(vip),
                    e.getMessage());
        }
    }

    /** The status board's view: per service, whether its VIP is announced now and why. */
    private void publish(Map<String, Decision> next) {
        Map<String, StatusBoard.Announcement> view = new HashMap<>();
        for (Map.Entry<String, Decision> entry : next.entrySet()) {
            Decision d = entry.getValue();
            boolean on = announced.contains(d.address());
            String reason = on && !d.announce() ? d.reason() + " (the VIP stays announced for another service)"
                    : d.reason();
            StatusBoard.Announcement before = published.get(entry.getKey());
            boolean same = before != null && before.announced() == on && before.reason().equals(reason);
            view.put(entry.getKey(), same ? before : new StatusBoard.Announcement(Addresses.format(d.address()), on,
                    reason, clock.instant()));
        }
        published.clear();
        published.putAll(view);
        board.announcements(view);
    }
}
