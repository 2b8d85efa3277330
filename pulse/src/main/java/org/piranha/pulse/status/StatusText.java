package org.piranha.pulse.status;

import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The text of {@code pulse --status}, rendered from the status document: a header read at a
 * glance as {@code systemctl status}, then the table as {@code ipvsadm -Ln} lays it out with the
 * state, weights and rates of each real server, then the problems.
 */
final class StatusText {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z", Locale.ROOT);
    private static final String ROW = "%-4s %-28s %-15s %7s %10s %10s %8s %10s %10s  %s%n";

    private final Clock clock;

    StatusText(Clock clock) {
        this.clock = clock;
    }

    String render(Map<String, Object> d) {
        StringBuilder text = new StringBuilder();
        Map<String, Object> router = map(d.get("router"));
        Map<String, Object> pulse = map(d.get("pulse"));
        Map<String, Object> partner = map(d.get("partner"));
        String role = str(router.get("role"));
        text.append(String.format("%s pulse: %s router %s is %s since %s (%s ago)%n",
                role.equals("active") ? "●" : "○", str(router.get("name")), str(router.get("address")),
                role.toUpperCase(Locale.ROOT), time(router.get("since")), age(router.get("since_age_s"))));
        line(text, "why", str(router.get("reason")));
        if ("multi_active".equals(d.get("director_mode"))) {
            line(text, "mode", "multi_active: VIPs announced by BGP through BIRD");
        }
        line(text, "pulse", "pid " + str(pulse.get("pid")) + ", version " + str(pulse.get("version")) + ", started "
                + time(pulse.get("started")) + (Boolean.TRUE.equals(pulse.get("norun"))
                        ? ", --norun (no lvsd, no active_cmd/inactive_cmd)" : ""));
        if (!"multi_active".equals(d.get("director_mode"))) {
            line(text, "partner", partner(partner));
        }
        List<Object> links = list(partner.get("links"));
        if (!links.isEmpty()) {
            List<String> words = new ArrayList<>();
            for (Object link : links) {
                words.add(str(map(link).get("interface")) + (Boolean.TRUE.equals(map(link).get("up")) ? " up" : " DOWN"));
            }
            line(text, "links", String.join(", ", words));
        }
        line(text, "lvsd", lvsd(map(d.get("lvsd")), Boolean.TRUE.equals(pulse.get("norun"))));
        line(text, "lvs.cf", config(map(d.get("config"))));
        List<Object> addresses = list(d.get("addresses"));
        if (addresses.isEmpty()) {
            line(text, "holds", "no address (not the active router)");
        }
        for (int i = 0; i < addresses.size(); i++) {
            Map<String, Object> a = map(addresses.get(i));
            String label = a.get("label") != null ? " (" + str(a.get("label")) + ")" : "";
            line(text, i == 0 ? "holds" : "", str(a.get("address")) + "/" + str(a.get("prefix")) + " on "
                    + str(a.get("interface")) + label + ", " + str(a.get("kind")).replace('_', ' '));
        }
        services(text, list(d.get("services")));
        List<Object> problems = list(d.get("problems"));
        text.append(System.lineSeparator());
        if (problems.isEmpty()) {
            text.append(String.format("No problems.%n"));
        } else {
            text.append(String.format("Problems:%n"));
            for (Object problem : problems) {
                text.append(String.format("  ! %s%n", str(problem)));
            }
        }
        return text.toString();
    }

    private String partner(Map<String, Object> partner) {
        List<Object> addresses = list(partner.get("addresses"));
        if (addresses.isEmpty()) {
            return "none (no backup router in lvs.cf)";
        }
        StringBuilder s = new StringBuilder(String.join(", ", addresses.stream().map(StatusText::str).toList()));
        s.append(Boolean.TRUE.equals(partner.get("alive")) ? ": alive" : ": DEAD");
        if (partner.get("last_heartbeat") == null) {
            s.append(", never heard");
        } else {
            s.append(", last heartbeat ").append(age(partner.get("last_heartbeat_age_s"))).append(" ago over ")
                    .append(str(partner.get("path")));
        }
        return s.toString();
    }

    private String lvsd(Map<String, Object> lvsd, boolean norun) {
        if (norun) {
            return "not run (--norun)";
        }
        if (!Boolean.TRUE.equals(lvsd.get("running"))) {
            return "not running";
        }
        if (Boolean.TRUE.equals(lvsd.get("parked"))) {
            return "parked, pid " + str(lvsd.get("pid")) + " (cold standby: no table, no nanny, no check until this"
                    + " router is active)";
        }
        return "running, pid " + str(lvsd.get("pid")) + (lvsd.get("last_report") == null ? ", no report yet"
                : ", last report " + time(lvsd.get("last_report")))
                + (Boolean.TRUE.equals(lvsd.get("hot_standby_ready")) ? ", hot standby table ready" : "");
    }

