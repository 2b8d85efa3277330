package org.piranha.pulse;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.piranha.daemon.DaemonLog;
import org.piranha.daemon.PiranhaVersion;
import org.piranha.lvscf.ConfigCheck;
import org.piranha.lvscf.LvsConfig;
import org.piranha.lvscf.LvsConfigLoader;
import org.piranha.pulse.status.MetricsServer;
import org.piranha.pulse.status.StatusClient;
import org.piranha.pulse.status.StatusServer;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Entry point of pulse, with Piranha's options plus {@code --check-config}. pulse stays in the
 * foreground (a JVM cannot fork); {@code -n} only chooses stdout over syslog for its lines.
 */
@Command(name = "pulse", versionProvider = PiranhaVersion.class, sortOptions = false,
        description = "Heartbeat and failover between the two LVS routers.")
public final class PulseMain implements Callable<Integer> {

    @Option(names = {"-c", "--configfile"}, paramLabel = "FILE",
            description = "Configuration file (default: ${DEFAULT-VALUE}).")
    Path configFile = Path.of(LvsConfig.DEFAULT_PATH);

    @Option(names = {"-n", "--nodaemon"}, description = "Stay in the foreground and log to stdout.")
    boolean noDaemon;

    @Option(names = "--forceactive", description = "Start in the active state.")
    boolean forceActive;

    @Option(names = "--lvsd", paramLabel = "PATH", description = "The lvsd program to run (default: beside pulse).")
    Path lvsd;

    /** Piranha's manual spelt {@code --lvsd} so: an old /etc/sysconfig/pulse may still say it. */
    @Option(names = "--lvs", paramLabel = "PATH", hidden = true)
    Path lvsdAsPiranhaSpeltIt;

    /** Piranha's FOS mode (fos, not LVS): not supported; accepted so an old OPTIONS line still starts pulse. */
    @Option(names = "--fos", paramLabel = "PATH", hidden = true)
    Path fos;

    @Option(names = {"-v", "--verbose"}, description = "Log debug lines, and pass -v to lvsd.")
    boolean verbose;

    @Option(names = {"-t", "--test-start", "--norun"},
            description = "Do not start lvsd nor run active_cmd/inactive_cmd.")
    boolean testStart;

    @Option(names = "--check-config",
            description = "Check the configuration file and exit: 0 valid, 1 invalid, 2 unreadable.")
    boolean checkConfig;

    @Option(names = "--status",
            description = "Ask the running pulse how things stand and print it; exit 0 healthy, 3 not running,"
                    + " 4 problems, 1 no answer.")
    boolean status;

    @Option(names = "--json", description = "With --status: print the status document as JSON (see pulse(8)).")
    boolean json;

    @Option(names = "--status-socket", paramLabel = "PATH",
            description = "The status socket pulse listens on and --status asks (default: ${DEFAULT-VALUE}).")
    Path statusSocket = StatusServer.DEFAULT_PATH;

    @Option(names = "--metrics", paramLabel = "ADDR:PORT",
            description = "Serve Prometheus metrics on http://ADDR:PORT/metrics to the users of --metrics-users"
                    + " (default: off).")
    String metrics;

    @Option(names = "--metrics-users", paramLabel = "FILE",
            description = "An htpasswd file of bcrypt hashes (htpasswd -B) naming who may scrape --metrics.")
    Path metricsUsers;

    @Option(names = "--version", versionHelp = true, description = "Print the version and exit.")
    boolean versionRequested;

    @Option(names = {"-?", "--help", "--usage"}, usageHelp = true, description = "Print this help and exit.")
    boolean helpRequested;

    private final PrintStream out;
    private final PrintStream err;

    public PulseMain() {
        this(System.out, System.err);
    }

