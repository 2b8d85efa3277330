package org.piranha.nanny;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes the nanny -> lvsd protocol (docs/design.md): one line per event, UTF-8, flushed at once.
 * Every method is synchronized so that lines from the check loop and from signal handlers never
 * interleave.
 */
final class Reporter {

    enum Level { INFO, WARNING, ERR, DEBUG }

    private final OutputStream out;
    private volatile boolean broken;

    Reporter(OutputStream out) {
        this.out = out;
    }

    synchronized void ready() {
        line("ready");
    }

    synchronized void up(int weight) {
        line("up weight=" + weight);
    }

    synchronized void down() {
        line("down");
    }

    synchronized void quiesce() {
        line("quiesce");
    }

    /** One check ended: its result and how long it took (lvsd's health-check metrics; changes nothing in IPVS). */
    synchronized void checked(boolean passed, long micros) {
        line("checked " + (passed ? "ok" : "failed") + " us=" + Math.max(0, micros));
    }

    void info(String message) {
        log(Level.INFO, message);
    }

    void warning(String message) {
        log(Level.WARNING, message);
    }

    void error(String message) {
        log(Level.ERR, message);
    }

    synchronized void log(Level level, String message) {
        line("log " + level.name().toLowerCase(java.util.Locale.ROOT) + " " + oneLine(message));
    }

    /** True once a write failed: nobody reads nanny any more (lvsd is gone). */
    boolean broken() {
        return broken;
    }

    private void line(String text) {
        try {
            out.write((text + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            broken = true;
        }
    }

    /** A message must not break the one-line-per-event framing. */
    private static String oneLine(String message) {
        StringBuilder s = null;
        for (int i = 0; i < message.length(); i++) {
            if (message.charAt(i) < 0x20) {
                if (s == null) {
                    s = new StringBuilder(message);
                }
                s.setCharAt(i, ' ');
            }
        }
        return s == null ? message : s.toString();
    }
}
