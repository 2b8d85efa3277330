package org.piranha.nanny;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * lvs.cf's send_program: the command line is split on spaces, {@code %h} and {@code %p} are
 * replaced by the real server and port wherever they appear (Piranha replaced only whole tokens),
 * and the program runs with the interval as its timeout. One trailing newline of its output is
 * dropped, then:
 * <ul>
 *   <li>a program that cannot start, times out or exits non-zero fails the check (Piranha
 *       counted a silent, failed program as a success when an expect string was set);</li>
 *   <li>with expect: the output must equal it ({@code --regex}: contain a match; "*": be
 *       non-empty);</li>
 *   <li>without expect: exit status 0 is success (Piranha failed every such check).</li>
 * </ul>
 */
final class ProgramCheck implements Check {

    private final String commandLine;
    private final List<String> command;
    private final String target;
    private final String expect;
    private final ReplyMatcher matcher;
    private final CommandRunner runner = new CommandRunner();

    ProgramCheck(NannyConfig config, ReplyMatcher matcher) {
        this.commandLine = config.program();
        this.command = command(config.program(), config.server(), config.port());
        this.target = config.target();
        this.expect = config.expect();
        this.matcher = matcher;
    }

    static List<String> command(String line, String server, int port) {
        List<String> words = new ArrayList<>();
        for (String word : line.trim().split("\\s+")) {
            if (!word.isEmpty()) {
                words.add(word.replace("%h", server).replace("%p", Integer.toString(port)));
            }
        }
        return words;
    }

    @Override
    public Verdict run(long deadline) {
        if (command.isEmpty()) {
            return Verdict.failed("send_program is empty: set it in lvs.cf or remove it");
        }
        CommandRunner.Result result = runner.run(command, deadline);
        switch (result.outcome()) {
            case NOT_STARTED:
                return Verdict.failed("cannot run send_program " + commandLine + ": "
                        + result.failure());
            case TIMED_OUT:
                return Verdict.failed("timeout running the following: " + commandLine
                        + " (it did not finish within the interval and was killed)");
            default:
                break;
        }
        if (result.exitStatus() != 0) {
            String stderr = firstLine(result.errorOutput());
            return Verdict.failed("The following exited abnormally: " + commandLine
                    + " (exit status " + result.exitStatus() + ")"
                    + (stderr.isEmpty() ? "" : ": " + stderr));
        }
        String output = chopNewline(result.output());
        if (matcher == null) {
            return Verdict.AVAILABLE;
        }
        if (output.isEmpty()) {
            return Verdict.failed("Ran the external sending program to (" + target + ") but"
                    + " didn't get anything back, while expect is \"" + expect + "\"");
        }
        byte[] bytes = output.getBytes(StandardCharsets.UTF_8);
        boolean match = matcher instanceof ReplyMatcher.PrefixMatch
                ? output.equals(expect)
                : matcher.decide(bytes, bytes.length, true) == ReplyMatcher.Decision.MATCH;
        if (match) {
            return Verdict.AVAILABLE;
        }
        return Verdict.failed("Trouble. Received results are not what we expected from ("
                + target + "): got \"" + Escapes.show(bytes, bytes.length, 80)
                + "\", expected \"" + expect + "\"");
    }

    @Override
    public long abort() {
        return runner.shutdown();
    }

    private static String chopNewline(String s) {
        if (s.endsWith("\r\n")) {
            return s.substring(0, s.length() - 2);
        }
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }

    private static String firstLine(String s) {
        String t = s == null ? "" : s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl).strip();
    }
}
