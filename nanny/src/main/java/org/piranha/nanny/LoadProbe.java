package org.piranha.nanny;

import java.util.List;

/**
 * Reads the real server's 1-minute load average as Piranha did: {@code rup RIP},
 * {@code ruptime RIP}, or any other command (rsh, ssh) as {@code CMD RIP uptime}.
 */
final class LoadProbe {

    private final List<String> command;
    private final CommandRunner runner;

    LoadProbe(String loadCommand, String server, CommandRunner runner) {
        this.command = loadCommand.equals("rup") || loadCommand.equals("ruptime")
                ? List.of(loadCommand, server)
                : List.of(loadCommand, server, "uptime");
        this.runner = runner;
    }

    List<String> command() {
        return command;
    }

    /** Kills a load command that is running now (nanny is terminating). */
    void abort() {
        runner.shutdown();
    }

    /** The load average, or throws with a message for the log. */
    double read(long deadline) throws LoadException {
        CommandRunner.Result result = runner.run(command, deadline);
        String cmd = String.join(" ", command);
        switch (result.outcome()) {
            case NOT_STARTED:
                throw new LoadException("failed to read remote load: cannot run " + cmd + ": "
                        + result.failure());
            case TIMED_OUT:
                throw new LoadException("failed to read remote load: " + cmd
                        + " did not finish within the interval");
            default:
                break;
        }
        if (result.exitStatus() != 0) {
            throw new LoadException("failed to read remote load: " + cmd + " exited with status "
                    + result.exitStatus());
        }
        return parse(result.output());
    }

    /**
     * Piranha's parse: find "load", then the first ':' after it, and read the 1-minute average,
     * which must end in ',' or a space. ruptime prints "load 0.00, ..." without a ':'; the number
     * right after "load" is taken then (Piranha failed on it, bug #550126).
     */
    static double parse(String output) throws LoadException {
        int load = output.indexOf("load");
        if (load < 0) {
            throw new LoadException("bad load average returned: " + output.strip());
        }
        int i = load + 4;
        int colon = output.indexOf(':', i);
        int digit = i;
        while (digit < output.length() && !Character.isDigit(output.charAt(digit))) {
            digit++;
        }
        if (colon >= 0 && colon < digit) {
            i = colon + 1;
        }
        while (i < output.length() && output.charAt(i) == ' ') {
            i++;
        }
        int end = i;
        while (end < output.length()
                && (Character.isDigit(output.charAt(end)) || output.charAt(end) == '.')) {
            end++;
        }
        boolean terminated = end < output.length()
                && (output.charAt(end) == ',' || Character.isWhitespace(output.charAt(end)));
        if (end == i || !terminated) {
            throw new LoadException("bad load average returned: " + output.strip());
        }
        try {
            return Double.parseDouble(output.substring(i, end));
        } catch (NumberFormatException e) {
            throw new LoadException("bad load average returned: " + output.strip());
        }
    }

    static final class LoadException extends Exception {
        private static final long serialVersionUID = 1L;

        LoadException(String message) {
            super(message, null, false, false);
        }
    }
}
