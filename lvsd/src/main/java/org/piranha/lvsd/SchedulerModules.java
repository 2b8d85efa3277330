package org.piranha.lvsd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.piranha.lvscf.LvsConfig;
import org.piranha.lvscf.VirtualService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A parked lvsd loads the kernel modules of its services' schedulers ({@code ip_vs_wlc}, ...)
 * before the takeover. The kernel loads one on the first service that names it, by running the
 * program named in {@code /proc/sys/kernel/modprobe}; under a slow CPU that took 0.2-0.3 s of a
 * cold standby's takeover. Here the same program (or {@code modprobe}) loads it ahead: the table is not touched, and
 * a module that will not load is left for the first service add to report, as it would be.
 */
final class SchedulerModules {

    private static final Logger LOG = LoggerFactory.getLogger(SchedulerModules.class);
    /** Where the kernel says which program loads its modules (empty: module loading is off). */
    static final Path KERNEL_MODPROBE = Path.of("/proc/sys/kernel/modprobe");
    private static final Duration LIMIT = Duration.ofSeconds(30);

    private SchedulerModules() {}

    /** The modules of the schedulers that the active services name, sorted, each once. */
    static List<String> of(LvsConfig config) {
        TreeSet<String> modules = new TreeSet<>();
        for (VirtualService service : config.activeServices()) {
            modules.add("ip_vs_" + service.scheduler());
        }
        return List.copyOf(modules);
    }

    /**
     * Runs {@code MODPROBE -q -a MODULE...} with the program {@code modprobeSetting} names (the
     * kernel runs it for one module at a time) and returns once it has finished; does nothing if
     * the setting is unreadable or empty, or if there is no module to load.
     */
    static void load(LvsConfig config, Path modprobeSetting) {
        load(config, modprobeSetting, "modprobe");
    }

    /** {@link #load(LvsConfig, Path)}, with {@code fallback} when this process cannot see the kernel's program. */
    static void load(LvsConfig config, Path modprobeSetting, String fallback) {
        List<String> modules = of(config);
        Optional<String> modprobe = program(modprobeSetting, fallback);
        if (modules.isEmpty() || modprobe.isEmpty()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of(modprobe.get(), "-q", "-a"));
        command.addAll(modules);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                LOG.debug("{} did not finish within {} s: the first service add loads the scheduler", command,
                        LIMIT.toSeconds());
            } else if (process.exitValue() != 0) {
                LOG.debug("{} exited with {}: the first service add loads the scheduler", command, process.exitValue());
            }
        } catch (IOException e) {
            LOG.debug("cannot run {}: {}; the first service add loads the scheduler", command, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The kernel's program if this process sees it; else {@code fallback} (the
     * kernel runs its program in the first process's root, which a chroot or container may not
     * see); none if the setting is unreadable or empty (the kernel loads no module either).
     */
    private static Optional<String> program(Path setting, String fallback) {
        String program;
        try {
            program = Files.readString(setting).strip();
        } catch (IOException e) {
            return Optional.empty();
        }
        if (program.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Files.isExecutable(Path.of(program)) ? program : fallback);
    }
}
