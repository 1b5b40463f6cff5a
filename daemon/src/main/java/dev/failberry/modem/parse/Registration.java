package dev.failberry.modem.parse;

/**
 * One network registration report from {@code +CREG}, {@code +CGREG}, {@code +CEREG} or
 * {@code +C5GREG}.
 *
 * @param domain      which registration the line reports
 * @param state       the registration state
 * @param lac         location or tracking area code as upper-case hex without leading zeros,
 *                    {@code null} when absent or unreadable
 * @param cellId      cell id in the same form, {@code null} when absent or unreadable
 * @param act         access technology, {@link AccessTechnology#UNKNOWN} when not reported
 * @param unsolicited true when the line had the URC layout {@code <stat>[,<lac>,<ci>[,<AcT>]]}, false
 *                    for the query layout {@code <n>,<stat>[,...]}. Some modems send the query layout
 *                    as a URC too, so this flag describes the layout, not how the line arrived.
 */
public record Registration(
        Domain domain, RegistrationState state, String lac, String cellId, AccessTechnology act, boolean unsolicited) {

    /** The registration a line reports, named after its command. */
    public enum Domain {
        /** Circuit-switched, {@code +CREG}. */
        CS("+CREG:"),
        /** GPRS packet-switched, {@code +CGREG}. */
        PS("+CGREG:"),
        /** EPS (LTE), {@code +CEREG}. */
        EPS("+CEREG:"),
        /** 5G system, {@code +C5GREG}. */
        FIVE_GS("+C5GREG:");

        private final String prefix;

        Domain(String prefix) {
            this.prefix = prefix;
        }

        /** The reply prefix including the colon, e.g. {@code "+CGREG:"}. */
        public String prefix() {
            return prefix;
        }
    }

    /** Shortcut for {@code state().isRegistered()}. */
    public boolean isRegistered() {
        return state.isRegistered();
    }
}
