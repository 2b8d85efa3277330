package org.piranha.sendarp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MacAddressTest {

    @ParameterizedTest
    @ValueSource(strings = {"525400ABCDEF", "525400abcdef", "52:54:00:ab:cd:ef", "5254:00ab:cdef", "52:54:00:AB:CD:EF"})
    void acceptsTwelveHexDigitsWithOptionalColons(String text) {
        assertThat(MacAddress.parse(text).toString()).isEqualTo("52:54:00:ab:cd:ef");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "525400abcde", "525400abcdef0", "52:54:00:ab:cd:ef:", "52-54-00-ab-cd-ef",
            "52::54:00:ab:cd:ef", "g25400abcdef", "5:54:00:ab:cd:ef", ":525400abcdef", "52 54 00 ab cd ef"})
    void rejectsAnythingElseWithPiranhasMessage(String text) {
        assertThatThrownBy(() -> MacAddress.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid hardware address: '" + text
                        + "' (expected 12 hex digits, e.g. 525400123456 or 52:54:00:12:34:56)");
    }
}
