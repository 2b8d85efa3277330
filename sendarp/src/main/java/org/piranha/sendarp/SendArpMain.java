package org.piranha.sendarp;

import java.util.concurrent.Callable;
import org.piranha.daemon.PiranhaVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of send_arp. This build only answers --help and --version. */
@Command(name = "send_arp", mixinStandardHelpOptions = true, versionProvider = PiranhaVersion.class,
        description = "Sends a gratuitous ARP packet.")
public final class SendArpMain implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("send_arp: not available in this build yet");
        return 3;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new SendArpMain()).execute(args));
    }
}
