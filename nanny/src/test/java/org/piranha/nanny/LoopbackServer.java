package org.piranha.nanny;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A real TCP server on 127.0.0.1 for nanny to check. It can be stopped and started again on the
 * same port, as a real server going away and coming back. Each connection is handled by a
 * {@link Handler} in its own thread.
 */
final class LoopbackServer implements AutoCloseable {

    interface Handler {
        void handle(Socket socket) throws IOException, InterruptedException;
    }

    /** Accepts, reads and never replies, until the client closes the connection. */
    static final Handler ACCEPT = socket -> {
        InputStream in = socket.getInputStream();
        while (in.read() >= 0) {
            // swallow the request
        }
    };

    private final Handler handler;
    private final List<Socket> open = new ArrayList<>();
    private int port;
    private ServerSocket server;

    private LoopbackServer(Handler handler) {
        this.handler = handler;
    }

    static LoopbackServer start(Handler handler) {
        LoopbackServer s = new LoopbackServer(handler);
        s.listen(0);
        return s;
    }

    /** Replies {@code reply} once it has read a request (or at once when reply-first). */
    static Handler replying(String reply, boolean readFirst) {
        return socket -> {
            if (readFirst) {
                socket.getInputStream().read(new byte[4096]);
            }
            socket.getOutputStream().write(reply.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
        };
    }

    /** Reads a request, then writes the pieces with a pause between them (one segment each). */
    static Handler splitReply(long pauseMillis, String... pieces) {
        return socket -> {
            socket.setTcpNoDelay(true);
            InputStream in = socket.getInputStream();
            in.read(new byte[4096]);
            OutputStream o = socket.getOutputStream();
            for (String piece : pieces) {
                o.write(piece.getBytes(StandardCharsets.UTF_8));
                o.flush();
                Thread.sleep(pauseMillis);
            }
        };
    }

    int port() {
        return port;
    }

    synchronized void stop() {
        try {
            server.close();
            for (Socket s : open) {
                s.close();
            }
            open.clear();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Listens again on the same port. */
    void restart() {
        listen(port);
    }

    private synchronized void listen(int wanted) {
        try {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), wanted), 50);
            server = s;
            port = s.getLocalPort();
            Thread acceptor = new Thread(() -> accept(s), "server " + port);
            acceptor.setDaemon(true);
            acceptor.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void accept(ServerSocket s) {
        while (!s.isClosed()) {
            Socket socket;
            try {
                socket = s.accept();
            } catch (IOException e) {
                return;
            }
            synchronized (this) {
                open.add(socket);
            }
            Thread t = new Thread(() -> {
                try (socket) {
                    handler.handle(socket);
                } catch (IOException | InterruptedException e) {
                    // the client went away, or the server stopped
                }
            }, "connection " + port);
            t.setDaemon(true);
            t.start();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
