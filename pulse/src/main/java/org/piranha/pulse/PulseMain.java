package org.piranha.pulse;

import java.util.concurrent.Callable;
import org.piranha.daemon.PiranhaVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of pulse. This build only answers --help and --version. */
@Command(name = "pulse", mixinStandardHelpOptions = true, versionProvider = PiranhaVersion.class,
        description = "Heartbeat and failover between the two LVS routers.")
public final class PulseMain implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("pulse: not available in this build yet");
        return 3;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new PulseMain()).execute(args));
    }
}
