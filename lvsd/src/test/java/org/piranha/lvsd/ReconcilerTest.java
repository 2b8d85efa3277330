package org.piranha.lvsd;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.piranha.netlink.ipvs.Destination;
import org.piranha.netlink.ipvs.Protocol;
import org.piranha.netlink.ipvs.Service;
import org.piranha.netlink.ipvs.ServiceKey;

/** Start-up and reload planning from a kernel dump: pure logic. */
class ReconcilerTest {

    static InetAddress ip(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static final ServiceKey WWW = ServiceKey.of(Protocol.TCP, ip("10.6.1.214"), 80);
    static final ServiceKey MAIL = ServiceKey.of(Protocol.TCP, ip("10.6.1.214"), 25);
    static final ServiceKey OLD = ServiceKey.of(Protocol.UDP, ip("10.6.1.214"), 53);
    static final Service WWW_WLC = Service.builder(WWW).scheduler("wlc").persistent(600).build();
    static final Endpoint WEB1 = new Endpoint(ip("10.6.1.221"), 80);
    static final Endpoint WEB2 = new Endpoint(ip("10.6.1.222"), 80);
    static final Endpoint STRAY = new Endpoint(ip("10.6.1.229"), 80);

    static Destination dest(Endpoint endpoint, int weight) {
        return Destination.builder(endpoint.address(), endpoint.port()).weight(weight).build();
    }

    @Test
    void anEmptyTableGetsEveryService() {
        Reconciler.Plan plan = Reconciler.plan(List.of(new Reconciler.Wanted(WWW_WLC, Set.of(WEB1, WEB2))),
                Snapshot.empty());
        assertThat(plan.add()).containsExactly(WWW_WLC);
        assertThat(plan.edit()).isEmpty();
        assertThat(plan.delete()).isEmpty();
        assertThat(plan.strays()).isEmpty();
        assertThat(plan.adopted()).isEmpty();
    }

    @Test
    void aLeftoverTableIsEditedInPlaceItsUnknownPartsGoAndItsKnownServersAreAdopted() {
        Service rr = Service.builder(WWW).scheduler("rr").build();
        Snapshot kernel = new Snapshot(
                Map.of(WWW, rr, OLD, Service.builder(OLD).build()),
                Map.of(WWW, Map.of(WEB1, dest(WEB1, 5), STRAY, dest(STRAY, 1)), OLD, Map.of()));
        Service mail = Service.builder(MAIL).build();
        Reconciler.Plan plan = Reconciler.plan(List.of(new Reconciler.Wanted(WWW_WLC, Set.of(WEB1, WEB2)),
                new Reconciler.Wanted(mail, Set.of())), kernel);
        assertThat(plan.add()).containsExactly(mail);
        assertThat(plan.edit()).containsExactly(WWW_WLC);
        assertThat(plan.delete()).containsExactly(OLD);
        assertThat(plan.strays()).isEqualTo(Map.of(WWW, List.of(dest(STRAY, 1))));
        assertThat(plan.adopted()).isEqualTo(Map.of(WWW, Map.of(WEB1, dest(WEB1, 5))));
    }

    @Test
    void aTableThatMatchesChangesNothing() {
        Snapshot kernel = new Snapshot(Map.of(WWW, WWW_WLC), Map.of(WWW, Map.of(WEB1, dest(WEB1, 1))));
        Reconciler.Plan plan = Reconciler.plan(List.of(new Reconciler.Wanted(WWW_WLC, Set.of(WEB1, WEB2))), kernel);
        assertThat(plan.changesNothing()).isTrue();
        assertThat(plan.adopted()).containsKey(WWW);
    }
}
