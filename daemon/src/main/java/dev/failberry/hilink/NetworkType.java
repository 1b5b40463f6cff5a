package dev.failberry.hilink;

/**
 * The access technology {@code /api/monitoring/status} reports, from {@code CurrentNetworkTypeEx}
 * (newer firmware) or {@code CurrentNetworkType}. Numbering from the HiLink web UI's
 * {@code MACRO_NET_WORK_TYPE*} constants as EdouardVanbelle/huawei-e3372 {@code huawei/hilink.py}
 * lists them.
 */
enum NetworkType {
    NO_SERVICE("no service"),
    GSM("GSM"),
    GPRS("GPRS"),
    EDGE("EDGE"),
    WCDMA("WCDMA"),
    HSDPA("HSDPA"),
    HSUPA("HSUPA"),
    HSPA("HSPA"),
    HSPA_PLUS("HSPA+"),
    DC_HSPA_PLUS("DC-HSPA+"),
    TD_SCDMA("TD-SCDMA"),
    LTE("LTE"),
    LTE_CA("LTE+"),
    NR("5G NR"),
    UNKNOWN("unknown");

    private final String label;

    NetworkType(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** From {@code CurrentNetworkTypeEx}. */
    static NetworkType fromEx(int code) {
        return switch (code) {
            case 0 -> NO_SERVICE;
            case 1 -> GSM;
            case 2 -> GPRS;
            case 3 -> EDGE;
            case 41 -> WCDMA;
            case 42 -> HSDPA;
            case 43 -> HSUPA;
            case 44 -> HSPA;
            case 45 -> HSPA_PLUS;
            case 46 -> DC_HSPA_PLUS;
            case 61, 62, 63, 64, 65 -> TD_SCDMA;
            case 101 -> LTE;
            case 1011 -> LTE_CA;
            case 111 -> NR;
            default -> UNKNOWN;
        };
    }

    /** From the older {@code CurrentNetworkType}. */
    static NetworkType fromLegacy(int code) {
        return switch (code) {
            case 0 -> NO_SERVICE;
            case 1 -> GSM;
            case 2 -> GPRS;
            case 3 -> EDGE;
            case 4 -> WCDMA;
            case 5 -> HSDPA;
            case 6 -> HSUPA;
            case 7 -> HSPA;
            case 8 -> TD_SCDMA;
            case 9, 17, 18 -> HSPA_PLUS;
            case 19 -> LTE;
            case 20 -> NR;
            default -> UNKNOWN;
        };
    }
}
