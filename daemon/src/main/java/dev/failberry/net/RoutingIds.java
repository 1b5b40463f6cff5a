package dev.failberry.net;

import java.util.List;

/**
 * The fixed numbers reply routing owns, documented in reference.conf ({@code routing}): rule priorities,
 * routing tables and the bits of the packet/connection mark. Fixed so that a restart (even after a crash)
 * finds and replaces its own rules instead of adding more.
 */
final class RoutingIds {
    /** {@code lookup main suppress_prefixlength 0}: LAN, local and other specific routes always win. */
    static final int PRIO_MAIN_SPECIFIC = 7100;
    /** Connections that came in on the wired interface: their replies use the wired table. */
    static final int PRIO_WIRED_MARK = 7101;
    /** Connections that came in on the link: their replies use the link's table. */
    static final int PRIO_LINK_MARK = 7102;
    /** Everything from the link's own address (the daemon's probes and calls bound to it). */
    static final int PRIO_LINK_SOURCE = 7103;
    /** LAN traffic handed to the Pi on the wired interface leaves through the link. */
    static final int PRIO_LAN_TO_LINK = 7104;
    /** Everything from the wired interface's own address (the wired-path probes bound to it). */
    static final int PRIO_WIRED_SOURCE = 7105;

    static final List<Integer> PRIORITIES = List.of(
            PRIO_MAIN_SPECIFIC, PRIO_WIRED_MARK, PRIO_LINK_MARK, PRIO_LINK_SOURCE, PRIO_LAN_TO_LINK, PRIO_WIRED_SOURCE);

    static final int TABLE_WIRED = 7101;
    static final int TABLE_LINK = 7102;
    static final List<Integer> TABLES = List.of(TABLE_WIRED, TABLE_LINK);

    /** The mark bits reply routing uses; other bits of the mark belong to other software and are kept. */
    static final long MARK_MASK = 0x0f000000L;

    static final long MARK_WIRED = 0x01000000L;
    static final long MARK_LINK = 0x02000000L;

    private RoutingIds() {}

    /** {@code 0x0f000000}: the form used in the nftables table. */
    static String hex(long value) {
        return String.format("0x%08x", value);
    }

    /** {@code 0x1000000/0xf000000}, as {@code ip rule} takes and shows it. */
    static String fwmark(long mark) {
        return "0x" + Long.toHexString(mark) + "/0x" + Long.toHexString(MARK_MASK);
    }
}
