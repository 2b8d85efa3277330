/**
 * Netlink over JNA, the only code in piranha that talks to the kernel's configuration interfaces.
 *
 * <ul>
 *   <li>{@link org.piranha.netlink.NetlinkSocket}: one AF_NETLINK socket (extended and capped ACKs on,
 *       4 MiB receive buffer).</li>
 *   <li>{@link org.piranha.netlink.NetlinkChannel}: request/response on it: sequence matching, dumps,
 *       ACKs, errors as {@link org.piranha.netlink.NetlinkException} with the kernel's text, and
 *       batches (many requests per send). Thread-safe.</li>
 *   <li>{@link org.piranha.netlink.MessageWriter}, {@link org.piranha.netlink.NetlinkMessage},
 *       {@link org.piranha.netlink.Attributes}: building and reading messages.</li>
 *   <li>{@link org.piranha.netlink.GenericNetlink}: generic netlink header and family lookup.</li>
 *   <li>{@code ipvs}: the IPVS client; {@code rtnl}: interfaces, addresses and their events.</li>
 * </ul>
 *
 * Sockets belong to the network namespace of the thread that opened them, for life.
 */
package org.piranha.netlink;
