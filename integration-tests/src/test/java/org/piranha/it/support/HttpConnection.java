package org.piranha.it.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One TCP connection from a test's namespace, held open and reused for several HTTP/1.1
 * requests: to show that a connection through IPVS survives what lvsd does meanwhile.
 */
public final class HttpConnection implements AutoCloseable {

    private static final int TIMEOUT_MILLIS = 20_000;

    private final Socket socket;

    private HttpConnection(Socket socket) {
        this.socket = socket;
    }

    /** Connects from inside {@code netns} (the socket stays in that namespace for its whole life). */
    public static HttpConnection open(Netns netns, String host, int port) {
        return new HttpConnection(InNetns.call(netns, () -> {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            return socket;
        }));
    }

    /** Sends {@code GET /} on this connection and returns the reply's body without surrounding blanks. */
    public String get() {
        try {
            OutputStream out = socket.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: piranha\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            if (!head.startsWith("HTTP/1.1 200")) {
                throw new IllegalStateException("unexpected reply: " + head);
            }
            int length = 0;
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            return new String(in.readNBytes(length), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("the held connection failed", e);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed by the server");
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    /** The client side's local port: how ipvsadm -Lnc lists this connection. */
    public int localPort() {
        return socket.getLocalPort();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
