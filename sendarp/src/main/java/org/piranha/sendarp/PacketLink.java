package org.piranha.sendarp;

/** A {@link Link} over a {@link PacketSocket}: the real interface. */
final class PacketLink implements Link {

    private final PacketSocket socket;
    private final String device;
    private final int index;
    private final MacAddress mac;

    /** The "interface index" a rehearsal sends to: none, so the kernel refuses the frame (ENXIO). */
    private static final int NO_INTERFACE = 0;

    private PacketLink(PacketSocket socket, String device, int index, MacAddress mac) {
        this.socket = socket;
        this.device = device;
        this.index = index;
        this.mac = mac;
    }

    static Link open(String device) throws ArpException {
        PacketSocket socket = PacketSocket.open();
        try {
            return new PacketLink(socket, device, socket.index(device), socket.hardwareAddress(device));
        } catch (ArpException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * A link that opens, looks up and sends as {@link #open} does, but sends to no interface:
     * nothing reaches the wire ({@link GratuitousArp#rehearse}).
     */
    static Link openForRehearsal(String device) throws ArpException {
        PacketLink real = (PacketLink) open(device);
        return new Link() {
            @Override
            public MacAddress mac() {
                return real.mac;
            }

            @Override
            public void send(byte[] frame) {
                try {
                    real.socket.send(real.device, NO_INTERFACE, frame);
                } catch (ArpException refused) {
                    // what a rehearsal expects: there is no interface 0
                }
            }

            @Override
            public void close() {
                real.close();
            }
        };
    }

    @Override
    public MacAddress mac() {
        return mac;
    }

    @Override
    public void send(byte[] frame) throws ArpException {
        socket.send(device, index, frame);
    }

    @Override
    public void close() {
        socket.close();
    }
}
