package dev.failberry.status;

/**
 * The {@code modem} part of {@code /status}: the modem (or router stick) as the monitor last saw it.
 *
 * @param stick what only a router stick (link.type = ethernet) tells; null for an AT modem
 */
public record ModemView(
        String state,
        String port,
        String manufacturer,
        String model,
        String revision,
        String imei,
        String sim,
        String registration,
        String operator,
        String accessTechnology,
        Signal signal,
        int consecutiveTimeouts,
        String lastError,
        StickView stick) {

    /** An AT modem's view. */
    public ModemView(
            String state,
            String port,
            String manufacturer,
            String model,
            String revision,
            String imei,
            String sim,
            String registration,
            String operator,
            String accessTechnology,
            Signal signal,
            int consecutiveTimeouts,
            String lastError) {
        this(
                state,
                port,
                manufacturer,
                model,
                revision,
                imei,
                sim,
                registration,
                operator,
                accessTechnology,
                signal,
                consecutiveTimeouts,
                lastError,
                null);
    }

    public record Signal(Integer csq, Integer rssiDbm) {}

    /** A router stick's own report (HiLink API): see {@code dev.failberry.modem.ModemStatus.Stick}. */
    public record StickView(
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
}
