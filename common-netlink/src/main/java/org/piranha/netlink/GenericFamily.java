package org.piranha.netlink;

import java.util.Map;

/** A generic netlink family as the controller describes it. */
public record GenericFamily(String name, int id, int version, int headerSize, int maxAttribute,
        Map<String, Integer> multicastGroups) {}
