package org.piranha.gui.partner;

import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;

/**
 * The other router's piranha-gui, reached over its API ({@code /api/config}) with HTTP Basic as
 * {@code piranha}. Sending is a deliberate overwrite of the partner's current file: it first
 * reads the partner's revision and then writes with {@code If-Match} of it, so that a change made
 * on the partner in between is refused (412) rather than lost silently.
 */
public final class Partner {

    // Short: the monitoring page asks on every refresh, and a partner that is down must not stall it.
    /** Marks a PUT as the partner's copy: written byte for byte, serial_no as the sender has it. */
    public static final String REPLICA_HEADER = "X-Piranha-Replica";
    public static final String REPLICA_VALUE = "exact";

    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final Set<PosixFilePermission> NOT_FOR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final URI base;
    private final String authorization;
    private final Path credentials;
    private final HttpClient http;

    public Partner(URI base, String password, Path credentials) {
        this(base, password, credentials, null);
    }

    /** {@code tls}: trusts only the partner's own certificate (--partner-ca); null: the JVM's default trust. */
    public Partner(URI base, String password, Path credentials, SSLContext tls) {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER);
        if (tls != null) {
            builder.sslContext(tls);
        }
        this.http = builder.build();
        String url = base.toString();
        this.base = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString(("piranha:" + password).getBytes(StandardCharsets.UTF_8));
        this.credentials = credentials;
    }

    /**
     * The partner at {@code url}, its password the first line of {@code credentials}, which must be
     * readable by its owner only (it holds the other router's password in clear).
     */
    public static Partner of(String url, Path credentials) throws IOException {
        return of(url, credentials, null);
    }

    /** As {@link #of(String, Path)}, trusting for https the certificates in the PEM file {@code ca} (null: the JVM's). */
    public static Partner of(String url, Path credentials, Path ca) throws IOException {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IOException("--partner " + url + ": not a URL");
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IOException("--partner " + url + ": give http://HOST:PORT or https://HOST:PORT");
        }
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(credentials);
        if (mode.stream().anyMatch(NOT_FOR_OTHERS::contains)) {
            throw new IOException(credentials + " is readable by others than its owner: chmod 600 " + credentials);
        }
        String password = Files.readAllLines(credentials, StandardCharsets.UTF_8).stream().findFirst().orElse("").strip();
        if (password.isEmpty()) {
            throw new IOException(credentials + ": the first line must be the partner's piranha password");
        }
        return new Partner(uri, password, credentials, ca == null ? null : trusting(ca));
    }

    private static SSLContext trusting(Path pem) throws IOException {
        try (InputStream in = Files.newInputStream(pem)) {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int i = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trusted.setCertificateEntry("partner-" + i++, certificate);
            }
            if (i == 0) {
                throw new IOException(pem + ": no PEM certificate in it");
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException(pem + ": " + e.getMessage(), e);
        }
    }

    public URI url() {
        return base;
    }

    /** The partner's lvs.cf revision (sha256), or why it could not be read. */
    public Outcome revision() {
        try {
            HttpResponse<String> get = send(request().GET().build());
            if (get.statusCode() != 200) {
                return refused("GET", get);
            }
            return new Outcome(true, get.headers().firstValue("ETag").map(Partner::revisionOf).orElse(""), "");
        } catch (IOException e) {
            return unreachable(e);
        }
    }

    /** Writes {@code text} as the partner's lvs.cf; the partner validates it and keeps its old one as lvs.cf.bak. */
    public Outcome send(String text) {
        Outcome current = revision();
        if (!current.ok()) {
            return current;
        }
        try {
            HttpResponse<String> put = send(request().header("If-Match", "\"" + current.revision() + "\"")
                    .header("Content-Type", "text/plain; charset=utf-8").header(REPLICA_HEADER, REPLICA_VALUE)
                    .PUT(HttpRequest.BodyPublishers.ofString(text)).build());
            if (put.statusCode() != 200) {
                return refused("PUT", put);
            }
            return new Outcome(true, put.headers().firstValue("ETag").map(Partner::revisionOf).orElse(""), "");
        } catch (IOException e) {
            return unreachable(e);
        }
    }

    private HttpRequest.Builder request() {
        return HttpRequest.newBuilder(URI.create(base + "/api/config")).timeout(TIMEOUT)
                .header("Authorization", authorization);
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    private Outcome refused(String method, HttpResponse<String> response) {
        String why = switch (response.statusCode()) {
            case 401, 429 -> "the partner refused the password in " + credentials
                    + " (HTTP " + response.statusCode() + "): put its piranha password on the first line";
            case 412 -> "lvs.cf changed on the partner while it was being sent (HTTP 412): nothing written there; send again";
            case 422 -> "the partner found the file invalid (HTTP 422): " + response.body().strip();
            default -> method + " /api/config answered HTTP " + response.statusCode() + ": " + firstLine(response.body());
        };
        return new Outcome(false, "", why);
    }

    private Outcome unreachable(IOException e) {
        String reason = e instanceof ConnectException ? "connection refused"
                : e instanceof SSLHandshakeException ? "its certificate is not trusted (--partner-ca PEM names the one to trust): "
                        + e.getMessage()
                : String.valueOf(e.getMessage());
        return new Outcome(false, "", "cannot reach the partner's piranha-gui at " + base + ": " + reason);
    }

    private static String firstLine(String body) {
        return body.lines().findFirst().orElse("").strip();
    }

    private static String revisionOf(String etag) {
        return etag.strip().replace("W/", "").replace("\"", "");
    }

    /** A partner call's result: the partner's revision when {@code ok}, otherwise what went wrong. */
    public record Outcome(boolean ok, String revision, String error) {}
}
