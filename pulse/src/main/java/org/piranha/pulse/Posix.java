package org.piranha.pulse;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;

/** kill(2), which Java's ProcessHandle lacks for signals other than TERM and KILL. */
interface Posix extends Library {

    Posix INSTANCE = Native.load("c", Posix.class);

    int SIGHUP = 1;

    int kill(int pid, int signal) throws LastErrorException;
}
