package dev.failberry.modem.vendor;

import java.util.List;

/** Plain 3GPP TS 27.007 modem: full-functionality reset with a restart. */
public final class Generic implements Vendor {
    @Override
    public String name() {
        return "generic";
    }

    @Override
    public List<String> initCommands(boolean quietUrcs) {
        return List.of();
    }

    @Override
    public String resetCommand() {
        return "AT+CFUN=1,1";
    }
}
