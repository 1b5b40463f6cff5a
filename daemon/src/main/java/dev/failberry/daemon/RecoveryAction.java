package dev.failberry.daemon;

/** The rungs of the recovery ladder, lowest first. */
public enum RecoveryAction {
    /** Restart pppd. */
    REDIAL("redial"),
    /** Soft-reset the modem with an AT command (AT+CFUN=1,1, Huawei AT^RESET). */
    MODEM_RESET("modem_reset"),
    /** Cut and restore power to the modem's USB port. */
    USB_POWER_CYCLE("usb_power_cycle"),
    /** Reboot the host (only when enabled and the guard allows). */
    REBOOT("reboot");

    private final String label;

    RecoveryAction(String label) {
        this.label = label;
    }

    /** The snake_case name used in logs, status and metrics. */
    public String label() {
        return label;
    }
}
