package org.piranha.sendarp;

import java.net.Inet4Address;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What to announce: {@code address} on {@code device} ("eth0" or a label such as "eth0:1"),
 * {@code rounds} times, {@code interval} apart, each round sending one frame of every form.
 */
public record ArpAnnouncement(String device, Inet4Address address, Set<ArpForm> forms, int rounds, Duration interval) {

    /** Piranha's schedule: 5 rounds, 1 s apart. */
    public static final int PIRANHA_ROUNDS = 5;
    public static final Duration PIRANHA_INTERVAL = Duration.ofSeconds(1);

    public ArpAnnouncement {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(address, "address");
        if (forms.isEmpty()) {
            throw new IllegalArgumentException("an announcement needs at least one ARP form");
        }
        forms = Set.copyOf(EnumSet.copyOf(forms));
        if (rounds < 1) {
            throw new IllegalArgumentException("an announcement needs at least one round, not " + rounds);
        }
        if (interval.isNegative()) {
            throw new IllegalArgumentException("negative interval " + interval);
        }
    }

    /** Both forms (request, then reply), Piranha's 5 rounds 1 s apart. */
    public static ArpAnnouncement of(String device, Inet4Address address) {
        return new ArpAnnouncement(device, address, EnumSet.allOf(ArpForm.class), PIRANHA_ROUNDS, PIRANHA_INTERVAL);
    }

    public ArpAnnouncement withForms(ArpForm first, ArpForm... rest) {
        return new ArpAnnouncement(device, address, EnumSet.of(first, rest), rounds, interval);
    }

    public ArpAnnouncement withRounds(int rounds) {
        return new ArpAnnouncement(device, address, forms, rounds, interval);
    }

    public ArpAnnouncement withInterval(Duration interval) {
        return new ArpAnnouncement(device, address, forms, rounds, interval);
    }

    /** The forms in sending order: request before reply. */
    Iterable<ArpForm> formsInOrder() {
        return EnumSet.copyOf(forms);
    }

    @Override
    public String toString() {
        return address.getHostAddress() + " on " + device;
    }
}
