package org.piranha.lvscf;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Collects diagnostics but keeps only the {@link #LIMIT} first (by line) of each severity and
 * counts the rest: a broken file can have an error on every one of millions of lines, and
 * operators need the first few, not a log of hundreds of megabytes. Memory stays bounded whatever
 * the order diagnostics come in (the validator's is not by line).
 */
final class DiagnosticSink {

    /** Errors (and, apart, warnings) reported in full; the rest are counted. */
    static final int LIMIT = 50;

    /** A diagnostic and when it came, so that those of one line keep their order. */
    private record Entry(Diagnostic diagnostic, long sequence) {
    }

    private static final Comparator<Entry> BY_LINE =
            Comparator.comparingInt((Entry e) -> e.diagnostic().line()).thenComparingLong(Entry::sequence);

    private final List<Entry> errors = new ArrayList<>();
    private final List<Entry> warnings = new ArrayList<>();
    private long sequence;
    private int omittedErrors;
    private int omittedWarnings;

    void add(Diagnostic diagnostic) {
        List<Entry> kept = diagnostic.isError() ? errors : warnings;
        kept.add(new Entry(diagnostic, sequence++));
        if (kept.size() >= 2 * LIMIT) {
            int dropped = trim(kept);
            if (diagnostic.isError()) {
                omittedErrors += dropped;
            } else {
                omittedWarnings += dropped;
            }
        }
    }

    void addAll(List<Diagnostic> diagnostics) {
        diagnostics.forEach(this::add);
    }

    /**
     * Whether a further error of a producer that reports in line order (the parser) would be left
     * out anyway, so its message need not be worked out.
     */
    boolean errorsFull() {
        return omittedErrors > 0 || errors.size() >= LIMIT;
    }

    /** Counts an error left out without making it (see {@link #errorsFull()}). */
    void omitError() {
        omittedErrors++;
    }

    boolean hasErrors() {
        return !errors.isEmpty() || omittedErrors > 0;
    }

    /** The kept diagnostics, by line (those of one line in the order they came). */
    List<Diagnostic> kept() {
        omittedErrors += trim(errors);
        omittedWarnings += trim(warnings);
        List<Entry> all = new ArrayList<>(errors);
        all.addAll(warnings);
        all.sort(BY_LINE);
        List<Diagnostic> diagnostics = new ArrayList<>(all.size() + 2);
        all.forEach(e -> diagnostics.add(e.diagnostic()));
        return diagnostics;
    }

    int omittedErrors() {
        kept();
        return omittedErrors;
    }

    int omittedWarnings() {
        kept();
        return omittedWarnings;
    }

    /**
     * {@link #kept()}, then one line each for the errors and warnings left out: {@code FILE: ...
     * and 1162664 more errors}.
     */
    List<Diagnostic> withSummaries(String file) {
        List<Diagnostic> all = kept();
        if (omittedErrors > 0) {
            all.add(Diagnostic.error(file, 0, more(omittedErrors, "error", "errors")));
        }
        if (omittedWarnings > 0) {
            all.add(Diagnostic.warning(file, 0, more(omittedWarnings, "warning", "warnings")));
        }
        return all;
    }

    private static String more(int count, String one, String many) {
        return "... and " + count + " more " + (count == 1 ? one : many);
    }

    /** Sorts by line and keeps the first LIMIT; returns how many were dropped. */
    private static int trim(List<Entry> kept) {
        if (kept.size() <= LIMIT) {
            return 0;
        }
        kept.sort(BY_LINE);
        int dropped = kept.size() - LIMIT;
        kept.subList(LIMIT, kept.size()).clear();
        return dropped;
    }
}
