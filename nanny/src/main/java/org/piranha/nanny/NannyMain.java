package org.piranha.nanny;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Entry point of nanny. This build only answers --help and --version. */
@Command(name = "nanny", versionProvider = NannyMain.Version.class,
        description = "Health-checks one real server and reports its state to lvsd.")
public final class NannyMain implements Callable<Integer> {

    // nanny's -h is --server (as Piranha's), so help is long-only.
    @Option(names = "--help", usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "--version", versionHelp = true, description = "Print the version and exit.")
    boolean version;

    @Override
    public Integer call() {
        System.err.println("nanny: not available in this build yet");
        return 3;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new NannyMain()).execute(args));
    }

    /** nanny stays free of common-daemon to keep its JVM small, so it reads its own manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = NannyMain.class.getPackage().getImplementationVersion();
            return new String[] {"nanny version " + (v != null ? v : "development")};
        }
    }
}
