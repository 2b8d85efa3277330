package org.piranha.pulse;

import org.piranha.netlink.ipvs.IpvsClient;
import org.piranha.netlink.ipvs.IpvsException;
import org.piranha.netlink.ipvs.SyncDaemon;
import org.piranha.netlink.ipvs.SyncState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IPVS connection-sync daemon for {@code syncdaemon = 1}: master on the active router,
 * backup on the passive one. Piranha ran {@code ipvsadm --stop-daemon backup},
 * {@code --stop-daemon master}, then {@code --start-daemon STATE}; this does the same over
 * generic netlink. Called on pulse's worker thread.
 */
final class SyncDaemonControl implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SyncDaemonControl.class);

    private IpvsClient ipvs;

    void become(SyncState state, String iface, int syncId) {
        try {
            if (ipvs == null) {
                ipvs = IpvsClient.open();
            }
            stop(SyncState.BACKUP);
            stop(SyncState.MASTER);
            ipvs.startSyncDaemon(SyncDaemon.of(state, iface, syncId));
            LOG.debug("IPVS sync daemon now {} on {} (syncid {})", state, iface, syncId);
        } catch (IpvsException e) {
            LOG.error("cannot make the IPVS sync daemon {} on {}: {}", state.name().toLowerCase(java.util.Locale.ROOT),
                    iface, e.getMessage());
        }
    }

    private void stop(SyncState state) throws IpvsException {
        try {
            ipvs.stopSyncDaemon(state);
        } catch (IpvsException e) {
            if (e.reason() != IpvsException.Reason.NOT_FOUND) {
                throw e;
            }
        }
    }

    @Override
    public void close() {
        if (ipvs != null) {
            ipvs.close();
        }
    }
}
