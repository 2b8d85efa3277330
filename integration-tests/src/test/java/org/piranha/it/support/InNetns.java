package org.piranha.it.support;

import com.sun.jna.LastErrorException;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.piranha.netlink.libc.LibC;

/**
 * Runs code inside a test's network namespace without starting another JVM: a fresh thread
 * joins the namespace with setns(2) (which moves only the calling thread), runs the code and
 * ends, so no pooled thread is ever left in a foreign namespace. Sockets opened by the code stay
 * bound to that namespace for their whole life, whichever thread uses them later: open netlink
 * clients here, then use them from the test thread.
 */
public final class InNetns {

    private InNetns() {}

    public static <T> T call(Netns netns, Callable<T> action) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                enter(netns);
                result.complete(action.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "in " + netns.name());
        thread.start();
        try {
            return result.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new AssertionError("failed in " + netns, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void enter(Netns netns) {
        int fd = LibC.INSTANCE.open("/run/netns/" + netns.name(), LibC.O_RDONLY | LibC.O_CLOEXEC);
        try {
            LibC.INSTANCE.setns(fd, LibC.CLONE_NEWNET);
        } catch (LastErrorException e) {
            throw new AssertionError("setns into " + netns + " failed: errno " + e.getErrorCode(), e);
        } finally {
            LibC.INSTANCE.close(fd);
        }
    }
}
