package dev.failberry.modem.parse;

import java.util.Locale;

/**
 * Radio access technology a modem reports, from the 3GPP TS 27.007 {@code <AcT>} number of
 * {@code +COPS}/{@code +CREG} or from vendor names ({@code "HSPA+"}, {@code "GPRS/EDGE"}). Ordered
 * from oldest to newest, so {@code compareTo} ranks them.
 */
public enum AccessTechnology {
    UNKNOWN("unknown", 0),
    GSM("GSM", 2),
    GSM_COMPACT("GSM Compact", 2),
    GPRS("GPRS", 2),
    EDGE("EDGE", 2),
    EC_GSM_IOT("EC-GSM-IoT", 2),
    UMTS("UMTS", 3),
    HSDPA("HSDPA", 3),
    HSUPA("HSUPA", 3),
    HSPA("HSPA", 3),
    HSPA_PLUS("HSPA+", 3),
    LTE("LTE", 4),
    NB_IOT("NB-IoT", 4),
    NR("5G NR", 5),
    LTE_NR("LTE+NR (EN-DC)", 5);

    private final String label;
    private final int generation;

    AccessTechnology(String label, int generation) {
        this.label = label;
        this.generation = generation;
    }

    /** Human label, e.g. {@code "HSPA+"}. */
    public String label() {
        return label;
    }

    /** Mobile generation: 2, 3, 4, 5, or 0 for {@link #UNKNOWN}. */
    public int generation() {
        return generation;
    }

    /**
     * Maps a TS 27.007 {@code <AcT>} value: 0 GSM, 1 GSM Compact, 2 UTRAN, 3 GSM w/EGPRS, 4 HSDPA,
     * 5 HSUPA, 6 HSDPA+HSUPA, 7 E-UTRAN, 8 EC-GSM-IoT, 9 E-UTRAN NB-S1, 10 E-UTRA on 5GCN (LTE),
     * 11 NR on 5GCN, 12 NG-RAN, 13 E-UTRA-NR dual connectivity. Anything else is {@link #UNKNOWN}.
     */
    public static AccessTechnology fromAct(int act) {
        return switch (act) {
            case 0 -> GSM;
            case 1 -> GSM_COMPACT;
            case 2 -> UMTS;
            case 3 -> EDGE;
            case 4 -> HSDPA;
            case 5 -> HSUPA;
            case 6 -> HSPA;
            case 7, 10 -> LTE;
            case 8 -> EC_GSM_IOT;
            case 9 -> NB_IOT;
            case 11, 12 -> NR;
            case 13 -> LTE_NR;
            default -> UNKNOWN;
        };
    }

    /**
     * Best technology named in a vendor string such as ZTE's {@code "GPRS/EDGE"}, {@code "HSPA+"},
     * {@code "3G"}, {@code "NR5G-SA"} or Huawei's {@code "WCDMA"} (case-insensitive); when several
     * are named the newest wins. {@code null}, {@code "No Service"} and unknown names give
     * {@link #UNKNOWN}.
     */
    public static AccessTechnology fromName(String name) {
        if (name == null) {
            return UNKNOWN;
        }
        String s = name.toUpperCase(Locale.ROOT);
        if (s.contains("NR5G") || s.contains("5G")) {
            return NR;
        }
        if (s.contains("LTE") || s.contains("4G")) {
            return LTE;
        }
        if (s.contains("HSPA+")) {
            return HSPA_PLUS;
        }
        if (s.contains("HSPA")) {
            return HSPA;
        }
        if (s.contains("HSUPA")) {
            return HSUPA;
        }
        if (s.contains("HSDPA")) {
            return HSDPA;
        }
        if (s.contains("UMTS") || s.contains("WCDMA") || s.contains("3G")) {
            return UMTS;
        }
        if (s.contains("EDGE")) {
            return EDGE;
        }
        if (s.contains("GPRS")) {
            return GPRS;
        }
        if (s.contains("GSM")) {
            return GSM;
        }
        return UNKNOWN;
    }
}
