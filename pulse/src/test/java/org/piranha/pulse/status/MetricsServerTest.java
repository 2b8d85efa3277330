package org.piranha.pulse.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The --metrics address and the htpasswd file of who may scrape. */
class MetricsServerTest {

    @TempDir
    Path dir;

    @Test
    void addressesAreLiteralIpv4OrBracketedIpv6WithAPort() {
        assertThat(MetricsServer.parse("10.0.0.1:9539")).isEqualTo(new InetSocketAddress("10.0.0.1", 9539));
        assertThat(MetricsServer.parse("[::1]:9539").getAddress().getHostAddress()).isEqualTo("0:0:0:0:0:0:0:1");
        assertThatThrownBy(() -> MetricsServer.parse("localhost:9539")).hasMessageContaining("not an IP address");
        assertThatThrownBy(() -> MetricsServer.parse("10.0.0.1")).hasMessageContaining("give ADDRESS:PORT");
        assertThatThrownBy(() -> MetricsServer.parse("10.0.0.1:70000")).hasMessageContaining("0 to 65535");
    }

    @Test
    void onlyTheRightPasswordOfAKnownUserPasses() throws IOException {
        String hash = BCrypt.withDefaults().hashToString(4, "s3cret".toCharArray());
        Path file = Files.writeString(dir.resolve("users"), "# scrapers\nprometheus:" + hash + "\n");
        MetricsUsers users = MetricsUsers.read(file);
        assertThat(users.checkCredentials("prometheus", "s3cret")).isTrue();
        assertThat(users.checkCredentials("prometheus", "s3cret")).as("again, remembered").isTrue();
        assertThat(users.checkCredentials("prometheus", "wrong")).isFalse();
        assertThat(users.checkCredentials("other", "s3cret")).isFalse();
    }

    @Test
    void aLineThatIsNotABcryptHashIsRefusedWithFileAndLine() throws IOException {
        Path file = Files.writeString(dir.resolve("users"), "\nprometheus:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=\n");
        assertThatThrownBy(() -> MetricsUsers.read(file)).hasMessage(file + ":2: not USER:BCRYPT-HASH; only bcrypt"
                + " hashes are accepted: make the line with htpasswd -B " + file + " USER");
        Path empty = Files.writeString(dir.resolve("empty"), "# nobody\n");
        assertThatThrownBy(() -> MetricsUsers.read(empty)).hasMessageContaining("no user");
    }
}
