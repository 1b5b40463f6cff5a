package dev.failberry.sim.modem;

import java.util.List;

/**
 * What a simulated stick says about itself, taken from real captures (ModemManager
 * src/tests/test-modem-helpers.c device ids and COPS replies, plus the vendor plugins).
 *
 * @param vendor       selects the vendor command set and URCs
 * @param manufacturer +CGMI
 * @param model        +CGMM
 * @param revision     +CGMR
 * @param imei         +CGSN
 * @param imsi         +CIMI
 * @param iccid        ICCID digits (+CCID, ^ICCID, +CRSM encodes them nibble-swapped)
 * @param ati          ATI lines
 * @param gcap         +GCAP line
 * @param operatorLong +COPS long name; operatorShort and operatorNumeric likewise
 */
public record Personality(
        String name,
        Vendor vendor,
        String manufacturer,
        String model,
        String revision,
        String imei,
        String imsi,
        String iccid,
        List<String> ati,
        String gcap,
        String operatorLong,
        String operatorShort,
        String operatorNumeric) {

    public enum Vendor {
        GENERIC,
        HUAWEI,
        ZTE
    }

    public Personality {
        ati = List.copyOf(ati);
    }

    /** Huawei E1550 (12d1:1001), ATI from MM's devids table; URCs ^RSSI ^MODE ^BOOT ^DSFLOWRPT ^SRVST; reset ^RESET. */
    public static Personality huaweiE1550() {
        return new Personality(
                "Huawei E1550",
                Vendor.HUAWEI,
                "huawei",
                "E1550",
                "11.608.09.01.21",
                "235012412595195",
                "214011234567890",
                "8944200053671052499",
                List.of(
                        "Manufacturer: huawei",
                        "Model: E1550",
                        "Revision: 11.608.09.01.21",
                        "IMEI: 235012412595195",
                        "+GCAP: +CGSM,+FCLASS,+DS"),
                "+GCAP: +CGSM,+FCLASS,+DS",
                "vodafone ES",
                "voda ES",
                "21401");
    }

    /**
     * ZTE MF627 (19d2:0031), ATI from MM's devids table; behaves like the MF180/MF190 family:
     * +ZUSIMR/+ZPASR/+ZEND URCs, +ZPAS?, reset with +CFUN=1,1, +CPMS? quietens a +ZUSIMR flood.
     */
    public static Personality zteMf627() {
        return new Personality(
                "ZTE MF627",
                Vendor.ZTE,
                "ZTE INCORPORATED",
                "MF627",
                "BD_3GHAP673A4V1.0.0B02",
                "023589923858188",
                "310410123456789",
                "8901410321111851072",
                List.of(
                        "Manufacturer: ZTE INCORPORATED",
                        "Model: MF627",
                        "Revision: BD_3GHAP673A4V1.0.0B02",
                        "IMEI: 023589923858188",
                        "+GCAP: +CGSM,+FCLASS,+DS"),
                "+GCAP: +CGSM,+FCLASS,+DS",
                "AT&T",
                "AT&T",
                "310410");
    }

    /** A plain 27.007 modem with no vendor commands (resets with +CFUN=1,1). */
    public static Personality generic() {
        return new Personality(
                "Generic 3GPP modem",
                Vendor.GENERIC,
                "Generic",
                "GSM Modem",
                "1.0",
                "490154203237518",
                "001010123456789",
                "8901260000000000001",
                List.of("Generic", "GSM Modem", "Revision: 1.0"),
                "+GCAP: +CGSM",
                "Test Network",
                "Test",
                "00101");
    }
}
