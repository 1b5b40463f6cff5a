package dev.failberry.modem.parse;

/**
 * Huawei {@code ^MODE} report.
 *
 * @param sysMode 0 no service, 2 CDMA, 3 GSM/GPRS, 4 HDR, 5 WCDMA, 7 GSM/WCDMA, 15 TD-SCDMA
 * @param subMode 1 GSM, 2 GPRS, 3 EDGE, 4 WCDMA, 5 HSDPA, 6 HSUPA, 7 HSDPA+HSUPA, 8 TD-SCDMA,
 *                9/17/18 HSPA+; {@code null} when the modem sent none
 * @param act     the technology these numbers mean
 */
public record HuaweiMode(int sysMode, Integer subMode, AccessTechnology act) {

    /** True unless the modem reports "no service" (mode 0). */
    public boolean hasService() {
        return sysMode != 0;
    }
}
