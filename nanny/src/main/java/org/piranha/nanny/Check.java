package org.piranha.nanny;

import com.google.re2j.PatternSyntaxException;

/** One health check of the real server, finished by a deadline. */
interface Check {

    /** Runs the check; it must return by {@code deadline} (System.nanoTime()) or soon after. */
    Verdict run(long deadline);

    /**
     * Stops a check running in another thread: a send_program is killed.
     *
     * @return the pid of the program killed, or -1
     */
    default long abort() {
        return -1;
    }

    /**
     * The check lvs.cf's settings ask for: send_program, UDP, or TCP (connect, send, expect).
     * Problems are added to {@code errors}, for the log; such a check always fails.
     */
    static Check of(NannyConfig config, java.util.List<String> errors) {
        ReplyMatcher matcher = null;
        if (config.expect() != null) {
            try {
                matcher = ReplyMatcher.of(config.expect(), config.regex());
            } catch (PatternSyntaxException e) {
                errors.add("Error '" + e.getDescription() + "' processing expected regular"
                        + " expression");
                errors.add("the expect regular expression \"" + config.expect() + "\" is"
                        + " invalid, so every check of " + config.target() + " fails: fix expect"
                        + " in lvs.cf and reload");
                String reason = "the expect regular expression is invalid";
                return deadline -> Verdict.failed(reason);
            }
        }
        if (config.program() != null) {
            return new ProgramCheck(config, matcher);
        }
        if (config.udp()) {
            return new UdpCheck(config, matcher);
        }
        return new TcpCheck(config, matcher);
    }

    /** Milliseconds left until {@code deadline}, at least 1 (0 means "forever" to java.net). */
    static int millisLeft(long deadline) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, left));
    }

    static boolean expired(long deadline) {
        return deadline - System.nanoTime() <= 0;
    }
}
