package org.piranha.pulse;

import java.nio.file.Path;

/**
 * pulse's command line, once parsed.
 *
 * @param lvsd      the lvsd program to run
 * @param testStart {@code -t/--test-start/--norun}: neither lvsd nor active_cmd/inactive_cmd
 * @param statusSocket where the status socket listens
 * @param metrics      where the metrics are served ({@code --metrics}), if anywhere
 * @param metricsUsers the htpasswd file of who may scrape them ({@code --metrics-users})
 */
record PulseOptions(Path configFile, boolean noDaemon, boolean forceActive, Path lvsd, boolean verbose,
        boolean testStart, Path statusSocket, java.util.Optional<java.net.InetSocketAddress> metrics,
        Path metricsUsers) {}
