package org.piranha.sendarp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Scheduling, ordering and cancellation; the frames on a real wire are checked by GratuitousArpIT. */
class GratuitousArpTest {

    private static final MacAddress MAC = MacAddress.parse("525400123456");

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final List<String> events = new ArrayList<>();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    /** A link that records what it is asked to do, optionally blocking in send or failing. */
    private final class RecordingLink implements Link {
        final String device;
        final CountDownLatch sendGate;
        int sendsBeforeFailure;

        RecordingLink(String device, CountDownLatch sendGate, int sendsBeforeFailure) {
            this.device = device;
            this.sendGate = sendGate;
            this.sendsBeforeFailure = sendsBeforeFailure;
        }

        @Override
        public MacAddress mac() {
            return MAC;
        }

        @Override
        public void send(byte[] frame) throws ArpException {
            try {
                sendGate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (sendsBeforeFailure-- == 0) {
                throw new ArpException("interface " + device + " is down");
            }
            record(device + " op" + frame[21]);
        }

        @Override
        public void close() {
            record(device + " closed");
        }
    }

    private synchronized void record(String event) {
        events.add(event);
    }

    private synchronized List<String> events() {
        return List.copyOf(events);
    }

    private GratuitousArp arp(CountDownLatch sendGate, int sendsBeforeFailure) {
        return new GratuitousArp(scheduler, false, device -> {
            record("open " + device);
            return new RecordingLink(device, sendGate, sendsBeforeFailure);
        });
    }

    private GratuitousArp arp() {
        return arp(new CountDownLatch(0), Integer.MAX_VALUE);
    }

    private static Inet4Address ip(String text) throws Exception {
        return (Inet4Address) InetAddress.getByName(text);
    }

