package org.piranha.nanny;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The process group of a helper program that {@link CommandRunner} started in a session of its
 * own, found in /proc. Java 17 can neither create a process group nor signal one (no setpgid, no
 * kill(-pgid)), so the group is made by {@code setsid} and its members are found by their pgrp
 * field and killed one by one. Unlike {@link ProcessHandle#descendants()}, this also finds the
 * children that outlived their parent and were re-parented to init.
 */
final class ProcessGroup {

    private static final Path PROC = Path.of("/proc");

    /** Rounds of scan-and-kill: members may fork while they are being killed. */
    private static final int ROUNDS = 20;

    private ProcessGroup() {
    }

    /**
     * SIGKILLs every live member of process group {@code pgid}, until a scan finds none.
     *
     * @return how many processes were killed
     */
    static int kill(long pgid) {
        int killed = 0;
        for (int round = 0; round < ROUNDS; round++) {
            List<Long> members = members(pgid);
            if (members.isEmpty()) {
                break;
            }
            for (long pid : members) {
                if (ProcessHandle.of(pid).map(ProcessHandle::destroyForcibly).orElse(false)) {
                    killed++;
                }
            }
        }
        return killed;
    }

    /** The pids of the live (not zombie) processes whose process group is {@code pgid}. */
    static List<Long> members(long pgid) {
        List<Long> members = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC,
                ProcessGroup::isPid)) {
            for (Path entry : entries) {
                long pid = Long.parseLong(entry.getFileName().toString());
                if (pid != ProcessHandle.current().pid() && inGroup(entry, pgid)) {
                    members.add(pid);
                }
            }
        } catch (IOException e) {
            // no /proc: nothing can be found, and the program alone was killed
        }
        return members;
    }

    private static boolean isPid(Path entry) {
        String name = entry.getFileName().toString();
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') {
                return false;
            }
        }
        return !name.isEmpty();
    }

    /** /proc/PID/stat is "pid (comm) state ppid pgrp ..."; comm may hold spaces and ')'. */
    private static boolean inGroup(Path entry, long pgid) {
        String stat;
        try {
            stat = new String(Files.readAllBytes(entry.resolve("stat")), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return false; // it has just exited
        }
        int end = stat.lastIndexOf(')');
        if (end < 0) {
            return false;
        }
        String[] fields = stat.substring(end + 2).split(" ", 4);
        return fields.length == 4 && !fields[0].equals("Z")
                && fields[2].equals(Long.toString(pgid));
    }
}
