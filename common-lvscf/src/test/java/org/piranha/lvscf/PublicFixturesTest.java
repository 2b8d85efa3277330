package org.piranha.lvscf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real lvs.cf files from public sources (fixtures/public, see its SOURCES.md): every file Piranha ran
 * loads, with warnings that name the file and a line of it; the two that Piranha refused to run are
 * refused with the reason. The canonical writer keeps what each one holds.
 */
class PublicFixturesTest {

    /** The diagnostics expected of each fixture, as "LINE: message" ("warning: " for warnings). */
    static final Map<String, List<String>> EXPECTED = Map.of(
            "piranha-0.8.6-sample.cf", List.of(
                    "46: warning: primary_shared is used by FOS failover services only; ignored",
                    "50: warning: backup_shared is used by FOS failover services only; ignored",
                    "51: warning: backup_active is set again (first at line 48): the last value wins",
                    "56: warning: reservation_conflict_action is used by FOS failover services only; ignored",
                    "195: warning: failover web1 is ignored, as Piranha ignored it under service = lvs (failover"
                            + " blocks are for FOS mode, service = fos, which this piranha does not run); it is kept"
                            + " when the file is written",
                    "208: warning: failover ftp is ignored, as Piranha ignored it under service = lvs (failover"
                            + " blocks are for FOS mode, service = fos, which this piranha does not run); it is kept"
                            + " when the file is written"),
            "ssocopsacc-piranha-lvs.cf", List.of(
                    "1: primary is not set: add \"primary = IP\" with the public address of the primary router",
                    "13: no active lvs services defined: set \"active = 1\" in at least one virtual block"),
            "ssocopsacc-piranha-lvs.cf_orig.cf", List.of(
                    "1: primary is not set: add \"primary = IP\" with the public address of the primary router",
                    "13: no active lvs services defined: set \"active = 1\" in at least one virtual block"),
            "netkiller-piranha-master.cf", List.of(),
            "cayu-squid-rhcs.cf", List.of(
                    "18: warning: pmask without persistent in virtual proxy: the mask has no effect unless"
                            + " persistent is set"),
            "tigerlinux-sip-serial70.cf", List.of(),
            "tigerlinux-sip-serial76.cf", List.of(),
            "rdo-openstack-mysql-lvs.cf", List.of(
                    "4: warning: service is set again (first at line 2): the last value wins",
                    "27: warning: send is ignored in virtual openstack_mysql_3306 because send_program is set"));

    static Path directory() {
        try {
            return Path.of(PublicFixturesTest.class.getResource("/fixtures/public/SOURCES.md").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<String> fixtures() throws IOException {
        try (Stream<Path> files = Files.list(directory())) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".cf")).sorted().toList().stream();
        }
    }

    private static LoadResult load(String name) throws IOException {
        String text = Files.readString(directory().resolve(name), StandardCharsets.UTF_8);
        return Cf.LOADER.load(name, text);
    }

    @Test
    void everyFixtureHasAnExpectationAndASource() throws IOException {
        String sources = Files.readString(directory().resolve("SOURCES.md"));
        assertThat(fixtures()).containsExactlyInAnyOrderElementsOf(EXPECTED.keySet());
        assertThat(EXPECTED.keySet()).allSatisfy(name -> assertThat(sources).contains("`" + name + "`"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void loadsAsPiranhaRanIt(String name) throws IOException {
        LoadResult result = load(name);
        int lines = (int) Files.readAllLines(directory().resolve(name), StandardCharsets.UTF_8).size();
        assertThat(result.diagnostics()).allSatisfy(d -> {
            assertThat(d.file()).isEqualTo(name);
            assertThat(d.line()).isBetween(1, lines);
        });
        assertThat(result.diagnostics()).extracting(d -> d.toString().substring(name.length() + 1))
                .containsExactlyElementsOf(EXPECTED.get(name));
        boolean piranhaRanIt = EXPECTED.get(name).stream().allMatch(m -> m.contains(": warning: "));
        assertThat(result.isValid()).isEqualTo(piranhaRanIt);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void theCanonicalWriterKeepsWhatItHolds(String name) throws IOException {
        LvsConfig config = Cf.PARSER.parse(name, Files.readString(directory().resolve(name))).bestEffort();
        String written = LvsConfigWriter.write(config);
        ParseResult back = Cf.parse(written);
        assertThat(back.hasErrors()).as(written).isFalse();
        assertThat(back.config()).contains(config);
    }

    @Test
    void piranhasSampleKeepsItsFailoverBlocksThroughAWrite() throws Exception {
        LvsConfig sample = load("piranha-0.8.6-sample.cf").requireValid();
        assertThat(sample.services()).extracting(VirtualService::name).containsExactly("server1", "server2");
        assertThat(sample.activeServices()).extracting(VirtualService::name).containsExactly("server1");
        assertThat(sample.failoverServices()).extracting(VirtualService::name).containsExactly("web1", "ftp");
        assertThat(sample.failoverServices().get(0).fosKeys().values())
                .containsEntry(FosKey.START_CMD, "\"/etc/rc.d/init.d/httpd start\"")
                .containsEntry(FosKey.STOP_CMD, "\"/etc/rc.d/init.d/httpd stop\"");
        assertThat(sample.fosGlobals().values()).containsEntry(FosKey.PRIMARY_SHARED, "/dev/sdb");
        assertThat(LvsConfigWriter.write(sample)).contains("\nfailover web1 {\n", "\nfailover ftp {\n",
                "\nprimary_shared = /dev/sdb\n", "    start_cmd = \"/etc/rc.d/init.d/inet start\"\n");
    }

    @Test
    void noBreakSpacesAsOnTheRdoPageAreRefusedWithTheReason() throws IOException {
        String published = Files.readString(directory().resolve("rdo-openstack-mysql-lvs.cf"))
                .replace(" = ", "\u00a0=\u00a0");
        LoadResult result = Cf.LOADER.load("lvs.cf", published);
        assertThat(result.isValid()).isFalse();
        assertThat(Cf.messages(result.errors()).get(0)).isEqualTo("lvs.cf:1: unknown command"
                + " \"serial_no\u00a0=\u00a02013042401\" (it holds a no-break space, U+00A0, as text copied"
                + " from a web page may: separate words with plain spaces or tabs)");
    }
}
