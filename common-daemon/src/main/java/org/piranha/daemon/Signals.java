package org.piranha.daemon;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Hands signals to one handler on a thread the daemon chooses, so the daemon reacts to them in
 * one place (its event loop or a single-thread executor) instead of on the JVM's signal thread:
 *
 * <pre>{@code
 * Signals signals = Signals.route(eventLoop, this::onSignal, DaemonSignal.HUP, DaemonSignal.TERM, DaemonSignal.INT);
 * }</pre>
 *
 * JVM pitfalls (they decide what systemd sees):
 * <ul>
 * <li>Install the handlers first thing in main: a signal that arrives before takes the default
 *     action, and for USR1/USR2 that kills the JVM.
 * <li>Without a handler the JVM exits 143 on TERM and 129 on HUP, which systemd counts as a
 *     failure. With one, the JVM no longer exits by itself: the TERM handler must finish with
 *     {@code System.exit(0)}.
 * <li>Call {@code System.exit} from a thread that no shutdown hook waits for (not from an
 *     executor a hook shuts down and awaits), or the exit deadlocks.
 * <li>QUIT is the JVM's own (thread dumps); CHLD is not needed: use {@code Process.onExit()}.
 * </ul>
 */
public final class Signals implements AutoCloseable {

    private final Map<DaemonSignal, SignalHandler> previous;

    private Signals(Map<DaemonSignal, SignalHandler> previous) {
        this.previous = previous;
    }

    /**
     * Routes each of {@code signals} to {@code handler}, run on {@code executor}. A signal that
     * arrives once the executor has shut down is dropped.
     */
    public static Signals route(Executor executor, Consumer<DaemonSignal> handler, DaemonSignal... signals) {
        Map<DaemonSignal, SignalHandler> previous = new EnumMap<>(DaemonSignal.class);
        for (DaemonSignal signal : signals) {
            previous.put(signal, Signal.handle(new Signal(signal.name()), raised -> {
                try {
                    executor.execute(() -> handler.accept(signal));
                } catch (RejectedExecutionException e) {
                    // shutting down already
                }
            }));
        }
        return new Signals(previous);
    }

    /** Makes the process ignore {@code signals}, e.g. USR1/USR2 in a daemon that has no use for them. */
    public static Signals ignore(DaemonSignal... signals) {
        Map<DaemonSignal, SignalHandler> previous = new EnumMap<>(DaemonSignal.class);
        for (DaemonSignal signal : signals) {
            previous.put(signal, Signal.handle(new Signal(signal.name()), SignalHandler.SIG_IGN));
        }
        return new Signals(previous);
    }

    /** Puts back the handlers these replaced. */
    @Override
    public void close() {
        previous.forEach((signal, handler) -> Signal.handle(new Signal(signal.name()), handler));
    }
}
