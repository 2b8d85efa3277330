package org.piranha.lvsd;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.piranha.daemon.PiranhaVersion;
import org.piranha.lvscf.LvsConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * lvsd's command line, Piranha's: {@code lvsd [-c FILE] [-n] [--nofork] [-t] [-v] [--version]}, and
 * {@code --parked} (pulse's, for a cold standby).
 * Exit status: 0 after TERM/INT (or when pulse went away), 1 when it cannot start (lvs.cf
 * invalid, no IPVS), 2 for bad options, 3 after {@code hard_shutdown}.
 */
@Command(name = "lvsd", versionProvider = PiranhaVersion.class, sortOptions = false,
        description = "Keeps the IPVS table in line with lvs.cf and runs one nanny per real server.")
public final class LvsdMain implements Callable<Integer> {

    @Option(names = {"-c", "--configfile"}, paramLabel = "FILE", description = "lvs.cf to read (default: ${DEFAULT-VALUE})")
    Path configFile = Path.of(LvsConfig.DEFAULT_PATH);

    @Option(names = {"-n", "--nodaemon"}, description = "Log to standard output instead of syslog.")
    boolean nodaemon;

    @Option(names = "--nofork", description = "Accepted for Piranha compatibility: lvsd never forks.")
    boolean nofork;

    @Option(names = {"-t", "--test-start"}, description = "Log the IPVS changes instead of making them.")
    boolean testStart;

    @Option(names = {"-v", "--verbose"}, description = "Log debug lines, and pass -v to every nanny.")
    boolean verbose;

    @Option(names = "--parked", description = "Get ready, then wait for the line 'go' on standard input (a pipe"
            + " from pulse) before touching IPVS: a cold standby's lvsd, started by pulse.")
    boolean parked;

    @Option(names = "--training-run", hidden = true,
            description = "Walk lvsd's start on loopback, touching nothing, and exit (piranha-cds records it).")
    boolean trainingRun;

    @Option(names = "--version", versionHelp = true, description = "Print the version and exit.")
    boolean version;

    @Option(names = {"-?", "--help", "--usage"}, usageHelp = true, description = "Print this help and exit.")
    boolean help;

    private final Lvsd lvsd;

    LvsdMain(Lvsd lvsd) {
        this.lvsd = lvsd;
    }

    @Override
    public Integer call() {
        if (trainingRun) {
            return TrainingRun.run();
        }
        if (parked && !Lifeline.stdinIsPipe()) {
            System.err.println("lvsd: --parked needs a pipe on standard input to read 'go' from (pulse gives it one)");
            return 2;
        }
        return lvsd.run(new Lvsd.Options(configFile, nodaemon, testStart, verbose, parked));
    }

    public static void main(String[] args) {
        Lvsd lvsd = new Lvsd();
        System.exit(new CommandLine(new LvsdMain(lvsd)).execute(args));
    }
}
