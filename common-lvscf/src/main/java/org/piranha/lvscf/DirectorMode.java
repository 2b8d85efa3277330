package org.piranha.lvscf;

/** How the directors share the work ({@code director_mode = active_backup|multi_active}). */
public enum DirectorMode {
    /** Piranha's pair: one active router holds the VIPs, the backup takes over on silence. */
    ACTIVE_BACKUP("active_backup"),
    /** Every director is active and announces its VIPs by BGP through BIRD; the router spreads flows (ECMP). */
    MULTI_ACTIVE("multi_active");

    private final String keyword;

    DirectorMode(String keyword) {
        this.keyword = keyword;
    }

    /** The word lvs.cf uses. */
    public String keyword() {
        return keyword;
    }
}
