package org.piranha.nanny;

/**
 * Piranha's weights (adjustWeight): a server (re)enters IPVS at 1/32 of its weight and doubles at
 * each adjustment until it has its configured weight (slow start); then, with load monitoring,
 * the weight floats between the configured weight and {@code scale} times it.
 */
final class WeightPolicy {

    private final int weight;
    private final int scale;

    WeightPolicy(int weight, int scale) {
        this.weight = weight;
        this.scale = scale;
    }

    /** The weight a server enters with: w >> 5, at least 1; a configured 0 stays 0. */
    int initial() {
        return weight == 0 ? 0 : Math.max(1, weight >> 5);
    }

    int configured() {
        return weight;
    }

    boolean slowStarting(int current) {
        return current < weight;
    }

    /** The next slow-start step: doubled, capped at the configured weight. */
    int slowStartStep(int current) {
        return (int) Math.min(weight, Math.max(1L, current * 2L));
    }

    /**
     * The weight for a load average, from the last weight, as Piranha computed it (with C's
     * integer w/2 and w/4): below 1 the weight rises by (w/2)·cbrt(1−L) up to scale·w, above 1
     * it falls by (w/2)·cbrt(L−1) down to w. Changes smaller than w/4 are not applied, so the
     * last weight is returned.
     */
    int forLoad(int last, double load) {
        int half = weight / 2;
        double next;
        if (load < 1) {
            next = Math.min(last + half * Math.cbrt(1 - load), (double) scale * weight);
        } else if (load > 1) {
            next = Math.max(last - half * Math.cbrt(load - 1), weight);
        } else {
            return last;
        }
        int candidate = (int) next;
        return Math.abs(candidate - last) >= weight / 4 ? candidate : last;
    }
}
