package org.piranha.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** piranha-gui --training-run (what piranha-cds records the class-data archive from): it serves itself and cleans up. */
class TrainingRunTest {

    @Test
    void servesEveryPanelToItselfAndLeavesNoScratchFiles() throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));

        assertThat(TrainingRun.run()).isZero();

        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("piranha-gui-training"));
        }
    }
}
