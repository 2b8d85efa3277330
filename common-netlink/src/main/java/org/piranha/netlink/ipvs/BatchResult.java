package org.piranha.netlink.ipvs;

import java.util.List;

/** What became of the changes of an {@link IpvsBatch}: the ones that failed, by position. */
public record BatchResult(int size, List<Failure> failures) {

    public BatchResult {
        failures = List.copyOf(failures);
    }

    /** The change at {@code index} (0-based, in the order queued) failed with {@code error}. */
    public record Failure(int index, String description, IpvsException error) {}

    public boolean succeeded() {
        return failures.isEmpty();
    }

    /** Throws the first failure (the others attached as suppressed), or returns this when all succeeded. */
    public BatchResult orThrow() throws IpvsException {
        if (failures.isEmpty()) {
            return this;
        }
        IpvsException first = failures.get(0).error();
        for (Failure failure : failures.subList(1, failures.size())) {
            first.addSuppressed(failure.error());
        }
        throw first;
    }
}
