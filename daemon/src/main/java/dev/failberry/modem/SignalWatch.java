package dev.failberry.modem;

/**
 * Says when the signal turns weak, and when it is good again: once each, with hysteresis, so a signal that
 * wavers around one value does not fill the log at every poll. On the {@code +CSQ} scale (-113 + 2n dBm):
 * weak at or below {@value #WEAK_AT_OR_BELOW} (-101 dBm), where a 3G link gets slow and starts to drop;
 * good again at or above {@value #RECOVERED_AT_OR_ABOVE} (-95 dBm). Unknown (99) changes nothing. Pure: it
 * returns the line to log.
 */
final class SignalWatch {
    static final int WEAK_AT_OR_BELOW = 6;
    static final int RECOVERED_AT_OR_ABOVE = 9;

    private boolean weak;

    /** The line to log for this reading, or null when there is nothing new to say. */
    String observe(Integer csq) {
        if (csq == null || csq < 0 || csq > 31) {
            return null;
        }
        int dbm = -113 + 2 * csq;
        if (!weak && csq <= WEAK_AT_OR_BELOW) {
            weak = true;
            return "weak signal: " + dbm + " dBm (csq " + csq + "), at or below " + (-113 + 2 * WEAK_AT_OR_BELOW)
                    + " dBm: expect a slow link and drops";
        }
        if (weak && csq >= RECOVERED_AT_OR_ABOVE) {
            weak = false;
            return "signal good again: " + dbm + " dBm (csq " + csq + ")";
        }
        return null;
    }

    boolean weak() {
        return weak;
    }
}
