package org.piranha.nanny;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** lvsd's one check at start: the nanny's own check, run once, from the same arguments. */
class StartCheckTest {

    static List<String> args(int port, String... options) {
        List<String> args = new ArrayList<>(List.of("-c", "-h", "127.0.0.1", "-p", "80", "-r", Integer.toString(port)));
        args.addAll(List.of(options));
        args.addAll(List.of("-a", "15", "-I", "/sbin/ipvsadm", "-t", "2", "-w", "5", "-V", "10.6.1.214", "-M", "g",
                "--lvs"));
        return args;
    }

    @Test
    void aServerThatAnswersWhatIsExpectedPasses() {
        try (LoopbackServer server = LoopbackServer.start(LoopbackServer.replying("HTTP/1.0 200 OK\r\n", true))) {
            assertThat(StartCheck.run(args(server.port(), "-s", "GET / HTTP/1.0\\r\\n\\r\\n", "-x", "HTTP")))
                    .contains(new StartCheck.Result(true, null));
        }
    }

    @Test
    void aWrongReplyOrAClosedPortFailsWithNannysReason() throws Exception {
        try (LoopbackServer server = LoopbackServer.start(LoopbackServer.replying("SSH-2.0\r\n", true))) {
            StartCheck.Result result = StartCheck.run(args(server.port(), "-s", "GET /\\r\\n", "-x", "HTTP")).orElseThrow();
            assertThat(result.passed()).isFalse();
            assertThat(result.reason()).startsWith("Trouble. Received results are not what we expected from (127.0.0.1:");
        }
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        StartCheck.Result result = StartCheck.run(args(closed)).orElseThrow();
        assertThat(result.passed()).isFalse();
        assertThat(result.reason()).startsWith("CONNECT to 127.0.0.1:" + closed + " failed");
    }

    @Test
    void sendProgramsAndBadArgumentsAreLeftToTheNanny() {
        assertThat(StartCheck.run(args(80, "-e", "/bin/true %h"))).isEmpty();
        assertThat(StartCheck.run(List.of("-h", "not-an-address"))).isEmpty();
    }
}
