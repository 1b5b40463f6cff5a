package dev.failberry.modem.vendor;

import dev.failberry.modem.UrcRegistry;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What differs between modem makers, chosen from the identity the modem reports: extra init commands,
 * the soft-reset command, URCs to recognise, and how to read vendor URCs. Small on purpose; the
 * generic 3GPP behaviour lives in the monitor.
 */
public interface Vendor {
    String name();

    /** Commands run after the generic init (e.g. Huawei {@code AT^CURC=0} to stop URC floods). */
    List<String> initCommands(boolean quietUrcs);

    /** The soft-reset command. */
    String resetCommand();

    /**
     * Commands that read the SIM's ICCID, tried in order until one answers: {@code AT+CCID} is the common
     * one; {@code AT+CRSM} reads the EF_ICCID file of any SIM (ModemManager's generic way). The ICCID can be
     * read before the PIN is given.
     */
    default List<String> iccidCommands() {
        return List.of("AT+CCID", "AT+CRSM=176,12258,0,0,10");
    }

    /** Commands that read the SIM's remaining PIN attempts, tried in order (3GPP TS 27.007 {@code +CPINR}). */
    default List<String> pinRetriesCommands() {
        return List.of("AT+CPINR");
    }

    /** Adds the vendor's URC prefixes to the port's table. */
    default void registerUrcs(UrcRegistry urcs) {}

    /** Signal (CSQ scale) from a vendor URC such as Huawei {@code ^RSSI:17}, if it is one. */
    default Optional<Integer> signalFromUrc(String line) {
        return Optional.empty();
    }

    /** Access technology label from a vendor URC such as Huawei {@code ^MODE:5,4}, if it is one. */
    default Optional<String> technologyFromUrc(String line) {
        return Optional.empty();
    }

    static Vendor of(String manufacturer) {
        String m = manufacturer == null ? "" : manufacturer.toLowerCase(Locale.ROOT);
        if (m.contains("huawei")) {
            return new Huawei();
        }
        if (m.contains("zte")) {
            return new Zte();
        }
        return new Generic();
    }
}
