package org.piranha.netlink;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class InetAddressesTest {

    private static String text(String address) throws Exception {
        return InetAddresses.toText(InetAddress.getByName(address));
    }

    @Test
    void compressesTheLongestZeroRunAsIpPrints() throws Exception {
        assertThat(text("2001:0db8:0:0:0:0:0:1")).isEqualTo("2001:db8::1");
        assertThat(text("::")).isEqualTo("::");
        assertThat(text("::1")).isEqualTo("::1");
        assertThat(text("fe80::")).isEqualTo("fe80::");
        assertThat(text("2001:db8:0:1:0:0:0:1")).isEqualTo("2001:db8:0:1::1");
        assertThat(text("2001:db8:0:0:1:0:0:1")).isEqualTo("2001:db8::1:0:0:1");
        assertThat(text("2001:db8:1:1:1:1:0:1")).isEqualTo("2001:db8:1:1:1:1:0:1");
        assertThat(text("10.6.1.214")).isEqualTo("10.6.1.214");
    }
}
