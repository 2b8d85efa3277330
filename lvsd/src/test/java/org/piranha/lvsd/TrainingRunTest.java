package org.piranha.lvsd;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** lvsd --training-run (what piranha-cds records lvsd's class-data archive from): its check admits its own server, and it cleans up. */
class TrainingRunTest {

    @Test
    void admitsItsOwnServerAndLeavesNoScratchFiles() throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));

        assertThat(TrainingRun.run()).isZero();

        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("lvsd-training"));
        }
    }
}
