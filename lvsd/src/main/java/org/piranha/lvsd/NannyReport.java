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

    /** One check ended (passed or not) after {@code micros}: for the health-check metrics only. */
    record Checked(boolean passed, long micros) implements NannyReport {}

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
            int weight = weight(line.substring("up weight=".length()));
            return weight >= 0 ? new Up(weight) : new Unknown(line);
        }
        if (line.startsWith("checked ok us=") || line.startsWith("checked failed us=")) {
            boolean passed = line.charAt("checked ".length()) == 'o';
            long micros = digits(line.substring(line.indexOf('=') + 1), 15);
            return micros >= 0 ? new Checked(passed, micros) : new Unknown(line);
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

    /**
     * A weight as nanny writes it: ASCII digits without a sign or a leading zero, at most
     * Integer.MAX_VALUE; else -1. (Integer.parseInt also takes "-0", "+5" and other scripts' digits.)
     */
    private static int weight(String digits) {
        long value = digits(digits, 10);
        return value <= Integer.MAX_VALUE ? (int) value : -1;
    }

    /** A number of at most {@code maxDigits} ASCII digits without a sign or a leading zero; else -1. */
    private static long digits(String digits, int maxDigits) {
        if (digits.isEmpty() || digits.length() > maxDigits || (digits.length() > 1 && digits.charAt(0) == '0')) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
