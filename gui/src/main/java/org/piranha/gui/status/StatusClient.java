package org.piranha.gui.status;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads pulse's status plane: connect to its unix stream socket, send nothing, read one UTF-8
 * JSON document until end of file. No socket, or a refused connection, means pulse is not running.
 */
public final class StatusClient {

    public static final Path DEFAULT_SOCKET = Path.of("/run/piranha/status.sock");

    /** A document larger than this is not a status document. */
    private static final int MAX_BYTES = 4 << 20;

    private final Path socket;

    public StatusClient(Path socket) {
        this.socket = socket;
    }

    public Path socket() {
        return socket;
    }

    /** The JSON text, or empty when pulse is not running (no socket, nobody listening). */
    public Optional<String> read() throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            try {
                channel.connect(UnixDomainSocketAddress.of(socket));
            } catch (java.net.SocketException | java.nio.file.NoSuchFileException e) {
                if (e.getMessage() != null && e.getMessage().contains("Permission denied")) {
                    throw new IOException(socket + ": permission denied: pulse runs, but this user may not ask it;"
                            + " run piranha-gui as a member of group piranha (pulse gives /run/piranha that group)", e);
                }
                return Optional.empty();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(16384);
            while (channel.read(buffer) >= 0) {
                buffer.flip();
                out.write(buffer.array(), 0, buffer.limit());
                buffer.clear();
                if (out.size() > MAX_BYTES) {
                    throw new IOException(socket + ": status document larger than " + MAX_BYTES + " bytes");
                }
            }
            return Optional.of(out.toString(StandardCharsets.UTF_8));
        }
    }
}
