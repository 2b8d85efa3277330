package org.piranha.lvscf;

/** How heartbeats are authenticated ({@code heartbeat_auth = none|hmac-sha256}). */
public enum HeartbeatAuth {
    /** Piranha's four bytes, as Piranha sends them: a pair with a Piranha router keeps working. */
    NONE("none"),
    /** Piranha's four bytes plus a counter and an HMAC-SHA256 with a key of {@code heartbeat_key_file}. */
    HMAC_SHA256("hmac-sha256");

    private final String keyword;

    HeartbeatAuth(String keyword) {
        this.keyword = keyword;
    }

    /** The word lvs.cf uses. */
    public String keyword() {
        return keyword;
    }
}
