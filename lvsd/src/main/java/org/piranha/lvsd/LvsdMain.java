package org.piranha.lvsd;

import java.util.concurrent.Callable;
import org.piranha.daemon.PiranhaVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of lvsd. This build only answers --help and --version. */
@Command(name = "lvsd", mixinStandardHelpOptions = true, versionProvider = PiranhaVersion.class,
        description = "Programs IPVS from lvs.cf and runs one nanny per real server.")
public final class LvsdMain implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("lvsd: not available in this build yet");
        return 3;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new LvsdMain()).execute(args));
    }
}
