package org.piranha.netlink.rtnl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Reads (never changes) this host's interfaces: loopback exists everywhere. */
class RtnetlinkLiveTest {

    @Test
    void findsLoopbackByNameAndIndex() throws Exception {
        try (Rtnetlink rtnl = Rtnetlink.open()) {
            Link lo = rtnl.link("lo").orElseThrow();
            assertThat(lo.index()).isEqualTo(rtnl.index("lo"));
            assertThat(rtnl.link(lo.index()).orElseThrow().name()).isEqualTo("lo");
            assertThat(rtnl.links()).extracting(Link::name).contains("lo");
            assertThat(rtnl.link("no-such-if0")).isEmpty();
            assertThat(rtnl.addresses()).isNotNull();
        }
    }
}
