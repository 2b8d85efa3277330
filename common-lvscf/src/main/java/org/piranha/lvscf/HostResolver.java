package org.piranha.lvscf;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Turns a host name from lvs.cf into addresses. The default asks the system resolver. */
@FunctionalInterface
public interface HostResolver {

    HostResolver SYSTEM = InetAddress::getAllByName;

    InetAddress[] resolve(String name) throws UnknownHostException;
}
