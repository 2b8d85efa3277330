package org.piranha.lvscf;

/** A key of lvs.cf as a field of the model: see {@link GlobalField}, {@link ServiceField}, {@link ServerField}. */
public interface LvsField {

    /** The key as written in lvs.cf, e.g. {@code send_program}. */
    String key();

    /**
     * True when Piranha's lvsd passed this key to nanny on its command line, so a change means the
     * nanny of the affected real servers must be restarted with the new settings.
     */
    boolean affectsNanny();
}
