package org.piranha.sendarp;

/** A {@link Link} over a {@link PacketSocket}: the real interface. */
final class PacketLink implements Link {

    private final PacketSocket socket;
    private final String device;
    private final int index;
    private final MacAddress mac;

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
