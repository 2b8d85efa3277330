package org.piranha.pulse;

import java.net.InetAddress;
import java.util.Collection;
import java.util.Optional;
import org.piranha.lvscf.Addresses;
import org.piranha.lvscf.GlobalSettings;

/**
 * Whether this router is the primary or the backup: the one whose address from lvs.cf is on
 * one of its interfaces. Piranha assumed "backup" whenever the primary's address was not found;
 * here an address that is neither is an error, so a typo cannot start a second backup.
 */
final class RoleDetection {

    private RoleDetection() {}

    /**
     * @param local every address on this host's interfaces
     * @throws IllegalStateException naming both addresses when neither is local
     */
    static Role detect(GlobalSettings g, Collection<InetAddress> local, String configFile) {
        InetAddress primary = g.requirePrimary();
        if (local.contains(primary)) {
            return Role.MASTER;
        }
        Optional<InetAddress> backup = g.backup().filter(a -> !a.isAnyLocalAddress());
        if (backup.isPresent() && local.contains(backup.get())) {
            return Role.BACKUP;
        }
        throw new IllegalStateException("neither primary " + Addresses.format(primary)
                + backup.map(b -> " nor backup " + Addresses.format(b)).orElse(" (and no backup is set)")
                + " of " + configFile + " is an address of this host: add it to an interface, or fix "
                + (backup.isPresent() ? "primary/backup" : "primary") + " in " + configFile);
    }
}
