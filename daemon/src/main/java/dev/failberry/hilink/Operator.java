package dev.failberry.hilink;

import java.util.Optional;

/**
 * {@code /api/net/current-plmn}.
 *
 * @param rat 3GPP access technology of the registration (0 GSM, 2 UTRAN, 7 E-UTRAN)
 */
record Operator(String fullName, String shortName, String numeric, Optional<Integer> rat) {

    /** The name to show: the full name, else the short name, else MCC+MNC; empty when none is known. */
    public String name() {
        return !fullName.isBlank() ? fullName : !shortName.isBlank() ? shortName : numeric;
    }
}
