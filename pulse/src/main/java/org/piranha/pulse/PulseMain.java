package org.piranha.pulse;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.piranha.daemon.DaemonLog;
import org.piranha.daemon.PiranhaVersion;
import org.piranha.lvscf.ConfigCheck;
import org.piranha.lvscf.LvsConfig;
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

    @Option(names = {"-v", "--verbose"}, description = "Log debug lines, and pass -v to lvsd.")
    boolean verbose;

    @Option(names = {"-t", "--test-start", "--norun"},
            description = "Do not start lvsd nor run active_cmd/inactive_cmd.")
    boolean testStart;

    @Option(names = "--check-config",
            description = "Check the configuration file and exit: 0 valid, 1 invalid, 2 unreadable.")
    boolean checkConfig;

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
            return ConfigCheck.run(configFile, out, err);
        }
        DaemonLog.start("pulse", noDaemon, verbose);
        PulseOptions options = new PulseOptions(configFile, noDaemon, forceActive, lvsdPath(), verbose, testStart);
        return new Pulse(options, err).run();
    }

    /** {@code --lvsd}, else the lvsd beside pulse (the launcher sets piranha.sbin), else /usr/sbin/lvsd. */
    private Path lvsdPath() {
        if (lvsd != null) {
            return lvsd;
        }
        String sbin = System.getProperty("piranha.sbin");
        return Path.of(sbin != null && !sbin.isBlank() ? sbin : "/usr/sbin", "lvsd");
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new PulseMain()).execute(args));
    }
}
