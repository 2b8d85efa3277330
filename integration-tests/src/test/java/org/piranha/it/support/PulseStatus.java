package org.piranha.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The installed {@code pulse --status} run against one pulse's status socket, and the schema of
 * its JSON document (pulse(8), schema 1) checked field by field.
 */
public final class PulseStatus {

    private PulseStatus() {}

    /** {@code pulse --status --status-socket=SOCKET [extra...]}, as root. */
    public static Sh.Result run(Path socket, String... extra) {
        List<String> command = new ArrayList<>(List.of(Installed.sbin("pulse"), "--status",
                "--status-socket=" + socket));
        command.addAll(List.of(extra));
        return Sh.run(command);
    }

    /** The document of {@code pulse --status --json}, whatever the exit status (0 or 4). */
    public static Map<String, Object> json(Path socket) {
        Sh.Result result = run(socket, "--json");
        assertThat(result.exitCode()).as(result.err()).isIn(0, 4);
        try {
            return JSON.std.mapFrom(result.out());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + result.out(), e);
        }
    }

    /**
     * The document read straight off the socket, as the web GUI reads it: no JVM started per
     * question, for tests that poll (under the VM's emulation a JVM start takes seconds).
     */
    public static Map<String, Object> ask(Path socket) {
        try (java.nio.channels.SocketChannel channel = java.nio.channels.SocketChannel.open(
                java.net.StandardProtocolFamily.UNIX)) {
            channel.connect(java.net.UnixDomainSocketAddress.of(socket));
            byte[] answer = java.nio.channels.Channels.newInputStream(channel).readAllBytes();
            return JSON.std.mapFrom(answer);
        } catch (IOException e) {
            throw new UncheckedIOException("no status document on " + socket, e);
        }
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    public static List<Object> array(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return (List<Object>) value;
    }

    /** Every field of schema 1 is there with its type; enumerations hold one of their words. */
    public static void assertSchema(Map<String, Object> d) {
        assertThat(d.get("schema")).isEqualTo(1);
        rfc3339(d.get("generated"));
        Map<String, Object> pulse = object(d.get("pulse"));
        assertThat(pulse.get("pid")).isInstanceOf(Number.class);
        assertThat(pulse.get("version")).isInstanceOf(String.class);
        rfc3339(pulse.get("started"));
        assertThat(pulse.get("norun")).isInstanceOf(Boolean.class);

        Map<String, Object> router = object(d.get("router"));
        assertThat(router.get("name")).isIn("primary", "backup");
        assertThat(router.get("address")).isInstanceOf(String.class);
        assertThat(router.get("role")).isIn("active", "backup", "starting", "stopping");
        rfc3339(router.get("since"));
        assertThat(router.get("since_age_s")).isInstanceOf(Number.class);
        assertThat(router.get("reason")).isInstanceOf(String.class);

        Map<String, Object> partner = object(d.get("partner"));
        array(partner.get("addresses")).forEach(a -> assertThat(a).isInstanceOf(String.class));
        assertThat(partner.get("alive")).isInstanceOf(Boolean.class);
        assertThat(partner).containsKeys("last_heartbeat", "last_heartbeat_age_s", "path");
        if (partner.get("last_heartbeat") != null) {
            rfc3339(partner.get("last_heartbeat"));
            assertThat(partner.get("last_heartbeat_age_s")).isInstanceOf(Number.class);
            assertThat(partner.get("path")).isIn("public", "private");
        }
        for (Object link : array(partner.get("links"))) {
            assertThat(object(link).get("interface")).isInstanceOf(String.class);
            assertThat(object(link).get("up")).isInstanceOf(Boolean.class);
        }
        for (Object a : array(d.get("addresses"))) {
            Map<String, Object> address = object(a);
            assertThat(address.get("address")).isInstanceOf(String.class);
            assertThat(address.get("prefix")).isInstanceOf(Number.class);
            assertThat(address.get("interface")).isInstanceOf(String.class);
            assertThat(address).containsKey("label");
            assertThat(address.get("kind")).isIn("vip", "nat_router");
        }
        Map<String, Object> config = object(d.get("config"));
        assertThat(config.get("path")).isInstanceOf(String.class);
        assertThat(config).containsKey("serial_no");
        assertThat((String) config.get("sha256")).matches("[0-9a-f]{64}");
        rfc3339(config.get("loaded"));
        assertThat(config.get("changed_on_disk")).isInstanceOf(Boolean.class);

        Map<String, Object> lvsd = object(d.get("lvsd"));
        assertThat(lvsd.get("running")).isInstanceOf(Boolean.class);
        assertThat(lvsd).containsKeys("pid", "last_report");
        assertThat(lvsd.get("hot_standby_ready")).isInstanceOf(Boolean.class);
        assertThat(lvsd.get("parked")).isInstanceOf(Boolean.class);

        for (Object s : array(d.get("services"))) {
            Map<String, Object> service = object(s);
            assertThat(service.get("name")).isInstanceOf(String.class);
            assertThat(service).containsKeys("address", "port", "fwmark", "sorry_server");
            assertThat(service.get("protocol")).isIn("tcp", "udp");
            assertThat(service.get("scheduler")).isInstanceOf(String.class);
            assertThat(service.get("persistent")).isInstanceOf(Number.class);
            assertThat(service.get("active")).isInstanceOf(Boolean.class);
            assertThat(service.get("sorry_server_in_use")).isInstanceOf(Boolean.class);
            for (Object r : array(service.get("real_servers"))) {
                Map<String, Object> server = object(r);
                assertThat(server.get("name")).isInstanceOf(String.class);
                assertThat(server).containsKeys("address", "port", "weight");
                assertThat(server.get("state")).isIn("up", "down", "quiesced", "draining", "slow-starting", "unknown");
                if (server.get("state").equals("draining")) {
                    assertThat(server).as("a drained server is no longer in lvs.cf").containsEntry("configured_weight", null);
                } else {
                    assertThat(server.get("configured_weight")).isInstanceOf(Number.class);
                }
                for (String counter : Set.of("active_conns", "inactive_conns", "conns_per_s", "bytes_in_per_s",
                        "bytes_out_per_s", "conns_total", "packets_in", "packets_out", "bytes_in", "bytes_out",
                        "checks_total", "checks_failed", "last_check_s")) {
                    assertThat(server).containsKey(counter);
                    Object value = server.get(counter);
                    assertThat(value == null || value instanceof Number).as(counter + " = " + value).isTrue();
                }
            }
        }
        array(d.get("problems")).forEach(p -> assertThat(p).isInstanceOf(String.class));
    }

    private static void rfc3339(Object value) {
        assertThat(value).isInstanceOf(String.class);
        Instant.parse((String) value); // throws unless RFC 3339 in UTC
    }
}
