package org.piranha.gui;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.piranha.daemon.DaemonLog;
import org.piranha.daemon.PiranhaVersion;
import org.piranha.gui.auth.PasswordFile;
import org.piranha.gui.partner.Partner;
import org.piranha.gui.status.StatusClient;
import org.piranha.lvscf.LvsConfig;
import org.piranha.lvscf.LvsConfigLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code piranha-gui}: the Piranha configuration tool, by default on port 3636. */
@Command(name = "piranha-gui", versionProvider = PiranhaVersion.class, sortOptions = false,
        description = "The Piranha configuration tool: edit lvs.cf and watch pulse in a browser.")
public final class GuiMain implements Callable<Integer> {

    @Option(names = {"-c", "--configfile"}, paramLabel = "LVS_CF", description = "lvs.cf to edit (default: ${DEFAULT-VALUE}).")
    Path lvsCf = Path.of(LvsConfig.DEFAULT_PATH);

    @Option(names = {"-p", "--passwd"}, paramLabel = "PASSWD_FILE", description = "Password file (default: ${DEFAULT-VALUE}).")
    Path passwd = PasswordFile.DEFAULT_PATH;

    @Option(names = "--listen", paramLabel = "ADDR:PORT", description = "Address and port (default: ${DEFAULT-VALUE}, all addresses).")
    String listen = ":3636";

    @Option(names = "--tls-cert", paramLabel = "PEM", description = "Serve HTTPS with this certificate chain (with --tls-key).")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "The certificate's PKCS#8 private key.")
    Path tlsKey;

    @Option(names = "--status-socket", paramLabel = "PATH", description = "pulse's status socket (default: ${DEFAULT-VALUE}).")
    Path statusSocket = StatusClient.DEFAULT_SOCKET;

    @Option(names = "--partner", paramLabel = "URL", description = "The other router's piranha-gui (http://HOST:3636 or https://...), to send accepted changes to.")
    String partnerUrl;

    @Option(names = "--partner-credentials", paramLabel = "FILE", description = "The partner's piranha password, first line, mode 0600 (default: ${DEFAULT-VALUE}).")
    Path partnerCredentials = Path.of("/etc/sysconfig/ha/conf/piranha-partner.passwd");

    @Option(names = "--partner-ca", paramLabel = "PEM", description = "For an https partner: trust only the certificate(s) in this file.")
    Path partnerCa;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS", description = "Log a browser out after this long unused (default: ${DEFAULT-VALUE}).")
    long idleSeconds = 900;

    @Option(names = "--training-run", hidden = true, description = "Start, serve every panel once to itself, stop (piranha-cds).")
    boolean trainingRun;

    @Option(names = {"-n", "--nodaemon"}, description = "Log to stdout instead of syslog.")
    boolean noDaemon;

    @Option(names = {"-v", "--verbose"}, description = "Log debug lines.")
    boolean verbose;

    @Option(names = "--version", versionHelp = true, description = "Print the version and exit.")
    boolean versionRequested;

    @Option(names = {"-?", "-h", "--help"}, usageHelp = true, description = "Print this help and exit.")
    boolean helpRequested;

    /**
     * Jetty's MemoryUtils asks the platform MBean server whether oops are compressed unless told
     * how many references fill a cache line: that one question started JMX (about 170 classes and
     * every platform MBean) before the first page. With piranha-gui's heap (-Xmx96m, far below
     * 32 GiB) oops are always compressed: 64-byte lines / 4-byte references. The value only
     * sizes Jetty's padding against false sharing.
     */
    static final String REFERENCES_PER_CACHE_LINE = "org.eclipse.jetty.util.referencesPerCacheLine";

    public static void main(String[] args) {
        if (System.getProperty(REFERENCES_PER_CACHE_LINE) == null) {
            System.setProperty(REFERENCES_PER_CACHE_LINE, "16");
        }
        System.exit(new CommandLine(new GuiMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        DaemonLog.start("piranha-gui", noDaemon || trainingRun, verbose);
        if (trainingRun) {
            return TrainingRun.run();
        }
        Logger log = LoggerFactory.getLogger(GuiMain.class);
        PasswordFile passwords = new PasswordFile(passwd);
        try {
            passwords.load();
        } catch (IOException e) {
            String message = "cannot read the password file " + passwd + " (" + LvsConfigLoader.reason(e)
                    + "): run piranha-passwd to set the password, then start piranha-gui again";
            log.error(message);
            System.err.println("piranha-gui: " + message);
            return 1;
        }
        if ((tlsCert == null) != (tlsKey == null)) {
            System.err.println("piranha-gui: --tls-cert and --tls-key go together");
            return 2;
        }
        KeyStore tls = null;
        if (tlsCert != null) {
            try {
                tls = Tls.keyStore(tlsCert, tlsKey);
            } catch (IOException | GeneralSecurityException e) {
                System.err.println("piranha-gui: cannot use " + tlsCert + " and " + tlsKey + ": " + e.getMessage());
                return 1;
            }
        }
        Partner partner = null;
        if (partnerUrl != null) {
            try {
                partner = Partner.of(partnerUrl, partnerCredentials, partnerCa);
            } catch (IOException e) {
                String message = "cannot use the partner " + partnerUrl + ": " + LvsConfigLoader.reason(e);
                log.error(message);
                System.err.println("piranha-gui: " + message);
                return 1;
            }
        }
        InetSocketAddress address;
        try {
            address = GuiServer.parseListen(listen);
        } catch (IllegalArgumentException e) {
            System.err.println("piranha-gui: --listen " + listen + ": " + e.getMessage());
            return 2;
        }
        GuiServer server = new GuiServer(new GuiServer.Settings(lvsCf, passwords, address.getHostString(),
                address.getPort(), tls, statusSocket, Duration.ofSeconds(idleSeconds), partner));
        try {
            server.start();
        } catch (RuntimeException e) {
            String message = "cannot listen on " + listen + ": " + e.getMessage();
            log.error(message);
            System.err.println("piranha-gui: " + message);
            return 1;
        }
        log.info("piranha-gui {} listening on {}://{}:{}, editing {}", PiranhaVersion.version(),
                tls != null ? "https" : "http", address.getHostString(), server.port(), lvsCf);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return 0;
    }
}
