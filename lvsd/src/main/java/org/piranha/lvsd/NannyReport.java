package org.piranha.lvsd;

import org.piranha.daemon.Severity;

/** One line of the nanny -> lvsd protocol (docs/design.md). */
sealed interface NannyReport {

    /** nanny's signal handlers are installed: lvsd may signal it from now on. */
    record Ready() implements NannyReport {}

    /** The real server passes its checks: it must be in IPVS with this weight. */
    record Up(int weight) implements NannyReport {}

    /** The real server failed: remove it from IPVS. */
    record Down() implements NannyReport {}

    /** The real server failed and nanny runs with -q: keep it in IPVS with weight 0. */
    record Quiesce() implements NannyReport {}

    /** A log line of nanny's own, to log under its name and pid. */
    record Log(Severity severity, String message) implements NannyReport {}

    /** A line lvsd does not understand (a newer nanny, or a client_monitor that is not ours). */
    record Unknown(String line) implements NannyReport {}

    /** Parses one line, without its line feed. Never fails: what is not understood is {@link Unknown}. */
    static NannyReport parse(String line) {
        if (line.equals("ready")) {
            return new Ready();
        }
        if (line.equals("down")) {
            return new Down();
        }
        if (line.equals("quiesce")) {
            return new Quiesce();
        }
        if (line.startsWith("up weight=")) {
            try {
                int weight = Integer.parseInt(line.substring("up weight=".length()));
                if (weight >= 0) {
                    return new Up(weight);
                }
            } catch (NumberFormatException e) {
                // falls through to Unknown
            }
            return new Unknown(line);
        }
        if (line.startsWith("log ")) {
            int space = line.indexOf(' ', 4);
            if (space > 4) {
                try {
                    return new Log(Severity.parse(line.substring(4, space)), line.substring(space + 1));
                } catch (IllegalArgumentException e) {
                    return new Unknown(line);
                }
            }
        }
        return new Unknown(line);
    }
}
