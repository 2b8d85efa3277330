package org.piranha.nanny;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Entry point of nanny: parses Piranha's options, installs the signal handlers, reports "ready"
 * and checks the real server until told to stop. Exit status: 0 after TERM/INT or when lvsd is
 * gone, 2 for bad options.
 */
public final class NannyMain {

    /** Seconds between weight adjustments; Piranha's 20, shorter only in tests. */
    static final String WEIGHT_PERIOD_PROPERTY = "piranha.nanny.weightPeriod";

    private NannyMain() {
    }

    public static void main(String[] args) {
        NannyArgs.Parsed parsed;
        try {
            parsed = NannyArgs.parse(args);
        } catch (UsageException e) {
            System.err.println("nanny: " + e.getMessage());
            System.exit(2);
            return;
        }
        switch (parsed.mode()) {
            case HELP -> System.out.print(NannyArgs.USAGE);
            case VERSION -> System.out.println("nanny version " + version());
            case SELFTEST -> System.exit(SelfTest.run(System.out));
            case RUN -> run(parsed.config(), parsed.notices());
            default -> throw new IllegalStateException(parsed.mode().name());
        }
    }

    private static void run(NannyConfig config, List<String> notices) {
        Reporter reporter = new Reporter(new FileOutputStream(FileDescriptor.out));
        List<String> errors = new ArrayList<>();
        Check check = Check.of(config, errors);
        Monitor monitor = new Monitor(config, check, reporter, new Lifeline(), weightPeriodMillis());
        Signals.install(monitor);
        reporter.ready();
        for (String notice : notices) {
            reporter.info(notice);
        }
        for (String error : errors) {
            reporter.error(error);
        }
        reporter.info("starting LVS client monitor for " + config.virtualService() + " -> "
                + config.target());
        Lifeline.watchStandardInput(monitor);
        monitor.run();
        System.exit(0);
    }

    static long weightPeriodMillis() {
        String value = System.getProperty(WEIGHT_PERIOD_PROPERTY);
        if (value != null) {
            try {
                return Math.max(0, Math.round(Double.parseDouble(value) * 1000));
            } catch (NumberFormatException e) {
                // fall back to Piranha's period
            }
        }
        return 20_000;
    }

    /** nanny stays free of common-daemon to keep its JVM small, so it reads its own manifest. */
    static String version() {
        String v = NannyMain.class.getPackage().getImplementationVersion();
        return v != null ? v : "development";
    }
}
