package org.piranha.it.pulse;

import java.nio.file.Path;
import java.time.Instant;
import org.piranha.it.support.Daemon;
import org.piranha.it.support.Netns;

/**
 * Our pulse on both routers ({@code --norun}: no lvsd, no IPVS), as an operator runs it: without
 * {@code -v}, which would log two lines per heartbeat. That a restarted pulse hears its partner
 * is seen on the wire instead: it sends, and the partner sends after that.
 */
final class PulseContender implements TakeoverContender {

    private final PulseLab lab;
    private final Path config;
    private final Netns[] routers;
    private final Daemon[] pulses = new Daemon[2];
    private final TakeoverWire wire;
    private static final String[] MACS = {PulseLab.PRIMARY_MAC, PulseLab.BACKUP_MAC};

    PulseContender(PulseLab lab, TakeoverWire wire, String keepalive, String deadtime) {
        this.lab = lab;
        this.wire = wire;
        this.config = lab.write("lvs.cf", PulseLab.config(keepalive, deadtime));
        this.routers = new Netns[] {lab.lb1, lab.lb2};
    }

    @Override
    public String name() {
        return "pulse";
    }

    @Override
    public void start() {
        pulses[0] = lab.pulse(lab.lb1, config);
        pulses[0].awaitLine("gratuitous lvs arps finished", PulseLab.START);
        pulses[1] = lab.pulse(lab.lb2, config);
        awaitHearsPartner(1);
    }

    @Override
    public Instant kill(int router) {
        Instant now = Instant.now();
        pulses[router].process().destroyForcibly();
        return now;
    }

    @Override
    public void restart(int router) {
        pulses[router] = lab.pulse(routers[router], config);
        pulses[router].awaitLine("removed " + PulseLab.VIP + "/24", PulseLab.START);
        awaitHearsPartner(router);
    }

    private void awaitHearsPartner(int router) {
        wire.awaitSignOfLife(MACS[router]);
        wire.awaitSignOfLife(MACS[1 - router]);
    }

    /** Stops both cleanly, so that neither leaves the VIP behind for the next contender. */
    @Override
    public void close() {
        for (int router = 0; router < 2; router++) {
            if (pulses[router] != null && pulses[router].process().isAlive()) {
                pulses[router].stop(PulseLab.START);
            }
            routers[router].run("ip", "addr", "del", PulseLab.VIP + "/24", "dev", "eth0");
        }
    }
}
