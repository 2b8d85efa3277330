package org.piranha.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sd_notify against sockets the test binds, as systemd would. */
class SystemdNotifierTest {

    @TempDir
    Path dir;

    @Test
    void doesNothingOutsideSystemd() {
        try (SystemdNotifier notifier = new SystemdNotifier(Map.of(), 1)) {
            assertThat(notifier.enabled()).isFalse();
            assertThat(notifier.ready()).isFalse();
            assertThat(notifier.watchdogInterval()).isEmpty();
        }
    }

    @Test
    void notifiesAPathSocket() {
        String path = dir.resolve("notify").toString();
        try (BoundDatagramSocket systemd = new BoundDatagramSocket(path);
                SystemdNotifier notifier = new SystemdNotifier(Map.of("NOTIFY_SOCKET", path), 1)) {
            assertThat(notifier.ready()).isTrue();
            assertThat(systemd.receive()).isEqualTo("READY=1");

            assertThat(notifier.stopping()).isTrue();
            assertThat(systemd.receive()).isEqualTo("STOPPING=1");

            notifier.watchdog();
            assertThat(systemd.receive()).isEqualTo("WATCHDOG=1");

            notifier.status("active: 2 virtual services\nsecond line");
            assertThat(systemd.receive()).isEqualTo("STATUS=active: 2 virtual services second line");
        }
    }

    @Test
    void notifiesAnAbstractSocket() {
        String name = "@piranha-test-" + ProcessHandle.current().pid();
        try (BoundDatagramSocket systemd = new BoundDatagramSocket(name);
                SystemdNotifier notifier = new SystemdNotifier(Map.of("NOTIFY_SOCKET", name), 1)) {
            notifier.ready();
            assertThat(systemd.receive()).isEqualTo("READY=1");
        }
    }

    @Test
    void reloadingCarriesTheMonotonicClock() {
        String path = dir.resolve("notify").toString();
        try (BoundDatagramSocket systemd = new BoundDatagramSocket(path);
                SystemdNotifier notifier = new SystemdNotifier(Map.of("NOTIFY_SOCKET", path), 1)) {
            long before = SystemdNotifier.monotonicMicros();
            notifier.reloading();
            long after = SystemdNotifier.monotonicMicros();

            Matcher message = Pattern.compile("RELOADING=1\nMONOTONIC_USEC=(\\d+)").matcher(systemd.receive());
            assertThat(message.matches()).isTrue();
            assertThat(Long.parseLong(message.group(1))).isBetween(before, after);
            // CLOCK_MONOTONIC counts from boot, as /proc/uptime does (give or take suspend).
            assertThat(before).isGreaterThan(0);
        }
    }

    @Test
    void aMissingSocketIsReportedNotThrown() {
        try (SystemdNotifier notifier = new SystemdNotifier(Map.of("NOTIFY_SOCKET", dir.resolve("gone").toString()), 1)) {
            assertThat(notifier.enabled()).isTrue();
            assertThat(notifier.ready()).isFalse();
        }
    }

    @Test
    void watchdogIntervalIsHalfTheTimeoutWhenItIsOurs() {
        Map<String, String> env = Map.of("WATCHDOG_USEC", "20000000", "WATCHDOG_PID", "42");
        assertThat(new SystemdNotifier(env, 42).watchdogTimeout()).contains(Duration.ofSeconds(20));
        assertThat(new SystemdNotifier(env, 42).watchdogInterval()).contains(Duration.ofSeconds(10));
        assertThat(new SystemdNotifier(env, 43).watchdogInterval()).as("meant for another process").isEmpty();
        assertThat(new SystemdNotifier(Map.of("WATCHDOG_USEC", "3000000"), 43).watchdogInterval())
                .as("no WATCHDOG_PID: ours").contains(Duration.ofMillis(1500));
        assertThat(new SystemdNotifier(Map.of("WATCHDOG_USEC", "soon"), 43).watchdogInterval()).isEmpty();
    }
}
