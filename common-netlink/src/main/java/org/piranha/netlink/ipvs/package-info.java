/**
 * The IPVS table over generic netlink: {@link org.piranha.netlink.ipvs.IpvsClient} (services, real
 * servers, stats, timeouts, sync daemons, version), {@link org.piranha.netlink.ipvs.IpvsBatch} for
 * many changes per system call, immutable values ({@link org.piranha.netlink.ipvs.Service},
 * {@link org.piranha.netlink.ipvs.Destination}) that compare equal to what a dump returns, and
 * {@link org.piranha.netlink.ipvs.IpvsException} naming the operation and object that failed.
 */
package org.piranha.netlink.ipvs;
