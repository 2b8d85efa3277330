package org.piranha.pulse.status;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listeners of the status plane, started and closed the same way by both daemons (pulse's
 * classic {@code Pulse} and {@code MultiActivePulse}): the status socket of {@code pulse --status},
 * the socket beside it where lvsd reports its real servers, and the metrics server
 * ({@code --metrics}). None of them stops pulse: one that cannot listen is logged with what is
 * lost, and pulse runs on. Starting and closing may happen on different threads.
 */
public final class StatusPlane implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StatusPlane.class);

    private final Path statusSocket;
    private final StatusBoard board;
    private final Clock clock;
    private final ConfigFingerprint fingerprint = new ConfigFingerprint();
    private volatile StatusServer statusServer;
    private volatile LvsdReportSocket lvsdReports;
    private volatile MetricsServer metricsServer;

    public StatusPlane(Path statusSocket, StatusBoard board, Clock clock) {
        this.statusSocket = statusSocket;
        this.board = board;
        this.clock = clock;
    }

    /**
     * What lvsd's reports are for in a director mode, which decides whether they are listened for
     * when the status socket could not listen, what the log line says is lost without them, and
     * who hears each change of them.
     *
     * @param evenWithoutStatus listened for even when the status socket could not listen
     * @param lostWithout       the end of the log line when their socket cannot listen
     * @param onReports         run (on the reporting thread) after every change of the reports
     */
    public record LvsdReports(boolean evenWithoutStatus, String lostWithout, Runnable onReports) {

        /**
         * active/backup: the reports fill in the status and the metrics, and {@code onReports} tells
         * a cold standby's takeover that may wait for lvsd's table; they are not listened for when
         * the status socket could not listen (its name may be another pulse's).
         */
        public static LvsdReports forStatus(Runnable onReports) {
            return new LvsdReports(false, "pulse --status shows the real servers as unknown, and a cold standby's"
                    + " takeover raises its VIPs without waiting for lvsd's table", onReports);
        }

        /** multi_active: the reports decide what is announced; {@code onReports} acts on each change. */
        public static LvsdReports forAnnouncements(Runnable onReports) {
            return new LvsdReports(true, "no VIP can be announced", onReports);
        }
    }

    /**
     * The status socket, then (unless {@code reports} is empty: lvsd is not run, {@code --norun})
     * the socket lvsd reports to, beside it.
     */
    public void listen(Optional<LvsdReports> reports) {
        boolean statusListens = listenForStatus();
        if (reports.isPresent() && (statusListens || reports.get().evenWithoutStatus())) {
            listenForLvsd(reports.get());
        }
    }

    private boolean listenForStatus() {
        try {
            statusServer = StatusServer.start(statusSocket, new StatusDocument(board, fingerprint), clock);
            return true;
        } catch (IOException e) {
            LOG.error("cannot listen on the status socket {}: {}; pulse runs on, but pulse --status gets no answer",
                    statusSocket, e.getMessage());
            return false;
        }
    }

    private void listenForLvsd(LvsdReports reports) {
        try {
            lvsdReports = LvsdReportSocket.start(statusSocket, board, clock);
            board.onReports(reports.onReports());
        } catch (IOException e) {
            LOG.error("cannot listen for lvsd's reports beside {}: {}; {}", statusSocket, e.getMessage(),
                    reports.lostWithout());
        }
    }

    /** What lvsd finds in its environment: where to report the real servers' states, if anywhere. */
    public Map<String, String> lvsdEnvironment() {
        LvsdReportSocket reports = lvsdReports;
        return reports == null ? Map.of() : Map.of("PIRANHA_LVSD_REPORTS", reports.path().toString());
    }

    /**
     * {@code --metrics}: the metrics server on {@code address}, for {@code users} (read at pulse's
     * start, which stops on a file it cannot read). A port in use loses only the metrics. Blocks
     * while the server starts.
     */
    public void serveMetrics(InetSocketAddress address, MetricsUsers users) {
        try {
            metricsServer = MetricsServer.start(address, PulseMetrics.registry(board, fingerprint), users);
        } catch (IOException | RuntimeException e) {
            LOG.error("cannot serve metrics on {}: {}; pulse runs on without them", address, e.getMessage());
        }
    }

    @Override
    public void close() {
        if (statusServer != null) {
            statusServer.close();
        }
        if (lvsdReports != null) {
            lvsdReports.close();
        }
        if (metricsServer != null) {
            metricsServer.close();
        }
    }
}
