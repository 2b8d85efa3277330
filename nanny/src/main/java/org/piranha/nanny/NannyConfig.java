package org.piranha.nanny;

/**
 * What one nanny checks and how, after parsing and validation. Times are in milliseconds so that
 * decimal intervals (lvs.cf's {@code timeout = 0.5}) keep Piranha's integer arithmetic exact.
 *
 * @param send       bytes to send, escapes already applied; null for none
 * @param expect     the expect string, escapes already applied; null for none
 * @param program    the send_program command line; null for none
 * @param loadCommand null when load monitoring is off
 */
record NannyConfig(
        String virtualAddress,
        int virtualPort,
        String server,
        int port,
        int fwmark,
        boolean udp,
        String send,
        String expect,
        String program,
        boolean regex,
        boolean quiesce,
        boolean verbose,
        long intervalMillis,
        long reentryMillis,
        int weight,
        int scale,
        String loadCommand) {

    /** Piranha's countThresh: consecutive successes needed before a failed server is re-admitted. */
    long countThreshold() {
        return reentryMillis / intervalMillis;
    }

    /** "RIP:RPORT", as in every log line about the server. */
    String target() {
        return hostPort(server, port);
    }

    /** "VIP:VPORT", as in the start-up line. */
    String virtualService() {
        return hostPort(virtualAddress, virtualPort);
    }

    /** address:port, with an IPv6 address in brackets. */
    static String hostPort(String address, int port) {
        return (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port;
    }
}
