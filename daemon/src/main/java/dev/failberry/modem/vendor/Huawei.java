package dev.failberry.modem.vendor;

import dev.failberry.modem.parse.HuaweiParsers;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Huawei sticks (E1550, E173, E3531...): periodic {@code ^RSSI/^MODE/^DSFLOWRPT} URCs can flood and
 * crash the stick, so they are turned off with {@code AT^CURC=0} (as ModemManager does); reset is
 * {@code AT^RESET}.
 */
public final class Huawei implements Vendor {
    @Override
    public String name() {
        return "huawei";
    }

    @Override
    public List<String> initCommands(boolean quietUrcs) {
        return quietUrcs ? List.of("AT^CURC=0") : List.of();
    }

    @Override
    public String resetCommand() {
        return "AT^RESET";
    }

    /** {@code AT^ICCID?} on Huawei sticks; the generic {@code +CRSM} read after it. */
    @Override
    public List<String> iccidCommands() {
        return List.of("AT^ICCID?", "AT+CRSM=176,12258,0,0,10");
    }

    /** {@code AT^CPIN?} reports every counter (ModemManager's Huawei plugin); newer firmwares also know +CPINR. */
    @Override
    public List<String> pinRetriesCommands() {
        return List.of("AT^CPIN?", "AT+CPINR");
    }

    @Override
    public Optional<Integer> signalFromUrc(String line) {
        if (!line.toUpperCase(Locale.ROOT).startsWith("^RSSI:")) {
            return Optional.empty();
        }
        var p = HuaweiParsers.rssi(line);
        return p.isOk() ? Optional.of(p.value().rssiIndex()) : Optional.empty();
    }

    @Override
    public Optional<String> technologyFromUrc(String line) {
        if (!line.toUpperCase(Locale.ROOT).startsWith("^MODE:")) {
            return Optional.empty();
        }
        var p = HuaweiParsers.mode(line);
        return p.isOk() && p.value().hasService() ? Optional.of(p.value().act().label()) : Optional.empty();
    }
}
