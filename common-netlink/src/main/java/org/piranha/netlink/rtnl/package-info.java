/**
 * rtnetlink: {@link org.piranha.netlink.rtnl.Rtnetlink} reads links and adds, removes and lists
 * (labelled) addresses idempotently; {@link org.piranha.netlink.rtnl.RtnlMonitor} delivers link and
 * address events to a {@link org.piranha.netlink.rtnl.RtnlListener} on its own thread.
 */
package org.piranha.netlink.rtnl;
