package org.piranha.gui.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.piranha.lvscf.HeartbeatAuth;

/** Every key the panels show has a label and help of its own, and a choice list where lvs.cf allows only some words. */
class FieldInfoTest {

    @Test
    void everyGlobalKeyOfTheLibraryHasItsOwnHelp() {
        List<String> keys = new ArrayList<>(Pages.globalKeys());
        keys.addAll(Pages.REDUNDANCY_KEYS);
        assertThat(keys).allSatisfy(key -> assertThat(FieldInfo.GLOBAL).as("help for " + key).containsKey(key));
    }

    @Test
    void everyVirtualServerKeyOfTheLibraryHasItsOwnHelp() {
        List<String> keys = new ArrayList<>(Pages.serviceKeys());
        keys.addAll(Pages.SCRIPT_KEYS);
        assertThat(keys).allSatisfy(key -> assertThat(FieldInfo.VIRTUAL).as("help for " + key).containsKey(key));
    }

    @Test
    void heartbeatAuthIsAChoiceOfTheLibrarysWords() {
        FieldInfo auth = FieldInfo.GLOBAL.get("heartbeat_auth");
        // "" first: a file without the key shows "(not set)" and a save leaves it out, as load_monitor does
        assertThat(auth.choices()).first().isEqualTo("");
        assertThat(auth.choices().subList(1, auth.choices().size())).containsExactlyElementsOf(
                Arrays.stream(HeartbeatAuth.values()).map(HeartbeatAuth::keyword).toList()).contains("none", "hmac-sha256");
        assertThat(auth.help()).contains("heartbeat_key_file");
        assertThat(FieldInfo.GLOBAL.get("heartbeat_key_file").help()).contains("openssl rand -hex 32");
    }
}
