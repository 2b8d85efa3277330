package org.piranha.pulse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two state machines joined by a simulated network with latency, started at various offsets:
 * whole-pair properties that single transitions cannot show.
 */
class PairSimulationTest {

    static final long MS = 1_000_000L;
    static final Duration KEEPALIVE = Duration.ofMillis(100);
    static final Duration DEADTIME = Duration.ofMillis(300);
    static final long LATENCY = 2 * MS;

    /** Both routers with a network between them that can be cut. */
    static final class Pair {
        final Failover master = new Failover(Role.MASTER, true, KEEPALIVE, DEADTIME);
        final Failover backup = new Failover(Role.BACKUP, true, KEEPALIVE, DEADTIME);
        final PriorityQueue<Delivery> inFlight = new PriorityQueue<>();
        final List<String> log = new ArrayList<>();
        long now;
        boolean connected = true;
        int activations;

        record Delivery(long at, long sequence, Failover to, Heartbeat heartbeat) implements Comparable<Delivery> {
            @Override
            public int compareTo(Delivery other) {
                return at != other.at ? Long.compare(at, other.at) : Long.compare(sequence, other.sequence);
            }
        }

        long sequence;

        void start(Failover failover, boolean force) {
            apply(failover, failover.start(now, force));
        }

        void apply(Failover from, List<Action> actions) {
            Failover to = from == master ? backup : master;
            for (Action action : actions) {
                if (action instanceof Action.Send send && connected) {
                    inFlight.add(new Delivery(now + LATENCY, sequence++, to, send.heartbeat()));
                } else if (action instanceof Action.Activate) {
                    activations++;
                }
                if (action instanceof Action.Log line) {
                    log.add(now / MS + " ms " + (from == master ? "master" : "backup") + ": " + line.message());
                }
            }
        }

        /** Runs both until {@code until}; returns true if both were ever active at once. */
        boolean runUntil(long until) {
            boolean dualActive = false;
            while (true) {
                long next = Math.min(Math.min(master.nextWakeup(), backup.nextWakeup()),
                        inFlight.isEmpty() ? Long.MAX_VALUE : inFlight.peek().at());
                if (next > until) {
                    now = until;
                    return dualActive;
                }
                now = Math.max(now, next);
                while (!inFlight.isEmpty() && inFlight.peek().at() <= now) {
                    Delivery delivery = inFlight.poll();
                    apply(delivery.to(), delivery.to().heartbeat(delivery.heartbeat(), now));
                }
                if (master.nextWakeup() <= now) {
                    apply(master, master.tick(now));
                }
                if (backup.nextWakeup() <= now) {
                    apply(backup, backup.tick(now));
                }
                dualActive |= master.isActive() && backup.isActive();
            }
        }
    }

    @ParameterizedTest(name = "backup starts {0} ms after the master")
    @ValueSource(longs = {-250, -120, -60, -1, 0, 1, 30, 99, 150, 250})
    void startingTogetherMakesOnlyTheMasterActive_andNeverBoth(long backupOffsetMillis) {
        Pair pair = new Pair();
        Failover first = backupOffsetMillis >= 0 ? pair.master : pair.backup;
        Failover second = first == pair.master ? pair.backup : pair.master;
        pair.start(first, false);
        boolean dual = pair.runUntil(Math.abs(backupOffsetMillis) * MS);
        pair.start(second, false);
        dual |= pair.runUntil(10_000 * MS);
        assertThat(dual).as(String.join("\n", pair.log)).isFalse();
        assertThat(pair.master.isActive()).as(String.join("\n", pair.log)).isTrue();
        assertThat(pair.backup.isActive()).isFalse();
        assertThat(pair.activations).as(String.join("\n", pair.log)).isEqualTo(1);
    }

    @ParameterizedTest(name = "partition for {0} ms")
    @ValueSource(longs = {200, 500, 2000})
    void afterAPartitionHealsOnlyOneStaysActive(long partitionMillis) {
        Pair pair = new Pair();
        pair.start(pair.master, false);
        pair.start(pair.backup, false);
        pair.runUntil(1000 * MS);
        assertThat(pair.master.isActive()).isTrue();
        pair.connected = false;
        pair.inFlight.clear();
        pair.runUntil((1000 + partitionMillis) * MS);
        assertThat(pair.backup.isActive()).as("a partition longer than deadtime activates the backup")
                .isEqualTo(partitionMillis > DEADTIME.toMillis());
        pair.connected = true;
        pair.runUntil((3000 + partitionMillis) * MS);
        assertThat(pair.master.isActive()).as(String.join("\n", pair.log)).isTrue();
        assertThat(pair.backup.isActive()).isFalse();
    }

    @ParameterizedTest(name = "master stops at {0} ms")
    @ValueSource(longs = {1000, 1234})
    void aCleanStopHandsOverWithinOneDatagram(long stopMillis) {
        Pair pair = new Pair();
        pair.start(pair.master, false);
        pair.start(pair.backup, false);
        pair.runUntil(stopMillis * MS);
        assertThat(pair.master.isActive()).isTrue();
        List<Action> stop = pair.master.terminate(15, pair.now);
        assertThat(stop).contains(new Action.Shutdown(true));
        // what the daemon does for the Shutdown action: a STOPPED heartbeat to the partner
        pair.apply(pair.master, List.of(new Action.Send(Heartbeat.STOPPED)));
        pair.runUntil(pair.now + LATENCY);
        assertThat(pair.backup.isActive()).isTrue();
        assertThat(pair.log).anyMatch(line -> line.endsWith("backup: primary inactive: activating lvs"));
    }

    @ParameterizedTest(name = "forced backup starts {0} ms after the master")
    @ValueSource(longs = {0, 50, 500})
    void aForcedBackupEndsAsTheOnlyActiveOne_orYieldsToAnActiveMaster(long offsetMillis) {
        Pair pair = new Pair();
        pair.start(pair.master, false);
        pair.runUntil(offsetMillis * MS);
        boolean masterWasActive = pair.master.isActive();
        pair.start(pair.backup, true);
        pair.runUntil(5000 * MS);
        assertThat(pair.master.isActive() ^ pair.backup.isActive()).as(String.join("\n", pair.log)).isTrue();
        // no preemption: a passive master leaves a forced backup active; an active one makes it yield
        assertThat(pair.master.isActive()).as(String.join("\n", pair.log)).isEqualTo(masterWasActive);
    }
}
