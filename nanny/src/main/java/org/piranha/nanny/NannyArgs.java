package org.piranha.nanny;

import java.util.ArrayList;
import java.util.List;

/**
 * nanny's command line, parsed the way popt parsed Piranha's: short options may be clustered
 * ({@code -cq}) and take their value attached or as the next argument ({@code -t5}, {@code -t 5});
 * long options take {@code --name=value} or {@code --name value}; a value is always taken as it
 * is, even when it starts with '-'. The last occurrence of an option wins.
 *
 * <p>Hand-written rather than picocli: nanny runs once per real server, and picocli's ~170 classes
 * (Java 5 bytecode, which class-data sharing cannot archive) cost every nanny start-up time and
 * memory for about forty lines of work.
 */
final class NannyArgs {

    enum Mode { RUN, HELP, VERSION, SELFTEST }

    /** What to do, and for RUN the checked configuration plus the notes to log once running. */
    record Parsed(Mode mode, NannyConfig config, List<String> notices) {
    }

    private enum Opt {
        INTERVAL('t', "interval", true),
        IPVSADM('I', "ipvsadm", true),
        LOADCMD('U', "loadcmd", true),
        METHOD('M', "method", true),
        NODAEMON('n', "nodaemon", false),
        NOFORK('c', "nofork", false),
        PORT('p', "port", true),
        RPORT('r', "rport", true),
        REENTRY('a', "reentrytime", true),
        SCALE('S', "scale", true),
        SERVER('h', "server", true),
        SEND_PROGRAM('e', "send_program", true),
        SEND('s', "send_string", true),
        EXPECT('x', "expect_string", true),
        REGEX('\0', "regex", false),
        SUPPRESS('T', "suppress", false),
        QUIESCE('q', "quiesce_server", false),
        UDP('u', "udp", false),
        VERBOSE('v', "verbose", false),
        VIRTADDRESS('V', "virtaddress", true),
        FWMARK('f', "fwmark", true),
        WEIGHT('w', "weight", true),
        TEST_START('\0', "test-start", false),
        NORUN('\0', "norun", false),
        LVS('\0', "lvs", false),
        FOS('\0', "fos", false),
        SELFTEST('\0', "selftest", false),
        VERSION('\0', "version", false),
        HELP('?', "help", false);

        final char letter;
        final String name;
        final boolean hasValue;

        Opt(char letter, String name, boolean hasValue) {
            this.letter = letter;
            this.name = name;
            this.hasValue = hasValue;
        }

        static Opt byLetter(char c) {
            for (Opt o : values()) {
                if (o.letter == c) {
                    return o;
                }
            }
            return null;
        }

        static Opt byName(String name) {
            for (Opt o : values()) {
                if (o.name.equals(name)) {
                    return o;
                }
            }
            return null;
        }
    }

    static final String USAGE = """
            Usage: nanny -c -h RIP -p VPORT [-r RPORT] [-f FWMARK] [-u] [-e SEND_PROGRAM] [-s SEND]
                         [-x EXPECT] [-q] [--regex] [-T] [-v] [-a REENTRY] [-t INTERVAL] [-w WEIGHT]
                         [-S SCALE] [-V VIP] [-M m|g|i] [-I IPVSADM] [-U LOADCMD] [-n] --lvs
                   nanny --selftest | --help | --version
            Health-checks one real server and reports its state to lvsd on standard output.
              -h, --server IP            the real server to check (required)
              -p, --port N               the virtual port (80); the web check is assumed on TCP 80
              -r, --rport N              the real port to check (default: the virtual port)
              -u, --udp                  check over UDP instead of TCP
              -s, --send_string STR      send STR once connected
              -x, --expect_string STR    the reply must start with STR ("*": any reply)
                  --regex                the reply must contain a match of the regex EXPECT
              -e, --send_program CMD     run CMD (%h: real server, %p: port); its output must
                                         equal EXPECT (or, with no EXPECT, it must exit 0)
              -T, --suppress             no backslash escapes in SEND and EXPECT
              -t, --interval SECONDS     time between checks and their timeout (10; may be 0.5)
              -a, --reentrytime SECONDS  passing time before a failed server is re-admitted (180)
              -q, --quiesce_server       on failure report weight 0 (quiesce), not removal
              -w, --weight N             the real server's weight (1), reached by slow start
              -S, --scale N              load monitoring may raise the weight to N x WEIGHT (10)
              -U, --loadcmd CMD          load monitoring: rsh, ssh, rup, ruptime or none (none)
              -V, --virtaddress IP       the virtual address, for log lines
              -f, --fwmark N             the firewall mark of the virtual service
              -v, --verbose              log every check failure and weight computation
                  --lvs                  LVS mode (required; --fos is not supported)
              -c, -n, -I, -M, --test-start, --norun
                                         accepted for Piranha compatibility; no effect, since
                                         nanny reports to lvsd and never runs ipvsadm
                  --selftest             check that nanny works on this host (also trains the
                                         class-data-sharing archive) and exit
                  --help, --version
            """;

