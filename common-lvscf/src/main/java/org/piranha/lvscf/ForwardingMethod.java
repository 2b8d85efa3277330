package org.piranha.lvscf;

/** How the director forwards packets to real servers ({@code network = direct|nat|tunnel}). */
public enum ForwardingMethod {
    DIRECT("direct", 'g'),
    NAT("nat", 'm'),
    TUNNEL("tunnel", 'i');

    private final String keyword;
    private final char nannyLetter;

    ForwardingMethod(String keyword, char nannyLetter) {
        this.keyword = keyword;
        this.nannyLetter = nannyLetter;
    }

    /** The word lvs.cf uses. */
    public String keyword() {
        return keyword;
    }

    /** The letter Piranha's lvsd passes as nanny {@code -M} (and ipvsadm's -g, -m, -i). */
    public char nannyLetter() {
        return nannyLetter;
    }
}