    @Test
    void piranhaDefaultsAreBothFormsFiveRoundsOneSecondApart() throws Exception {
        ArpAnnouncement what = ArpAnnouncement.of("eth0:1", ip("10.0.0.1"));

        assertThat(what.forms()).containsExactlyInAnyOrder(ArpForm.REQUEST, ArpForm.REPLY);
        assertThat(what.rounds()).isEqualTo(5);
        assertThat(what.interval()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void sendsEveryRoundRequestBeforeReplyThenClosesTheLink() throws Exception {
        Announcement announcement = arp().announce(
                ArpAnnouncement.of("eth0:1", ip("10.0.0.1")).withRounds(3).withInterval(Duration.ofMillis(1)));

        announcement.completion().get(10, TimeUnit.SECONDS);

        assertThat(events()).containsExactly("open eth0:1",
                "eth0:1 op1", "eth0:1 op2", "eth0:1 op1", "eth0:1 op2", "eth0:1 op1", "eth0:1 op2",
                "eth0:1 closed");
    }

    @Test
    void announceAllNowSendsTheFirstRoundOnTheCallersThreadBeforeReturning() throws Exception {
        Thread caller = Thread.currentThread();
        List<Thread> senders = new java.util.concurrent.CopyOnWriteArrayList<>();
        GratuitousArp arp = new GratuitousArp(scheduler, false, device -> {
            RecordingLink link = new RecordingLink(device, new CountDownLatch(0), Integer.MAX_VALUE);
            return new Link() {
                @Override
                public MacAddress mac() {
                    return link.mac();
                }

                @Override
                public void send(byte[] frame) throws ArpException {
                    senders.add(Thread.currentThread());
                    link.send(frame);
                }

                @Override
                public void close() {
                    link.close();
                }
            };
        });

        Announcement all = arp.announceAllNow(List.of(
                ArpAnnouncement.of("eth0", ip("10.0.0.1")).withRounds(2).withInterval(Duration.ofMillis(1)),
                ArpAnnouncement.of("eth1", ip("10.0.1.1")).withRounds(2).withInterval(Duration.ofMillis(1))));

        assertThat(events()).startsWith("eth0 op1", "eth0 op2", "eth1 op1", "eth1 op2");
        assertThat(senders.subList(0, 4)).containsOnly(caller);
        all.completion().get(10, TimeUnit.SECONDS);
        assertThat(events()).filteredOn(e -> e.endsWith("op1")).hasSize(4);
        assertThat(senders.subList(4, 8)).doesNotContain(caller);
        assertThat(events()).contains("eth0 closed", "eth1 closed");
    }

    @Test
    void sendsOnlyTheChosenForm() throws Exception {
        arp().announce(ArpAnnouncement.of("eth1", ip("10.0.0.1")).withForms(ArpForm.REPLY).withRounds(2)
                .withInterval(Duration.ZERO)).completion().get(10, TimeUnit.SECONDS);

        assertThat(events()).containsExactly("open eth1", "eth1 op2", "eth1 op2", "eth1 closed");
    }

    @Test
    void cancelStopsBetweenRoundsAndClosesTheLink() throws Exception {
        Announcement announcement = arp().announce(
                ArpAnnouncement.of("eth0", ip("10.0.0.1")).withInterval(Duration.ofHours(1)));
        awaitEvents(3); // open and the first round's two frames

        announcement.cancel();

        assertThat(announcement.completion()).isCancelled();
        assertThat(events()).containsExactly("open eth0", "eth0 op1", "eth0 op2", "eth0 closed");
    }

    @Test
    void cancelDuringARoundWaitsForItAndSendsNothingMore() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        Announcement announcement = arp(gate, Integer.MAX_VALUE).announce(
                ArpAnnouncement.of("eth0", ip("10.0.0.1")).withInterval(Duration.ZERO));
        awaitEvents(1); // opened; the round is now blocked in its first send

        Thread canceller = new Thread(announcement::cancel);
        canceller.start();
        await().atMost(Duration.ofSeconds(10)).until(announcement.completion()::isDone);
        gate.countDown();
        canceller.join(10_000);

        assertThat(canceller.isAlive()).isFalse();
        assertThat(events()).containsExactly("open eth0", "eth0 op1", "eth0 op2", "eth0 closed");
    }

    @Test
    void aFailedSendEndsTheAnnouncementWithAMessageNamingIt() throws Exception {
        Announcement announcement = arp(new CountDownLatch(0), 3).announce(
                ArpAnnouncement.of("eth0:1", ip("10.0.0.1")).withInterval(Duration.ZERO));

        assertThatThrownBy(() -> announcement.completion().get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(ArpException.class)
                .hasMessage("cannot announce 10.0.0.1 on eth0:1: interface eth0:1 is down");
        assertThat(events()).containsExactly("open eth0:1", "eth0:1 op1", "eth0:1 op2", "eth0:1 op1",
                "eth0:1 closed");
    }

    @Test
    void aLinkThatCannotOpenFailsTheAnnouncement() throws Exception {
        GratuitousArp arp = new GratuitousArp(scheduler, false, device -> {
            throw new ArpException("no such network interface: " + device);
        });

        assertThatThrownBy(() -> arp.announce(ArpAnnouncement.of("eth9", ip("10.0.0.1")))
                .completion().get(10, TimeUnit.SECONDS))
                .cause().hasMessage("cannot announce 10.0.0.1 on eth9: no such network interface: eth9");
    }

    @Test
    void announceAllCompletesWhenEveryAnnouncementHasAndCancelsThemAll() throws Exception {
        Announcement all = arp().announceAll(List.of(
                ArpAnnouncement.of("eth0", ip("10.0.0.1")).withRounds(2).withInterval(Duration.ZERO),
                ArpAnnouncement.of("eth1", ip("10.0.1.1")).withRounds(2).withInterval(Duration.ZERO)));

        all.completion().get(10, TimeUnit.SECONDS);
        assertThat(events()).filteredOn(e -> e.endsWith("op1")).hasSize(4);
        assertThat(events()).contains("eth0 closed", "eth1 closed");

        events.clear();
        Announcement slow = arp().announceAll(List.of(
                ArpAnnouncement.of("eth0", ip("10.0.0.1")).withInterval(Duration.ofHours(1)),
                ArpAnnouncement.of("eth1", ip("10.0.1.1")).withInterval(Duration.ofHours(1))));
        awaitEvents(6);
        slow.cancel();
        assertThatThrownBy(() -> slow.completion().get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(CancellationException.class);
        assertThat(events()).contains("eth0 closed", "eth1 closed").hasSize(8);
    }

    private void awaitEvents(int count) {
        await().atMost(Duration.ofSeconds(10)).until(() -> events().size() >= count);
    }
}
