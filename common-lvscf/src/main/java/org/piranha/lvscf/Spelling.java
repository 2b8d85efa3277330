package org.piranha.lvscf;

import java.util.Collection;

/** Suggests the key an operator probably meant ({@code scheduller} -> {@code scheduler}). */
final class Spelling {

    /** Longer than any lvs.cf key. */
    private static final int LONGEST_KEY = 40;

    private Spelling() {}

    /** The candidate within edit distance 2 of {@code word} (the closest, then alphabetically first), or null. */
    static String closest(String word, Collection<String> candidates) {
        if (word.length() > LONGEST_KEY + 2) {
            return null; // no key is within distance 2, and the distance costs length x length
        }
        String best = null;
        int bestDistance = 3;
        for (String candidate : candidates) {
            int distance = distance(word, candidate);
            if (distance < bestDistance || (distance == bestDistance && best != null && candidate.compareTo(best) < 0)) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best;
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
