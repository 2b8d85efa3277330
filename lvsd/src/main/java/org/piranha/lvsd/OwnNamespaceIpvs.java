package org.piranha.lvsd;

import com.sun.jna.LastErrorException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.piranha.netlink.ipvs.IpvsClient;
import org.piranha.netlink.ipvs.IpvsException;
import org.piranha.netlink.libc.LibC;

/**
 * An IPVS client on a table nobody else uses: that of a new network namespace, with no interface
 * and no traffic, which the kernel removes with its table once the client is closed. For lvsd's
 * rehearsals (the parked {@link DryRun}, the class-data {@link TrainingRun}).
 */
final class OwnNamespaceIpvs {

    private OwnNamespaceIpvs() {}

    /**
     * A thread of its own moves to a new namespace (a namespace belongs to the thread, and a
     * socket to the namespace it was opened in, for life), opens the client there and ends.
     * Empty without the privilege for it (CAP_SYS_ADMIN) or without IPVS.
     */
    static Optional<IpvsClient> open() {
        CompletableFuture<IpvsClient> opened = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                LibC.INSTANCE.unshare(LibC.CLONE_NEWNET);
                opened.complete(IpvsClient.open());
            } catch (LastErrorException | IpvsException e) {
                opened.complete(null);
            } catch (RuntimeException | Error e) {
                opened.complete(null);
                throw e;
            }
        }, "lvsd-own-namespace");
        thread.start();
        return Optional.ofNullable(opened.join());
    }
}
