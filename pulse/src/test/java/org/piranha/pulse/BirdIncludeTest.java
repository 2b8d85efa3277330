package org.piranha.pulse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.piranha.lvscf.GlobalSettings;
import org.piranha.lvscf.LvsConfigParser;

/** The BIRD include pulse writes: what it holds, that BIRD itself accepts it, and that it is replaced only on change. */
class BirdIncludeTest {

    @TempDir
    Path dir;

    private static GlobalSettings globals(String extra) {
        return LvsConfigParser.standard().parse("lvs.cf", """
                director_mode = multi_active
                bgp_local_as = 65001
                bgp_peer_as = 4200000000
                bgp_neighbors = 192.0.2.1 198.51.100.1
                network = direct
                """ + extra).config().orElseThrow().globals();
    }

    @Test
    void oneBgpSessionPerNeighbourWithBfdAndTheKernelTableLearnt() {
        String text = BirdInclude.render(globals("bgp_bfd_interval = 50\nbgp_bfd_multiplier = 4\nbgp_hold_time = 9\n"));
        assertThat(text).contains("ipv4 table piranha4;", "protocol kernel piranha_vips {", "kernel table 4242;",
                "learn;", "import where krt_source = 252;", "protocol bfd piranha_bfd {", "min rx interval 50 ms;",
                "multiplier 4;", "protocol bgp piranha_192_0_2_1 {", "protocol bgp piranha_198_51_100_1 {",
                "local as 65001;", "neighbor 192.0.2.1 as 4200000000;", "hold time 9;", "bfd on;", "import none;",
                "export all;");
        String noBfd = BirdInclude.render(globals("bgp_bfd = 0\n"));
        assertThat(noBfd).doesNotContain("protocol bfd", "bfd on");
    }

    @Test
    void birdParsesTheInclude() throws Exception {
        for (String extra : List.of("", "bgp_bfd = 0\nbgp_hold_time = 0\n")) {
            Path include = dir.resolve("piranha.conf");
            Files.writeString(include, BirdInclude.render(globals(extra)));
            Path conf = dir.resolve("bird.conf");
            Files.writeString(conf, "router id 192.0.2.10;\nprotocol device { }\ninclude \"" + include + "\";\n");
            Process bird = new ProcessBuilder("bird", "-p", "-c", conf.toString()).redirectErrorStream(true).start();
            String output = new String(bird.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(bird.waitFor()).as("bird -p -c said: %s", output).isZero();
        }
    }

    @Test
    void writtenAtomicallyAndOnlyWhenChanged() throws Exception {
        Path file = dir.resolve("etc/bird/piranha.conf");
        assertThat(BirdInclude.write(file, "a\n")).isTrue();
        assertThat(Files.readString(file)).isEqualTo("a\n");
        assertThat(BirdInclude.write(file, "a\n")).isFalse();
        assertThat(BirdInclude.write(file, "b\n")).isTrue();
        assertThat(Files.readString(file)).isEqualTo("b\n");
        try (var files = Files.list(file.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("piranha.conf");
        }
    }
}
