package org.piranha.gui.web;

import java.util.ArrayList;
import java.util.List;
import org.piranha.lvscf.Addresses;
import org.piranha.lvscf.ConfigDiff;
import org.piranha.lvscf.FieldChange;
import org.piranha.lvscf.RealServer;
import org.piranha.lvscf.ServerDiff;
import org.piranha.lvscf.ServiceDiff;
import org.piranha.lvscf.VirtualService;

/** What a change of lvs.cf will make the running system do, in words, from common-lvscf's ConfigDiff. */
final class Effects {

    private Effects() {}

    static List<String> of(ConfigDiff diff) {
        List<String> out = new ArrayList<>();
        for (FieldChange change : diff.globalChanges()) {
            if (!change.key().equals("serial_no")) {
                out.add("global setting " + change + " (pulse applies it when reloaded)");
            }
        }
        for (VirtualService s : diff.removedServices()) {
            out.add("virtual server " + s.name() + " is removed: lvsd deletes it from IPVS (its connections end)"
                    + " and pulse drops its VIP unless another service uses it");
        }
        for (ServiceDiff s : diff.changedServices()) {
            if (s.before().active() && !s.after().active()) {
                out.add("virtual server " + s.name() + " is deactivated: lvsd deletes it from IPVS");
            } else if (!s.before().active() && s.after().active()) {
                out.add("virtual server " + s.name() + " is activated: lvsd adds it to IPVS with "
                        + s.after().activeServers().size() + " real server(s) and starts their health checks");
            }
            if (s.identityChanged()) {
                out.add("virtual server " + s.name() + " changes address, port, protocol or firewall mark:"
                        + " it is replaced in IPVS (its connections end)");
            }
            for (FieldChange c : s.changes()) {
                if (!c.key().equals("active")) {
                    out.add("virtual server " + s.name() + ": " + c
                            + (c.field().affectsNanny() ? " (its health checks restart)" : ""));
                }
            }
            for (RealServer r : s.addedServers()) {
                out.add("real server " + r.name() + " (" + address(r) + ") is added to " + s.name()
                        + (r.active() ? ": checked, then given traffic once it passes" : " inactive: not used"));
            }
            for (RealServer r : s.removedServers()) {
                out.add("real server " + r.name() + " of " + s.name()
                        + " is drained: weight 0 until its connections end (60 s at most), then removed");
            }
            for (ServerDiff r : s.changedServers()) {
                out.add("real server " + r.name() + " of " + s.name() + ": " + r.changes());
            }
        }
        for (VirtualService s : diff.addedServices()) {
            out.add("virtual server " + s.name() + " is added" + (s.active()
                    ? ": pulse brings up " + s.address().map(a -> Addresses.format(a.address())).orElse("its VIP")
                      + ", lvsd adds it to IPVS and checks its " + s.activeServers().size() + " active real server(s)"
                    : " inactive: nothing runs for it until it is activated"));
        }
        if (out.isEmpty()) {
            out.add("nothing changes for the running system (only serial_no)");
        }
        out.add("all of this happens when pulse re-reads lvs.cf: systemctl reload pulse (on both routers)");
        return out;
    }

    private static String address(RealServer r) {
        return r.address().map(a -> Addresses.withPort(a, r.port())).orElse("no address");
    }
}
