package org.piranha.lvsd;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.piranha.lvscf.InvalidConfigException;
import org.piranha.lvscf.LvsConfig;
import org.piranha.lvscf.LvsConfigLoader;
import org.piranha.netlink.ipvs.DestinationStatus;
import org.piranha.netlink.ipvs.ServiceStatus;

/** A Director on a table in memory, with pretend nannies and a hand-driven clock. */
final class Harness {

    static final Path NANNY = Path.of("/usr/sbin/nanny");

    final MemoryIpvs ipvs;
    final FlakyIpvs flaky;
    final FakeNannies nannies = new FakeNannies();
    final ManualTimers timers = new ManualTimers();
    final Director director;
    Integer exitStatus;

    Harness(String lvsCf) {
        this(lvsCf, new MemoryIpvs());
    }

    Harness(String lvsCf, MemoryIpvs ipvs) {
        this.ipvs = ipvs;
        this.flaky = new FlakyIpvs(ipvs);
        this.director = new Director(config(lvsCf), flaky, nannies, timers,
                new Director.Settings(NANNY, false, false), status -> exitStatus = status);
    }

    static LvsConfig config(String text) {
        try {
            return LvsConfigLoader.standard().load("lvs.cf", text).requireValid();
        } catch (InvalidConfigException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    Harness start() {
        director.start();
        return this;
    }

    void reload(String lvsCf) {
        director.reload(config(lvsCf));
    }

    /** The table as ipvsadm -Ln would list it (without counters), e.g. "-> 10.6.1.221:80 Route 1". */
    List<String> table() {
        List<String> lines = new ArrayList<>();
        for (ServiceStatus service : ipvs.services()) {
                lines.add(IpvsCommands.target(service.key()) + " " + service.service().scheduler()
                        + (service.service().isPersistent() ? " persistent " + service.service().persistenceTimeout() : ""));
                for (DestinationStatus d : ipvs.destinations(service.key())) {
                    lines.add("-> " + Endpoint.of(d.destination()) + " " + d.destination().forwarding() + " "
                            + d.destination().weight());
                }
        }
        return lines;
    }
}
