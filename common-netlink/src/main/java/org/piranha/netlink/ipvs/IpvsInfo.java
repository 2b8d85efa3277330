package org.piranha.netlink.ipvs;

/** What GET_INFO reports: the IPVS version code (0x010201 = 1.2.1) and the connection table size. */
public record IpvsInfo(int versionCode, int connectionTableSize) {

    /** "1.2.1", as ipvsadm prints it. */
    public String version() {
        return ((versionCode >> 16) & 0xff) + "." + ((versionCode >> 8) & 0xff) + "." + (versionCode & 0xff);
    }
}
