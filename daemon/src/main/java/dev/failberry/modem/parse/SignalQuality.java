package dev.failberry.modem.parse;

/**
 * Signal quality on the {@code +CSQ} scale (also used by Huawei {@code ^RSSI}).
 *
 * @param rssiIndex 0..31, or 99 when the modem does not know
 * @param ber       bit error rate class 0..7, or 99 when unknown
 * @param rssiDbm   {@code null} when {@code rssiIndex} is 99; otherwise -113 + 2n, where 0 means
 *                  -113 dBm or less and 31 means -51 dBm or more
 */
public record SignalQuality(int rssiIndex, int ber, Integer rssiDbm) {

    /** The rssi index meaning "not known or not detectable". */
    public static final int UNKNOWN = 99;

    /** Builds the record from the index pair, computing {@link #rssiDbm}. */
    public static SignalQuality of(int rssiIndex, int ber) {
        return new SignalQuality(rssiIndex, ber, rssiIndex == UNKNOWN ? null : -113 + 2 * rssiIndex);
    }

    /** True unless the rssi index is 99. */
    public boolean isKnown() {
        return rssiIndex != UNKNOWN;
    }

    /**
     * Quality in percent the way ModemManager shows it: {@code min(n,31) * 100 / 31}, and 0 for an
     * unknown (99) reading.
     */
    public int percent() {
        return isKnown() ? Math.min(rssiIndex, 31) * 100 / 31 : 0;
    }
}