    PulseMain(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        if (checkConfig) {
            int result = ConfigCheck.run(configFile, out, err);
            if (result == ConfigCheck.VALID) {
                birdWarnings(configFile).forEach(err::println);
            }
            return result;
        }
        if (status) {
            return new StatusClient(statusSocket, out, err).run(json);
        }
        java.util.Optional<java.net.InetSocketAddress> metricsAddress;
        try {
            metricsAddress = metricsAddress();
        } catch (IllegalArgumentException e) {
            err.println("pulse: " + e.getMessage());
            return 2;
        }
        DaemonLog.start("pulse", noDaemon, verbose);
        ignoredOptions().forEach(line -> LoggerFactory.getLogger(PulseMain.class).warn("{}", line));
        PulseOptions options = new PulseOptions(configFile, noDaemon, forceActive, lvsdPath(), verbose, testStart,
                statusSocket, metricsAddress, metricsUsers);
        if (isMultiActive(configFile)) {
            return new MultiActivePulse(options, err).run();
        }
        return new Pulse(options, err).run();
    }

    /** True for a valid lvs.cf in multi_active mode; anything else goes to Pulse, which reports it as always. */
    static boolean isMultiActive(Path file) {
        try {
            return LvsConfigLoader.standard().load(file).config().map(c -> c.globals().isMultiActive()).orElse(false);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** --check-config in multi_active mode: warnings (not errors) when BIRD is missing or not answering. */
    static List<String> birdWarnings(Path file) {
        java.util.Optional<LvsConfig> config;
        try {
            config = LvsConfigLoader.standard().load(file).config();
        } catch (java.io.IOException e) {
            return List.of();
        }
        if (config.isEmpty() || !config.get().globals().isMultiActive()) {
            return List.of();
        }
        String socket = config.get().globals().birdSocket();
        if (!BirdControl.installed()) {
            return List.of(file + ": warning: director_mode = multi_active needs BIRD 2, and birdc is not installed:"
                    + " install bird2 (no VIP reaches a router without it)");
        }
        if (!BirdControl.answers(Path.of(socket))) {
            return List.of(file + ": warning: BIRD does not answer on bird_socket " + socket + ": start bird with"
                    + " a bird.conf that includes " + config.get().globals().birdConfig()
                    + " (see pulse(8)), or fix bird_socket");
        }
        return List.of();
    }

    /** {@code --metrics}, which needs {@code --metrics-users}: nobody unauthenticated reads the metrics. */
    java.util.Optional<java.net.InetSocketAddress> metricsAddress() {
        if (metrics == null) {
            if (metricsUsers != null) {
                throw new IllegalArgumentException("--metrics-users is given without --metrics=ADDR:PORT");
            }
            return java.util.Optional.empty();
        }
        if (metricsUsers == null) {
            throw new IllegalArgumentException("--metrics needs --metrics-users=FILE, an htpasswd file made with"
                    + " htpasswd -B -c FILE USER: the metrics are served to authenticated scrapers only");
        }
        return java.util.Optional.of(MetricsServer.parse(metrics));
    }

    /** A warning line for each option that is accepted for Piranha's sake but does nothing here. */
    List<String> ignoredOptions() {
        if (fos == null) {
            return List.of();
        }
        return List.of("--fos=" + fos + " ignored: FOS mode is not supported (only LVS routers are), so " + fos
                + " is not used; remove --fos from pulse's OPTIONS");
    }

    /** {@code --lvsd} (or Piranha's {@code --lvs}), else the lvsd beside pulse (the launcher sets piranha.sbin), else /usr/sbin/lvsd. */
    Path lvsdPath() {
        if (lvsd != null) {
            return lvsd;
        }
        if (lvsdAsPiranhaSpeltIt != null) {
            return lvsdAsPiranhaSpeltIt;
        }
        String sbin = System.getProperty("piranha.sbin");
        return Path.of(sbin != null && !sbin.isBlank() ? sbin : "/usr/sbin", "lvsd");
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new PulseMain()).execute(args));
    }
}
