package dev.failberry.modem;

/**
 * What the modem monitor knows about the modem, published to the supervisor after every change.
 * Strings are shown as they are in {@code /status}; null means not known (yet).
 *
 * @param condition           the one-word condition the supervisor decides on
 * @param port                the AT port in use
 * @param detail              why it is in that condition (a sentence fragment for logs and status)
 * @param consecutiveTimeouts AT timeouts in a row (any reply resets it); for a router stick, API requests
 *                            in a row that got no answer
 * @param stick               what only a router stick (link.type = ethernet) tells; null for an AT modem
 */
public record ModemStatus(
        Condition condition,
        String port,
        String manufacturer,
        String model,
        String revision,
        String imei,
        String sim,
        String registration,
        String operator,
        String accessTechnology,
        Integer csq,
        Integer rssiDbm,
        int consecutiveTimeouts,
        String detail,
        Stick stick) {

    /** An AT modem's status (no router-stick part). */
    public ModemStatus(
            Condition condition,
            String port,
            String manufacturer,
            String model,
            String revision,
            String imei,
            String sim,
            String registration,
            String operator,
            String accessTechnology,
            Integer csq,
            Integer rssiDbm,
            int consecutiveTimeouts,
            String detail) {
        this(
                condition,
                port,
                manufacturer,
                model,
                revision,
                imei,
                sim,
                registration,
                operator,
                accessTechnology,
                csq,
                rssiDbm,
                consecutiveTimeouts,
                detail,
                null);
    }

    /**
     * What a router stick (HiLink) reports beyond the AT fields; any value may be null (not reported).
     *
     * @param control       {@code hilink} or {@code none} ({@code modem.control})
     * @param connection    the stick's own data connection: connected, connecting, disconnected, ...
     * @param wanIp         the stick's WAN address (its public address when the APN gives one)
     * @param trafficRx     bytes received over the stick's current connection, as the stick counts them
     * @param trafficTx     bytes sent
     * @param connectedSeconds how long the stick's current connection has been up
     * @param dmz           the address the daemon pointed the stick's DMZ at, or null
     */
    public record Stick(
            String control,
            String connection,
            String wanIp,
            Double rsrpDbm,
            Double rsrqDb,
            Double sinrDb,
            String band,
            Long trafficRx,
            Long trafficTx,
            Long connectedSeconds,
            String dmz) {}

    /** The modem's condition, from the supervisor's point of view. */
    public enum Condition {
        /** No modem port yet (not plugged in, still enumerating, or re-enumerating after a reset). */
        ABSENT,
        /**
         * The port is there but another program holds it (its UUCP lock names a live process: minicom,
         * a second pppd). Not a fault of the stick: no recovery action would help, the daemon waits.
         */
        PORT_BUSY,
        /** Port open, init sequence running. */
        INITIALIZING,
        /** SIM not inserted or failed. */
        NO_SIM,
        /** SIM needs a PIN that is not configured or was wrong, or needs the PUK. */
        SIM_LOCKED,
        /** SIM still busy after a reset (+CME ERROR: 14). */
        SIM_BUSY,
        /** Searching for a network (or registration state unknown). */
        SEARCHING,
        /** The network refused registration. */
        DENIED,
        /** Registered, home or roaming: ready to dial. */
        REGISTERED,
        /** The AT port stopped answering (consecutive timeouts past the threshold). */
        HUNG,
        /** The port vanished (I/O error, device node gone). */
        GONE;

        /** True when the modem does not answer AT at all: redial and soft reset cannot help. */
        public boolean silent() {
            return this == HUNG || this == GONE || this == ABSENT;
        }
    }

    public static ModemStatus of(Condition condition, String port, String detail) {
        return new ModemStatus(condition, port, null, null, null, null, null, null, null, null, null, null, 0, detail);
    }

    public ModemStatus with(Condition newCondition, String newDetail) {
        return new ModemStatus(
                newCondition,
                port,
                manufacturer,
                model,
                revision,
                imei,
                sim,
                registration,
                operator,
                accessTechnology,
                csq,
                rssiDbm,
                consecutiveTimeouts,
                newDetail,
                stick);
    }
}
