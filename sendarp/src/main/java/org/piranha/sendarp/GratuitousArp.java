package org.piranha.sendarp;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Announces IPv4 addresses with gratuitous ARP, in-process and asynchronously, as pulse does after
 * taking over a VIP:
 *
 * <pre>{@code
 * GratuitousArp arp = new GratuitousArp(scheduler);
 * Announcement all = arp.announceAll(List.of(ArpAnnouncement.of("eth0:1", vip)));
 * all.completion().whenComplete((ok, failure) -> log.info("gratuitous lvs arps finished"));
 * ...
 * all.cancel(); // on deactivation
 * }</pre>
 *
 * Sending needs CAP_NET_RAW. Each announcement opens its own packet socket on its first round.
 */
public final class GratuitousArp implements AutoCloseable {

    private final ScheduledExecutorService scheduler;
    private final boolean ownScheduler;
    private final Link.Opener opener;

    /** Runs announcements on the caller's scheduler, which the caller also shuts down. */
    public GratuitousArp(ScheduledExecutorService scheduler) {
        this(scheduler, false, PacketLink::open);
    }

    /** Runs announcements on a scheduler thread of its own, ended by {@link #close()}. */
    public GratuitousArp() {
        this(Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "gratuitous-arp");
            thread.setDaemon(true);
            return thread;
        }), true, PacketLink::open);
    }

    GratuitousArp(ScheduledExecutorService scheduler, boolean ownScheduler, Link.Opener opener) {
        this.scheduler = scheduler;
        this.ownScheduler = ownScheduler;
        this.opener = opener;
    }

    /** Starts one announcement; its first round goes out at once. */
    public Announcement announce(ArpAnnouncement what) {
        return new ScheduledAnnouncement(what, opener, scheduler).start();
    }

    /**
     * Starts every announcement at once. The result completes when all of them have ended,
     * exceptionally if any failed; cancelling it cancels them all.
     */
    public Announcement announceAll(Collection<ArpAnnouncement> all) {
        return together(all.stream().map(this::announce).toList());
    }

    /**
     * As {@link #announceAll}, but the first round of each announcement goes out on the calling
     * thread before this returns, all of them before any later round; the scheduler sends the
     * later rounds. A caller that has just
     * brought the addresses up announces them without waiting for the scheduler's thread to wake.
     */
    public Announcement announceAllNow(Collection<ArpAnnouncement> all) {
        List<ScheduledAnnouncement> started = all.stream()
                .map(what -> new ScheduledAnnouncement(what, opener, scheduler).sendFirstRoundHere()).toList();
        started.forEach(ScheduledAnnouncement::scheduleTheRest);
        return together(List.copyOf(started));
    }

    /**
     * Goes once through announcing {@code all} as {@link #announceAllNow} does, on the calling
     * thread, with a real packet socket on each interface, but puts nothing on the wire: every
     * frame is built and handed to the kernel for interface index 0, which refuses it. Run while
     * passive, it loads and links the code a takeover runs, so that the first takeover does not
     * wait for that. Completes exceptionally when a real announcement would fail to start (no
     * CAP_NET_RAW, no such interface, not Ethernet).
     */
    public Announcement rehearse(Collection<ArpAnnouncement> all) {
        return new GratuitousArp(scheduler, false, PacketLink::openForRehearsal)
                .announceAllNow(all.stream().map(what -> what.withRounds(1)).toList());
    }

    private static Announcement together(List<Announcement> started) {
        CompletableFuture<Void> completion = CompletableFuture.allOf(
                started.stream().map(Announcement::completion).toArray(CompletableFuture[]::new));
        return new Announcement() {
            @Override
            public CompletableFuture<Void> completion() {
                return completion;
            }

            @Override
            public void cancel() {
                started.forEach(Announcement::cancel);
            }
        };
    }

    @Override
    public void close() {
        if (ownScheduler) {
            scheduler.shutdownNow();
        }
    }
}
