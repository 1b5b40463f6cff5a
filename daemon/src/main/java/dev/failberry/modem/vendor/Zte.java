package dev.failberry.modem.vendor;

import dev.failberry.modem.parse.ZteParsers;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * ZTE sticks (MF180, MF190, MF627...): {@code +ZUSIMR:2} floods are swallowed by the URC table
 * ({@code +CPMS?} in the init makes the firmware stop them, as in ModemManager's ZTE probe);
 * {@code +ZPASR} reports the access technology; reset is {@code AT+CFUN=1,1}.
 */
final class Zte implements Vendor {
    @Override
    public String name() {
        return "zte";
    }

    @Override
    public List<String> initCommands(boolean quietUrcs) {
        return quietUrcs ? List.of("AT+CPMS?") : List.of();
    }

    @Override
    public String resetCommand() {
        return "AT+CFUN=1,1";
    }

    @Override
    public Optional<String> technologyFromUrc(String line) {
        if (!line.toUpperCase(Locale.ROOT).startsWith("+ZPASR:")) {
            return Optional.empty();
        }
        var p = ZteParsers.zpasr(line);
        return p.isOk() && p.value().hasService() ? Optional.of(p.value().act().label()) : Optional.empty();
    }
}
