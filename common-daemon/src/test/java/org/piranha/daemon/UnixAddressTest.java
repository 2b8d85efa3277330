package org.piranha.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class UnixAddressTest {

    private static String hex(UnixAddress address) {
        return HexFormat.of().formatHex(address.sockaddr());
    }

    @Test
    void pathCarriesItsTerminatingNul() {
        assertThat(hex(UnixAddress.of("/dev/log"))).isEqualTo("0100" + "2f6465762f6c6f67" + "00");
    }

    @Test
    void abstractNameStartsWithNulAndHasNoTrailingOne() {
        assertThat(hex(UnixAddress.of("@sd"))).isEqualTo("0100" + "00" + "7364");
        assertThat(UnixAddress.of("@sd")).hasToString("@sd");
    }

    @Test
    void rejectsEmptyAndTooLongAddresses() {
        assertThatThrownBy(() -> UnixAddress.of("")).hasMessage("not a usable AF_UNIX socket address: ''");
        assertThatThrownBy(() -> UnixAddress.of("/" + "x".repeat(107))).isInstanceOf(IllegalArgumentException.class);
        assertThat(UnixAddress.of("/" + "x".repeat(106)).sockaddr()).hasSize(110);
    }
}
