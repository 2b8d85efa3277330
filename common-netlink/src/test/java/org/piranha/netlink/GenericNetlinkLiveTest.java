package org.piranha.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.piranha.netlink.libc.Errno;

/** Talks to this host's kernel: the generic netlink controller exists on every Linux. */
class GenericNetlinkLiveTest {

    @Test
    void resolvesTheControllerItself() throws Exception {
        try (NetlinkChannel channel = NetlinkChannel.open(Netlink.NETLINK_GENERIC)) {
            GenericFamily family = GenericNetlink.resolve(channel, "nlctrl");
            assertThat(family.id()).isEqualTo(0x10);
            assertThat(family.name()).isEqualTo("nlctrl");
            assertThat(family.multicastGroups()).containsKey("notify");
        }
    }

    @Test
    void anUnknownFamilyIsENOENT() throws Exception {
        try (NetlinkChannel channel = NetlinkChannel.open(Netlink.NETLINK_GENERIC)) {
            assertThatThrownBy(() -> GenericNetlink.resolve(channel, "no-such-family"))
                    .isInstanceOfSatisfying(NetlinkException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT));
            // the channel stays usable after an error
            assertThat(GenericNetlink.resolve(channel, "nlctrl").id()).isEqualTo(0x10);
        }
    }

    @Test
    void threadsSharingAChannelEachGetTheirOwnAnswers() throws Exception {
        try (NetlinkChannel channel = NetlinkChannel.open(Netlink.NETLINK_GENERIC)) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                boolean missing = t % 2 == 0;
                results.add(pool.submit(() -> {
                    int ok = 0;
                    for (int i = 0; i < 200; i++) {
                        if (missing) {
                            try {
                                GenericNetlink.resolve(channel, "missing-" + i);
                            } catch (NetlinkException e) {
                                if (e.errno() == Errno.ENOENT) {
                                    ok++;
                                }
                            }
                        } else if (GenericNetlink.resolve(channel, "nlctrl").id() == 0x10) {
                            ok++;
                        }
                    }
                    return ok;
                }));
            }
            pool.shutdown();
            for (Future<Integer> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(200);
            }
        }
    }

    @Test
    void aBatchAttributesEachFailureToItsRequest() throws Exception {
        try (NetlinkChannel channel = NetlinkChannel.open(Netlink.NETLINK_GENERIC)) {
            NetlinkException[] outcomes = channel.batch(List.of(
                    GenericNetlink.familyRequest("missing-one"),
                    Request.of(Netlink.NLMSG_NOOP, 0, writer -> {}),
                    GenericNetlink.familyRequest("missing-two")));
            assertThat(outcomes[0]).isNotNull().extracting(NetlinkException::errno).isEqualTo(Errno.ENOENT);
            assertThat(outcomes[1]).isNull();
            assertThat(outcomes[2]).isNotNull().extracting(NetlinkException::errno).isEqualTo(Errno.ENOENT);
            // after the batch the channel is in step: a normal request gets its own answer
            assertThat(GenericNetlink.resolve(channel, "nlctrl").name()).isEqualTo("nlctrl");
        }
    }
}
