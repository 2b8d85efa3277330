package org.piranha.it.pulse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.piranha.it.support.Daemon;
import org.piranha.it.support.Netns;

/**
 * keepalived (Debian's, VRRPv3) on both routers of a {@link PulseLab}, set up as an operator
 * would for the same pair: one VRRP instance holding {@link PulseLab#VIP}/24 with the label
 * eth0:1, both routers state BACKUP with nopreempt and the default priority 100 (like pulse, a
 * returning router stays passive), {@code advert_int} the given interval. Its backup declares the
 * master down after 3 x advert_int plus a skew of (256 - priority) / 256 x advert_int (RFC 5798),
 * so with priority 100 after 3.61 adverts; pulse after {@code deadtime}.
 *
 * <p>keepalived runs as a parent and a VRRP child ({@code -P}: VRRP only); a kill is SIGKILL to
 * the child (which sends the adverts) then to the parent, with {@code --dont-respawn}, so that
 * neither says goodbye (a priority-0 advert) on the way out, as pulse cannot either.
 */
final class KeepalivedContender implements TakeoverContender {

    private final PulseLab lab;
    private final String advertInterval;
    private final Netns[] routers;
    private final Daemon[] daemons = new Daemon[2];

    KeepalivedContender(PulseLab lab, String advertInterval) {
        this.lab = lab;
        this.advertInterval = advertInterval;
        this.routers = new Netns[] {lab.lb1, lab.lb2};
    }

    @Override
    public String name() {
        return "keepalived";
    }

    @Override
    public void start() {
        launch(0);
        daemons[0].awaitLine("Entering MASTER STATE", PulseLab.START);
        launch(1);
        daemons[1].awaitLine("Entering BACKUP STATE", PulseLab.START);
    }

    @Override
    public Instant kill(int router) {
        long child = pid(vrrpPidFile(router));
        Instant now = Instant.now();
        ProcessHandle.of(child).ifPresent(ProcessHandle::destroyForcibly);
        daemons[router].process().destroyForcibly();
        return now;
    }

    @Override
    public void restart(int router) {
        try {
            daemons[router].process().onExit().get();
        } catch (Exception e) {
            throw new IllegalStateException("keepalived on " + routers[router] + " did not go away", e);
        }
        // kill -9 left the VIP, as it leaves pulse's; pulse removes it at start, keepalived as a backup may not
        routers[router].run("ip", "addr", "del", PulseLab.VIP + "/24", "dev", "eth0");
        try {
            // the killed VRRP child may linger as a zombie, which keepalived would take for a running daemon
            Files.deleteIfExists(pidFile(router));
            Files.deleteIfExists(vrrpPidFile(router));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        launch(router);
        daemons[router].awaitLine("Entering BACKUP STATE", PulseLab.START);
    }

    private void launch(int router) {
        Netns netns = routers[router];
        Path config = lab.write("keepalived-" + netns.name() + ".conf", config(netns.name()));
        daemons[router] = Daemon.start("keepalived in " + netns.name(), netns.process("keepalived", "-n", "-l", "-D",
                "-G", "-P", "-R", "-f", config.toString(), "-p", pidFile(router).toString(),
                "-r", vrrpPidFile(router).toString()));
    }

    private String config(String routerId) {
        return "global_defs {\n"
                + "    router_id " + routerId + "\n"
                + "    vrrp_version 3\n"
                + "}\n"
                + "vrrp_instance VI_1 {\n"
                + "    state BACKUP\n"
                + "    nopreempt\n"
                + "    interface eth0\n"
                + "    virtual_router_id 51\n"
                + "    priority 100\n"
                + "    advert_int " + advertInterval + "\n"
                + "    virtual_ipaddress {\n"
                + "        " + PulseLab.VIP + "/24 dev eth0 label eth0:1\n"
                + "    }\n"
                + "}\n";
    }

    private Path pidFile(int router) {
        return lab.dir.resolve("keepalived-" + router + ".pid");
    }

    private Path vrrpPidFile(int router) {
        return lab.dir.resolve("keepalived-vrrp-" + router + ".pid");
    }

    private static long pid(Path file) {
        try {
            return Long.parseLong(Files.readString(file).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("keepalived wrote no " + file, e);
        }
    }

    @Override
    public void close() {
        for (int router = 0; router < 2; router++) {
            if (daemons[router] != null) {
                daemons[router].stop(PulseLab.START);
            }
            routers[router].run("ip", "addr", "del", PulseLab.VIP + "/24", "dev", "eth0");
        }
    }
}
