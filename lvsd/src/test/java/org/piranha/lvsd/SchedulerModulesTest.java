package org.piranha.lvsd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.piranha.lvscf.LvsConfig;

/** The scheduler modules a parked lvsd loads ahead, through the program the kernel's setting names. */
class SchedulerModulesTest {

    private static final LvsConfig CONFIG = Harness.config("""
            serial_no = 1
            primary = 10.0.0.1
            service = lvs
            network = direct
            virtual www {
                active = 1
                address = 10.0.0.100 eth0:1
                port = 80
                scheduler = wlc
                server one {
                    address = 10.0.0.11
                    active = 1
                }
            }
            virtual mail {
                active = 1
                address = 10.0.0.100 eth0:1
                port = 25
                scheduler = sh
                server one {
                    address = 10.0.0.11
                    active = 1
                }
            }
            virtual web2 {
                active = 1
                address = 10.0.0.101 eth0:2
                port = 80
                scheduler = wlc
                server one {
                    address = 10.0.0.11
                    active = 1
                }
            }
            virtual off {
                active = 0
                address = 10.0.0.102 eth0:3
                port = 80
                scheduler = lblcr
                server one {
                    address = 10.0.0.11
                    active = 1
                }
            }
            """);

    @TempDir
    Path dir;

    @Test
    void eachActiveServicesSchedulerOnce_sorted() {
        assertThat(SchedulerModules.of(CONFIG)).containsExactly("ip_vs_sh", "ip_vs_wlc");
    }

    @Test
    void runsTheProgramTheKernelSettingNamesWithEveryModule() throws Exception {
        Path args = dir.resolve("args");
        Path setting = dir.resolve("modprobe-setting");
        Files.writeString(setting, fakeModprobe(args, 0) + "\n");

        SchedulerModules.load(CONFIG, setting);

        assertThat(Files.readString(args)).isEqualTo("-q -a ip_vs_sh ip_vs_wlc\n");
    }

    @Test
    void aFailingModprobeOrAnEmptyOrMissingSettingChangesNothing() throws Exception {
        Path args = dir.resolve("args");
        Path setting = dir.resolve("modprobe-setting");
        Files.writeString(setting, fakeModprobe(args, 1).toString());
        SchedulerModules.load(CONFIG, setting); // returns: the first service add reports what is wrong
        assertThat(args).exists();

        Files.delete(args);
        Files.writeString(setting, "\n"); // the kernel loads no module either
        SchedulerModules.load(CONFIG, setting);
        SchedulerModules.load(CONFIG, dir.resolve("no-such-setting"));
        assertThat(args).doesNotExist();
    }

    @Test
    void aKernelProgramOutOfSightFallsBackToModprobeOnThePath() throws Exception {
        Path args = dir.resolve("args");
        Path setting = dir.resolve("modprobe-setting");
        Path fallback = fakeModprobe(args, 0);
        Files.writeString(setting, "/sbin/modprobe-in-another-root\n"); // as in a chroot, or the project's VM

        SchedulerModules.load(CONFIG, setting, fallback.toString());

        assertThat(Files.readString(args)).isEqualTo("-q -a ip_vs_sh ip_vs_wlc\n");
    }

    private Path fakeModprobe(Path args, int exit) throws IOException {
        Path program = dir.resolve("modprobe");
        Files.writeString(program, "#!/bin/sh\necho \"$@\" > '" + args + "'\nexit " + exit + "\n");
        Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
        return program;
    }
}