    private String config(Map<String, Object> config) {
        if (config.get("path") == null) {
            return "not loaded yet";
        }
        String sha = str(config.get("sha256"));
        return str(config.get("path")) + ", serial_no " + str(config.get("serial_no")) + ", sha256 "
                + sha.substring(0, Math.min(12, sha.length())) + "…, loaded " + time(config.get("loaded"))
                + (Boolean.TRUE.equals(config.get("changed_on_disk")) ? ", CHANGED ON DISK since (reload pending)"
                        : ", unchanged on disk");
    }

    private static void services(StringBuilder text, List<Object> services) {
        text.append(System.lineSeparator());
        if (services.isEmpty()) {
            text.append(String.format("No virtual service in lvs.cf.%n"));
            return;
        }
        text.append(String.format("%-4s %-28s %s  [%s]%n", "Prot", "LocalAddress:Port", "Scheduler Flags",
                "virtual service"));
        text.append(String.format(ROW, "  ->", "RemoteAddress:Port", "State", "Weight", "ActiveConn", "InActConn",
                "Conn/s", "InBytes/s", "OutBytes/s", "real server"));
        for (Object s : services) {
            Map<String, Object> service = map(s);
            String where = service.get("fwmark") != null ? "FWM " + str(service.get("fwmark"))
                    : hostPort(str(service.get("address")), service.get("port"));
            String flags = str(service.get("scheduler"))
                    + (num(service.get("persistent")) > 0 ? " persistent " + str(service.get("persistent")) : "");
            String name = str(service.get("name")) + (Boolean.TRUE.equals(service.get("active")) ? "" : " (inactive)");
            if (service.get("sorry_server") != null) {
                name += ", sorry server " + str(service.get("sorry_server"))
                        + (Boolean.TRUE.equals(service.get("sorry_server_in_use")) ? " IN USE" : "");
            }
            Map<String, Object> announcement = map(service.get("announcement"));
            if (announcement.get("state") != null) {
                name += ", " + str(announcement.get("state")).toUpperCase(Locale.ROOT) + ": "
                        + str(announcement.get("reason"));
            }
            text.append(String.format("%-4s %-28s %s  [%s]%n", str(service.get("protocol")).toUpperCase(Locale.ROOT),
                    where, flags, name));
            for (Object r : list(service.get("real_servers"))) {
                Map<String, Object> server = map(r);
                Object port = server.get("port") != null ? server.get("port") : service.get("port");
                text.append(String.format(ROW, "  ->", hostPort(str(server.get("address")), port),
                        str(server.get("state")), dash(server.get("weight")) + "/" + str(server.get("configured_weight")),
                        dash(server.get("active_conns")), dash(server.get("inactive_conns")),
                        dash(server.get("conns_per_s")), dash(server.get("bytes_in_per_s")),
                        dash(server.get("bytes_out_per_s")),
                        str(server.get("name")) + suffix(server)));
            }
        }
    }

    /** A drained server is no longer in lvs.cf: "inactive" would say it is still configured. */
    private static String suffix(Map<String, Object> server) {
        if ("draining".equals(server.get("state")) && server.get("configured_weight") == null) {
            return " (removed from lvs.cf)";
        }
        return Boolean.FALSE.equals(server.get("active")) ? " (inactive)" : "";
    }

    private static String hostPort(String address, Object port) {
        String host = address.contains(":") ? "[" + address + "]" : address;
        return port == null ? host : host + ":" + str(port);
    }

    private static void line(StringBuilder text, String label, String value) {
        text.append(String.format("  %-8s %s%n", label.isEmpty() ? "" : label + ":", value));
    }

    private String time(Object rfc3339) {
        if (rfc3339 == null) {
            return "-";
        }
        return ZonedDateTime.ofInstant(Instant.parse(str(rfc3339)), clock.getZone()).format(TIME);
    }

    /** {@code 0.4 s}, {@code 3 min 12 s}, {@code 2 h 5 min}, {@code 3 d 4 h}. */
    static String age(Object seconds) {
        if (!(seconds instanceof Number number)) {
            return "-";
        }
        double s = number.doubleValue();
        if (s < 10) {
            return String.format(Locale.ROOT, "%.1f s", s);
        }
        long whole = (long) s;
        if (whole < 3600) {
            return whole < 60 ? whole + " s" : whole / 60 + " min " + whole % 60 + " s";
        }
        if (whole < 86400) {
            return whole / 3600 + " h " + whole % 3600 / 60 + " min";
        }
        return whole / 86400 + " d " + whole % 86400 / 3600 + " h";
    }

    private static String dash(Object value) {
        return value == null ? "-" : str(value);
    }

    private static long num(Object value) {
        return value instanceof Number n ? n.longValue() : 0;
    }

    private static String str(Object value) {
        return value == null ? "-" : String.valueOf(value);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return value instanceof List<?> l ? (List<Object>) l : List.of();
    }
}
