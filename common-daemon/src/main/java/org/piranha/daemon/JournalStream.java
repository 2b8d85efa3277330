package org.piranha.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether stdout is connected to the journal: systemd sets {@code JOURNAL_STREAM=DEV:INODE} for
 * a service whose stdout is the journal. Children inherit the variable with stdout redirected,
 * so the device and inode must also match stdout's (sd_journal_stream_fd(3), systemd.exec(5)).
 */
final class JournalStream {

    private static final Path STDOUT = Path.of("/proc/self/fd/1");

    private JournalStream() {}

    static boolean isStdout(String journalStream) {
        return matches(journalStream, STDOUT);
    }

    /** Whether {@code journalStream} ("DEV:INODE") names the file open as {@code fd}. */
    static boolean matches(String journalStream, Path fd) {
        if (journalStream == null) {
            return false;
        }
        String[] parts = journalStream.trim().split(":");
        long device;
        long inode;
        try {
            if (parts.length != 2) {
                return false;
            }
            device = Long.parseLong(parts[0]);
            inode = Long.parseLong(parts[1]);
        } catch (NumberFormatException e) {
            return false;
        }
        try {
            return ((Number) Files.getAttribute(fd, "unix:dev")).longValue() == device
                    && ((Number) Files.getAttribute(fd, "unix:ino")).longValue() == inode;
        } catch (IOException | UnsupportedOperationException e) {
            return true; // cannot check: trust systemd's word
        }
    }
}
