package dev.failberry.modem.parse;

/**
 * Huawei {@code ^SYSINFO} / {@code ^SYSINFOEX} reply.
 *
 * @param serviceStatus 0 no service, 1 restricted, 2 valid, 3 restricted regional, 4 power saving
 * @param serviceDomain 0 none, 1 CS only, 2 PS only, 3 CS+PS, 4 not registered/searching
 * @param roamStatus    0 not roaming, 1 roaming (other values seen in the wild, kept raw)
 * @param simState      0 invalid, 1 valid, 2 invalid for CS, 3 invalid for PS, 4 invalid for both,
 *                      240 ROMSIM, 255 absent
 * @param sysMode       system mode; its table differs between the plain and the EX reply
 * @param subMode       system sub-mode, {@code null} when absent
 * @param act           the technology these numbers mean
 * @param extended      true for {@code ^SYSINFOEX}
 */
public record HuaweiSysInfo(
        int serviceStatus,
        int serviceDomain,
        int roamStatus,
        int simState,
        int sysMode,
        Integer subMode,
        AccessTechnology act,
        boolean extended) {

    /** True when service status is 2 (valid service). */
    public boolean hasService() {
        return serviceStatus == 2;
    }

    /** True when roam status is 1. */
    public boolean isRoaming() {
        return roamStatus == 1;
    }

    /** True when the SIM state is 1 (valid). */
    public boolean simValid() {
        return simState == 1;
    }
}
