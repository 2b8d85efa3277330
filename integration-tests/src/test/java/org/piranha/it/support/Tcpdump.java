package org.piranha.it.support;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;

/**
 * tcpdump capturing on one interface of a namespace, with every frame's bytes decoded from its
 * {@code -xx} hex dump, so tests assert on the wire as an independent tool saw it.
 */
public final class Tcpdump implements AutoCloseable {

    /** One captured frame: tcpdump's summary line and the whole frame, link-level header first. */
    public record Frame(String summary, byte[] bytes) {

        public String hex(int from, int to) {
            return HexFormat.of().formatHex(bytes, from, to);
        }

        public int u16(int offset) {
            return (bytes[offset] & 0xff) << 8 | bytes[offset + 1] & 0xff;
        }

        /** When tcpdump saw the frame (local time of day, microseconds), from the summary line. */
        public LocalTime time() {
            return LocalTime.parse(summary.substring(0, summary.indexOf(' ')));
        }
    }

    private static final Pattern LENGTH = Pattern.compile("length (\\d+)");
    private static final Pattern HEX_LINE = Pattern.compile("^\\s+0x[0-9a-f]{4}:\\s+(.*)$");

    private final Daemon daemon;

    private Tcpdump(Daemon daemon) {
        this.daemon = daemon;
    }

    /**
     * Starts tcpdump on {@code ifname} in {@code netns} with a pcap filter ("arp", "" for all) and
     * returns once it is listening.
     */
    public static Tcpdump start(Netns netns, String ifname, String filter) {
        List<String> command = new ArrayList<>(List.of("tcpdump", "-e", "-n", "-xx", "-l", "--immediate-mode",
                "-i", ifname));
        if (!filter.isBlank()) {
            command.add(filter);
        }
        Daemon daemon = Daemon.start("tcpdump on " + netns + "/" + ifname,
                netns.process(command.toArray(String[]::new)));
        daemon.awaitLine("listening on", Duration.ofSeconds(30));
        return new Tcpdump(daemon);
    }

    /** The frames captured so far, complete ones only. */
    public List<Frame> frames() {
        List<Frame> frames = new ArrayList<>();
        String summary = null;
        int length = 0;
        StringBuilder hex = new StringBuilder();
        for (String line : daemon.lines()) {
            Matcher hexLine = HEX_LINE.matcher(line);
            if (summary != null && hexLine.matches()) {
                hex.append(hexLine.group(1).replace(" ", ""));
                if (hex.length() == 2 * length) {
                    frames.add(new Frame(summary, HexFormat.of().parseHex(hex)));
                    summary = null;
                }
                continue;
            }
            Matcher lengthMatch = LENGTH.matcher(line);
            if (!line.startsWith("\t") && lengthMatch.find()) {
                summary = line;
                length = Integer.parseInt(lengthMatch.group(1));
                hex.setLength(0);
            }
        }
        return frames;
    }

    /** Waits until at least {@code count} frames have been captured and returns all of them. */
    public List<Frame> awaitFrames(int count, Duration timeout) {
        try {
            await().atMost(timeout).pollInterval(Duration.ofMillis(20)).until(() -> frames().size() >= count);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("tcpdump captured " + frames().size() + " of " + count + " frames within "
                    + timeout + "; it printed:\n" + String.join("\n", daemon.lines()), e);
        }
        return frames();
    }

    /** Everything tcpdump printed, for failure messages. */
    public List<String> lines() {
        return daemon.lines();
    }

    @Override
    public void close() {
        daemon.close();
    }
}
