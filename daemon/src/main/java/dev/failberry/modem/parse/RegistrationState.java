package dev.failberry.modem.parse;

/**
 * The {@code <stat>} of {@code +CREG/+CGREG/+CEREG/+C5GREG} (TS 27.007), in code order.
 * <p>Codes 6 to 11 refine home and roaming: SMS-only and "CSFB not preferred" are real
 * registrations (data works on LTE; only circuit-switched voice is limited), so
 * {@link #isRegistered()} is true and {@link #simplified()} folds them into {@link #HOME} or
 * {@link #ROAMING}. Emergency-only and RLOS are <em>not</em> counted as registered here, unlike
 * ModemManager: neither carries user data, which is what a failover link needs.
 */
public enum RegistrationState {
    IDLE(0, "not registered, not searching"),
    HOME(1, "registered, home network"),
    SEARCHING(2, "not registered, searching"),
    DENIED(3, "registration denied"),
    UNKNOWN(4, "unknown"),
    ROAMING(5, "registered, roaming"),
    HOME_SMS_ONLY(6, "registered for SMS only, home network"),
    ROAMING_SMS_ONLY(7, "registered for SMS only, roaming"),
    EMERGENCY_ONLY(8, "attached for emergency bearer services only"),
    HOME_CSFB_NOT_PREFERRED(9, "registered for CSFB not preferred, home network"),
    ROAMING_CSFB_NOT_PREFERRED(10, "registered for CSFB not preferred, roaming"),
    ATTACHED_RLOS(11, "attached for access to RLOS");

    private final int code;
    private final String description;

    RegistrationState(int code, String description) {
        this.code = code;
        this.description = description;
    }

    /** The TS 27.007 {@code <stat>} number. */
    public int code() {
        return code;
    }

    /** Human description of the state. */
    public String description() {
        return description;
    }

    /** The state for a {@code <stat>} number; values above 11 are {@link #UNKNOWN}. */
    public static RegistrationState fromCode(int code) {
        RegistrationState[] all = values();
        return code >= 0 && code < all.length ? all[code] : UNKNOWN;
    }

    /** True when the modem can carry user data: home or roaming, including SMS-only and CSFB variants. */
    public boolean isRegistered() {
        return simplified() == HOME || simplified() == ROAMING;
    }

    /** True for the roaming variants (5, 7, 10). */
    public boolean isRoaming() {
        return simplified() == ROAMING;
    }

    /** Folds 6/9 into {@link #HOME} and 7/10 into {@link #ROAMING}; other states map to themselves. */
    public RegistrationState simplified() {
        return switch (this) {
            case HOME_SMS_ONLY, HOME_CSFB_NOT_PREFERRED -> HOME;
            case ROAMING_SMS_ONLY, ROAMING_CSFB_NOT_PREFERRED -> ROAMING;
            default -> this;
        };
    }
}
