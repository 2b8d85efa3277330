package org.piranha.netlink.ipvs;

/** The role of a connection-sync daemon ({@code IP_VS_STATE_*}). */
public enum SyncState {
    /** Sends this director's connection table to the backups. */
    MASTER(1),
    /** Receives the master's connection table. */
    BACKUP(2);

    private final int code;

    SyncState(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static SyncState ofCode(int code) {
        for (SyncState state : values()) {
            if (state.code == code) {
                return state;
            }
        }
        throw new IllegalArgumentException("IPVS reported an unknown sync daemon state " + code);
    }
}
