package org.piranha.pulse;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The heartbeat's UDP sockets: one per {@link HeartbeatPaths.Path}, bound to this router's own
 * address and {@code heartbeat_port}, receiving on the event loop and sending to the partner.
 *
 * <p>Netty's NIO transport rather than its epoll one: two datagram sockets and a few datagrams
 * a second need no native transport, and NIO spares unpacking and loading a native library at
 * start (which also fails where /tmp is noexec).
 */
final class HeartbeatSockets implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatSockets.class);

    /** Called on the event loop for every datagram that arrives, with its bytes readable. */
    interface Receiver {
        void received(HeartbeatPaths.Path path, InetSocketAddress sender, ByteBuffer datagram);
    }

    private record Bound(HeartbeatPaths.Path path, Channel channel) {}

    private final List<Bound> sockets;
    private HeartbeatFormat format;

    private HeartbeatSockets(List<Bound> sockets, HeartbeatFormat format) {
        this.sockets = sockets;
        this.format = format;
    }

    /**
     * Binds every path's socket, or none; a path named in {@code devices} is also tied to that
     * interface ({@link DeviceBinding}), or an error says why not.
     *
     * @throws IOException naming the address that could not be bound and why
     */
    static HeartbeatSockets bind(EventLoopGroup group, HeartbeatPaths paths, Map<String, String> devices,
            HeartbeatFormat format, Receiver receiver) throws IOException {
        List<Bound> bound = new ArrayList<>();
        try {
            for (HeartbeatPaths.Path path : paths.paths()) {
                Bootstrap bootstrap = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                        .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext context, DatagramPacket packet) {
                                receiver.received(path, packet.sender(), packet.content().nioBuffer());
                            }

                            @Override
                            public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
                                LOG.debug("recvfrom() failed: {}", cause.getMessage());
                            }
                        });
                ChannelFuture future = bootstrap.bind(path.local()).awaitUninterruptibly();
                if (!future.isSuccess()) {
                    throw new IOException("failed to bind to heartbeat address " + path.local().getAddress().getHostAddress()
                            + ":" + path.local().getPort() + ": " + reason(future.cause()), future.cause());
                }
                bound.add(new Bound(path, future.channel()));
                String device = devices.get(path.name());
                if (device != null) {
                    try {
                        DeviceBinding.bind(path.local(), device);
                    } catch (IOException e) {
                        // a hardening that failed must not cost the pair its failover
                        LOG.error("{}; heartbeats on the {} path are checked by source address only", e.getMessage(),
                                path.name());
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            bound.forEach(b -> b.channel().close().awaitUninterruptibly());
            throw e;
        }
        return new HeartbeatSockets(List.copyOf(bound), format);
    }

    /** Sends {@code heartbeat} to the partner on every path that has one. Never blocks. */
    void send(Heartbeat heartbeat) {
        for (Bound socket : sockets) {
            socket.path().partner().ifPresent(partner -> socket.channel()
                    .writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(
                            format.encode(heartbeat, socket.path().name())), partner))
                    .addListener(done -> {
                        if (!done.isSuccess()) {
                            LOG.debug("Warning -- failed to send heartbeat ({} if): {}", socket.path().name(),
                                    reason(done.cause()));
                        }
                    }));
        }
    }

    /** Another format from now on (heartbeat_auth changed by a reload). */
    void format(HeartbeatFormat next) {
        format = next;
    }

    @Override
    public void close() {
        sockets.forEach(b -> b.channel().close().awaitUninterruptibly());
    }

    private static String reason(Throwable cause) {
        return cause == null ? "unknown error" : cause.getMessage() != null ? cause.getMessage() : cause.toString();
    }
}
