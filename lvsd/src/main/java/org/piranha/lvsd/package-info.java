/**
 * lvsd: keeps the kernel's IPVS table in line with lvs.cf and with the health of the real
 * servers, as reported by one nanny process per real server.
 *
 * <ul>
 * <li>{@link org.piranha.lvsd.LvsdMain} is the command line; {@link org.piranha.lvsd.Lvsd} the
 *     process (logging, signals, lvs.cf, IPVS, the lifeline to pulse);
 *     {@link org.piranha.lvsd.Director} the logic, run on one {@link org.piranha.lvsd.EventLoop},
 *     with {@link org.piranha.lvsd.Nannies} (runs and restarts the nannies) and
 *     {@link org.piranha.lvsd.Drains} (removes real servers once their connections end).
 * <li>{@link org.piranha.lvsd.Reconciler} plans start-up and reload from a dump of the table
 *     ({@link org.piranha.lvsd.Snapshot}); {@link org.piranha.lvsd.Table} makes every change,
 *     idempotently, logging failures instead of throwing them.
 * <li>{@link org.piranha.lvsd.IpvsMapping} turns lvs.cf's services and servers into IPVS ones;
 *     {@link org.piranha.lvsd.NannyCommand} builds nanny's Piranha command line;
 *     {@link org.piranha.lvsd.NannyReport} parses its report lines;
 *     {@link org.piranha.lvsd.NannyProcess} runs it.
 * <li>{@link org.piranha.lvsd.IpvsTable} is the kernel ({@link org.piranha.lvsd.KernelIpvs}) or a
 *     table in memory ({@link org.piranha.lvsd.MemoryIpvs}, for {@code --test-start} and the unit
 *     tests).
 * </ul>
 */
package org.piranha.lvsd;