    private static final String WEB_SEND = "GET / HTTP/1.0\r\n\r\n";
    private static final String WEB_EXPECT = "HTTP";

    private NannyArgs() {
    }

    static Parsed parse(String... args) throws UsageException {
        Values v = new Values();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.startsWith("--") && arg.length() > 2) {
                int eq = arg.indexOf('=');
                String name = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
                Opt opt = Opt.byName(name);
                if (opt == null) {
                    throw new UsageException("unknown option -- " + arg + " (see nanny --help)");
                }
                String value = null;
                if (opt.hasValue) {
                    if (eq >= 0) {
                        value = arg.substring(eq + 1);
                    } else if (i + 1 < args.length) {
                        value = args[++i];
                    } else {
                        throw new UsageException("option --" + name + " needs a value");
                    }
                } else if (eq >= 0) {
                    throw new UsageException("option --" + name + " takes no value -- " + arg);
                }
                v.set(opt, value);
            } else if (arg.startsWith("-") && arg.length() > 1 && !arg.equals("--")) {
                for (int j = 1; j < arg.length(); j++) {
                    Opt opt = Opt.byLetter(arg.charAt(j));
                    if (opt == null) {
                        throw new UsageException("unknown option -- " + arg.charAt(j)
                                + " (see nanny --help)");
                    }
                    if (!opt.hasValue) {
                        v.set(opt, null);
                        continue;
                    }
                    String value;
                    if (j + 1 < arg.length()) {
                        value = arg.substring(j + 1);
                    } else if (i + 1 < args.length) {
                        value = args[++i];
                    } else {
                        throw new UsageException("option -" + opt.letter + " needs a value");
                    }
                    v.set(opt, value);
                    break;
                }
            } else {
                throw new UsageException("unexpected argument -- " + arg + " (see nanny --help)");
            }
        }
        return v.build();
    }

    /** The raw values as given; {@link #build} checks them and derives the rest. */
    private static final class Values {
        String interval = "10";
        String loadCommand = "none";
        String port = "80";
        String rport;
        String reentry = "180";
        String scale = "10";
        String server;
        String program;
        String send;
        String expect;
        boolean regex;
        boolean suppressEscapes;
        boolean quiesce;
        boolean udp;
        boolean verbose;
        String virtualAddress;
        String fwmark = "0";
        String weight = "1";
        boolean lvs;
        boolean fos;
        boolean selftest;
        boolean version;
        boolean help;

        void set(Opt opt, String value) {
            switch (opt) {
                case INTERVAL -> interval = value;
                case LOADCMD -> loadCommand = value;
                case PORT -> port = value;
                case RPORT -> rport = value;
                case REENTRY -> reentry = value;
                case SCALE -> scale = value;
                case SERVER -> server = value;
                case SEND_PROGRAM -> program = value;
                case SEND -> send = value;
                case EXPECT -> expect = value;
                case REGEX -> regex = true;
                case SUPPRESS -> suppressEscapes = true;
                case QUIESCE -> quiesce = true;
                case UDP -> udp = true;
                case VERBOSE -> verbose = true;
                case VIRTADDRESS -> virtualAddress = value;
                case FWMARK -> fwmark = value;
                case WEIGHT -> weight = value;
                case LVS -> lvs = true;
                case FOS -> fos = true;
                case SELFTEST -> selftest = true;
                case VERSION -> version = true;
                case HELP -> help = true;
                // -I and -M name the ipvsadm binary and forwarding method: lvsd owns IPVS now.
                // -c, -n, --test-start and --norun changed how Piranha detached or ran ipvsadm.
                case IPVSADM, METHOD, NOFORK, NODAEMON, TEST_START, NORUN -> { }
                default -> throw new IllegalStateException(opt.name());
            }
        }

        Parsed build() throws UsageException {
            if (help) {
                return new Parsed(Mode.HELP, null, List.of());
            }
            if (version) {
                return new Parsed(Mode.VERSION, null, List.of());
            }
            if (selftest) {
                return new Parsed(Mode.SELFTEST, null, List.of());
            }
            if (fos) {
                throw new UsageException("--fos is not supported: FOS (failover services) mode was"
                        + " dropped; run nanny with --lvs for an LVS real server");
            }
            if (!lvs) {
                throw new UsageException("unknown service type");
            }
            if (server == null) {
                throw new UsageException("no real server given: name it with -h IP");
            }
            String rip = address(server);
            String vip = virtualAddress == null ? "0.0.0.0" : address(virtualAddress);
            int vport = integer(port, 0, 65535, "virtual port (-p)");
            int realPort = integer(rport != null ? rport : port, 1, 65535,
                    "real port (-r, default the virtual port -p)");
            long intervalMillis = positiveSeconds(interval, "interval (-t)");
            long reentryMillis = seconds(reentry, "re-entry time (-a)");
            int w = integer(weight, 0, 65535, "weight (-w)");
            int s = integer(scale, 1, 1000, "scale (-S)");
            int mark = integer(fwmark, 0, Integer.MAX_VALUE, "firewall mark (-f)");

            List<String> notices = new ArrayList<>();
            String sendValue = send;
            String expectValue = expect;
            if (program != null && sendValue != null) {
                notices.add("External program use requested: (" + program
                        + "), IGNORING send string option (" + sendValue + ")");
                sendValue = null;
            }
            // Piranha keyed this on the virtual port; over UDP an HTTP request makes no sense.
            if (vport == 80 && !udp && program == null && sendValue == null && expectValue == null) {
                notices.add("no monitor configured, assuming web service on port 80");
                sendValue = WEB_SEND;
                expectValue = WEB_EXPECT;
            } else if (!suppressEscapes) {
                sendValue = sendValue == null ? null : Escapes.translate(sendValue);
                expectValue = expectValue == null ? null : Escapes.translate(expectValue);
            }
            String load = "none".equals(loadCommand) || loadCommand.isEmpty() ? null : loadCommand;
            NannyConfig config = new NannyConfig(vip, vport, rip, realPort, mark, udp, sendValue,
                    expectValue, program, regex, quiesce, verbose, intervalMillis, reentryMillis,
                    w, s, load);
            return new Parsed(Mode.RUN, config, List.copyOf(notices));
        }
    }

    /** A numeric IPv4 (dotted quad, as Piranha) or IPv6 address; never a name to resolve. */
    static String address(String text) throws UsageException {
        if (isDottedQuad(text) || (text.indexOf(':') >= 0 && isIpv6(text))) {
            return text;
        }
        throw new UsageException("bad IP address -- " + text);
    }

    private static boolean isDottedQuad(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !allDigits(p) || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    private static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean isIpv6(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != ':' && c != '.' && Character.digit(c, 16) < 0) {
                return false;
            }
        }
        try {
            // With only hex digits, ':' and '.', this parses a literal and never asks DNS.
            return java.net.InetAddress.getByName(text) instanceof java.net.Inet6Address;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static int integer(String text, int min, int max, String what) throws UsageException {
        try {
            int n = Integer.parseInt(text.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("bad " + what + " -- " + text + ": expected a whole number from "
                + min + " to " + max);
    }

    /** Seconds, possibly decimal ("0.5"), as milliseconds; negative values are rejected. */
    private static long seconds(String text, String what) throws UsageException {
        try {
            double s = Double.parseDouble(text.trim());
            if (s >= 0 && s <= 86_400) {
                return Math.round(s * 1000);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("bad " + what + " -- " + text
                + ": expected a number of seconds from 0 to 86400, for example 10 or 0.5");
    }

    private static long positiveSeconds(String text, String what) throws UsageException {
        long millis;
        try {
            millis = seconds(text, what);
        } catch (UsageException e) {
            millis = 0;
        }
        if (millis <= 0) {
            throw new UsageException("bad " + what + " -- " + text + ": the check interval"
                    + " (timeout in lvs.cf) must be a number of seconds greater than 0, for"
                    + " example 10 or 0.5");
        }
        return millis;
    }
}
