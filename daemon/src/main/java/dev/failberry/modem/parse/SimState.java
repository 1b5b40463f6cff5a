package dev.failberry.modem.parse;

/**
 * SIM condition from {@code +CPIN?} or from the {@code +CME ERROR} a SIM command returned.
 * The {@code PH_*} states are phone or network personalisation locks (TS 27.007).
 */
public enum SimState {
    READY("READY", -1),
    SIM_PIN("SIM PIN", 11),
    SIM_PUK("SIM PUK", 12),
    SIM_PIN2("SIM PIN2", 17),
    SIM_PUK2("SIM PUK2", 18),
    PH_SIM_PIN("PH-SIM PIN", 5),
    PH_FSIM_PIN("PH-FSIM PIN", 6),
    PH_FSIM_PUK("PH-FSIM PUK", 7),
    PH_NET_PIN("PH-NET PIN", 40),
    PH_NET_PUK("PH-NET PUK", 41),
    PH_NETSUB_PIN("PH-NETSUB PIN", 42),
    PH_NETSUB_PUK("PH-NETSUB PUK", 43),
    PH_SP_PIN("PH-SP PIN", 44),
    PH_SP_PUK("PH-SP PUK", 45),
    PH_CORP_PIN("PH-CORP PIN", 46),
    PH_CORP_PUK("PH-CORP PUK", 47),
    NOT_INSERTED(null, 10),
    FAILURE(null, 13),
    BUSY(null, 14),
    WRONG(null, 15),
    UNKNOWN(null, -1);

    private final String cpinCode;
    private final int cmeError;

    SimState(String cpinCode, int cmeError) {
        this.cpinCode = cpinCode;
        this.cmeError = cmeError;
    }

    /** The {@code +CPIN:} code naming this state, e.g. {@code "SIM PIN"}; {@code null} for error-only states. */
    public String cpinCode() {
        return cpinCode;
    }

    /** The {@code +CME ERROR} number reporting this state, or -1 when there is none. */
    public int cmeError() {
        return cmeError;
    }

    /** True when the SIM can be used. */
    public boolean isReady() {
        return this == READY;
    }

    /** True when a PIN, PUK or personalisation code is needed before the SIM can be used. */
    public boolean needsCode() {
        return cpinCode != null && this != READY;
    }

    /**
     * True when waiting will not help: no SIM, a failed SIM or a wrong SIM (CME 10, 13, 15), which
     * ModemManager also treats as final. {@link #BUSY} and {@link #UNKNOWN} are worth retrying.
     */
    public boolean isPermanent() {
        return this == NOT_INSERTED || this == FAILURE || this == WRONG;
    }
}
