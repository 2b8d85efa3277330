package org.piranha.sendarp;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One announcement running on a scheduler: each round sends its frames, then schedules the next
 * round. The link is opened on the first round and closed however the announcement ends.
 */
final class ScheduledAnnouncement implements Announcement {

    private final ArpAnnouncement what;
    private final Link.Opener opener;
    private final ScheduledExecutorService scheduler;
    private final CompletableFuture<Void> completion = new CompletableFuture<>();

    // guarded by this
    private Link link;
    private int roundsSent;
    private Future<?> nextRound;

    ScheduledAnnouncement(ArpAnnouncement what, Link.Opener opener, ScheduledExecutorService scheduler) {
        this.what = what;
        this.opener = opener;
        this.scheduler = scheduler;
        completion.whenComplete((ignored, failure) -> stop()); // also when someone cancels the future itself
    }

    synchronized ScheduledAnnouncement start() {
        nextRound = scheduler.submit(this::round);
        return this;
    }

    /**
     * Sends the first round on the calling thread, before returning; {@link #scheduleTheRest}
     * then leaves the other rounds to the scheduler (so that a caller starting several can send
     * every first round before any second one).
     */
    ScheduledAnnouncement sendFirstRoundHere() {
        send();
        return this;
    }

    /** After {@link #sendFirstRoundHere}: the next round on the scheduler, unless that was the last. */
    synchronized void scheduleTheRest() {
        if (!completion.isDone()) {
            nextRound = scheduler.schedule(this::round, what.interval().toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private synchronized void round() {
        send();
        scheduleTheRest();
    }

    /** Sends one round; after the last (or a failure) the announcement is complete. */
    private synchronized void send() {
        if (completion.isDone()) {
            return;
        }
        try {
            if (link == null) {
                link = opener.open(what.device());
            }
            for (ArpForm form : what.formsInOrder()) {
                link.send(form.frame(what.address(), link.mac()).encode());
            }
        } catch (ArpException e) {
            stop();
            completion.completeExceptionally(new ArpException("cannot announce " + what + ": " + e.getMessage()));
            return;
        } catch (RuntimeException e) {
            stop();
            completion.completeExceptionally(e);
            return;
        }
        if (++roundsSent == what.rounds()) {
            stop(); // before completing: whoever waits on completion finds the link already closed
            completion.complete(null);
        }
    }

    private synchronized void stop() {
        if (nextRound != null) {
            nextRound.cancel(false);
        }
        if (link != null) {
            link.close();
            link = null;
        }
    }

    /** Rounds sent so far. */
    synchronized int roundsSent() {
        return roundsSent;
    }

    @Override
    public CompletableFuture<Void> completion() {
        return completion;
    }

    @Override
    public void cancel() {
        completion.cancel(false);
        // Taking the lock waits out a round in progress, so nothing is sent after cancel() returns.
        stop();
    }
}
