package org.piranha.pulse;

/**
 * Which of the two routers this is, fixed at start: the MASTER has the address lvs.cf names as
 * {@code primary}, the BACKUP the one named {@code backup}.
 */
enum Role {
    MASTER,
    BACKUP
}
