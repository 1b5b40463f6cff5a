package dev.failberry.modem.parse;

/**
 * {@code +CESQ} reading: the raw TS 27.007 indices, with conversions to physical units. A
 * conversion returns {@code null} when the index is the "unknown" value (99 for rxlev and ber,
 * 255 for the others) or outside the range the specification defines.
 *
 * @param rxlev GSM received level index, 0..63 or 99
 * @param ber   GSM bit error rate class, 0..7 or 99
 * @param rscp  UMTS received signal code power index, 0..96 or 255
 * @param ecno  UMTS Ec/No index, 0..49 or 255
 * @param rsrq  LTE reference signal received quality index, 0..34 or 255
 * @param rsrp  LTE reference signal received power index, 0..97 or 255
 */
public record ExtendedSignalQuality(int rxlev, int ber, int rscp, int ecno, int rsrq, int rsrp) {

    /** GSM RSSI in dBm: -111 + rxlev (0 means below -110). */
    public Double rssiDbm() {
        return inRange(rxlev, 63) ? -111.0 + rxlev : null;
    }

    /** UMTS RSCP in dBm: -121 + rscp. */
    public Double rscpDbm() {
        return inRange(rscp, 96) ? -121.0 + rscp : null;
    }

    /** UMTS Ec/No in dB: -24.5 + ecno / 2. */
    public Double ecnoDb() {
        return inRange(ecno, 49) ? -24.5 + ecno / 2.0 : null;
    }

    /** LTE RSRQ in dB: -20 + rsrq / 2. */
    public Double rsrqDb() {
        return inRange(rsrq, 34) ? -20.0 + rsrq / 2.0 : null;
    }

    /** LTE RSRP in dBm: -141 + rsrp. */
    public Double rsrpDbm() {
        return inRange(rsrp, 97) ? -141.0 + rsrp : null;
    }

    /** True when the GSM part (rxlev) is reported. */
    public boolean hasGsm() {
        return rssiDbm() != null;
    }

    /** True when both UMTS values are reported. */
    public boolean hasUmts() {
        return rscpDbm() != null && ecnoDb() != null;
    }

    /** True when both LTE values are reported. */
    public boolean hasLte() {
        return rsrqDb() != null && rsrpDbm() != null;
    }

    private static boolean inRange(int v, int max) {
        return v >= 0 && v <= max;
    }
}
