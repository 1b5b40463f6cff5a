package dev.failberry.hilink;

import java.util.Optional;

/**
 * {@code /api/device/signal}. The stick writes units into the values ({@code -89dBm}, {@code -7.0dB})
 * and sometimes bounds ({@code >=-51dBm}); an empty element means "not measured" (no SIM, no cell),
 * never zero.
 *
 * @param mode   the radio mode: 7 LTE, 2 WCDMA, 0 GSM (Huawei's numbering, see {@link #accessTechnology()})
 * @param plmn   MCC+MNC of the serving cell, when the firmware reports it
 */
public record Signal(
        Optional<Double> rssiDbm,
        Optional<Double> rsrpDbm,
        Optional<Double> rsrqDb,
        Optional<Double> sinrDb,
        Optional<Integer> mode,
        Optional<String> band,
        Optional<String> cellId,
        Optional<String> plmn) {

    /** {@code LTE}, {@code WCDMA}, {@code GSM}, or empty when the mode is missing or unknown. */
    public Optional<String> accessTechnology() {
        return mode.flatMap(m -> switch (m) {
            case 7 -> Optional.of("LTE");
            case 2 -> Optional.of("WCDMA");
            case 0 -> Optional.of("GSM");
            default -> Optional.empty();
        });
    }
}
