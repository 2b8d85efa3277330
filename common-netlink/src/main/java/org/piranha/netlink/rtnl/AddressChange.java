package org.piranha.netlink.rtnl;

/** What adding or removing an address did: both are idempotent. */
public enum AddressChange {
    ADDED,
    /** The address was there already (EEXIST): nothing changed. */
    ALREADY_PRESENT,
    REMOVED,
    /** The address was not there (EADDRNOTAVAIL): nothing changed. */
    ALREADY_ABSENT
}
