package org.piranha.lvsd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One lvsd per network namespace (each namespace has its own IPVS table). Without it, an lvsd
 * started while the previous one is still shutting down (pulse killed and started again at once)
 * would adopt the table and then watch the old lvsd delete it. The lock is an flock on
 * {@code /run/piranha/lvsd-net-INODE.lock} (directory: {@code PIRANHA_RUN_DIR}), held until the
 * process exits; the file holds the owner's pid for the message of the one that waits.
 */
final class NamespaceLock {

    private final Path file;
    private final FileChannel channel;

    private NamespaceLock(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** Opens the lock file of this process's network namespace. */
    static NamespaceLock open() throws IOException {
        String dir = System.getenv("PIRANHA_RUN_DIR");
        Path runDir = Path.of(dir != null && !dir.isBlank() ? dir : "/run/piranha");
        Files.createDirectories(runDir);
        Path file = runDir.resolve("lvsd-net-" + namespaceId() + ".lock");
        return new NamespaceLock(file, FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE));
    }

    /** "net:[4026531992]" names the namespace; its inode number is unique while it exists. */
    private static String namespaceId() throws IOException {
        return Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString().replaceAll("\\D", "");
    }

    Path file() {
        return file;
    }

    /** Takes the lock if it is free. */
    boolean tryLock() throws IOException {
        FileLock lock = channel.tryLock();
        if (lock != null) {
            writeOwnPid();
        }
        return lock != null;
    }

    /** Blocks until the lock is free, then takes it. */
    void lock() throws IOException {
        channel.lock();
        writeOwnPid();
    }

    /** The pid the current holder wrote, or "?". */
    String holder() {
        try {
            String pid = Files.readString(file, StandardCharsets.US_ASCII).trim();
            return pid.isEmpty() ? "?" : pid;
        } catch (IOException e) {
            return "?";
        }
    }

    private void writeOwnPid() throws IOException {
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
        channel.force(false);
    }
}
