package org.piranha.lvscf;

/** The transport protocol of a virtual service ({@code protocol = tcp|udp}). */
public enum Protocol {
    TCP("tcp"),
    UDP("udp");

    private final String keyword;

    Protocol(String keyword) {
        this.keyword = keyword;
    }

    /** The word lvs.cf uses. */
    public String keyword() {
        return keyword;
    }
}
