package dev.failberry.sim.modem;

import dev.failberry.sim.modem.AtCmd.Op;

/** Huawei and ZTE extras, registered only for that personality (others answer ERROR). */
final class VendorCommands {
    private VendorCommands() {}

    static void registerHuawei(CommandTable t) {
        t.put("^CURC", (c, p, st) -> {
            if (c.op() == Op.QUERY) {
                return Outcome.ok("^CURC: " + (st.curc ? 1 : 0));
            }
            if (c.op() != Op.SET || !(c.args().equals("0") || c.args().equals("1"))) {
                return Outcome.error();
            }
            st.curc = c.args().equals("1");
            return Outcome.ok();
        });
        t.put("^RESET", (c, p, st) -> {
            p.sim().rebootSoon("AT^RESET");
            return Outcome.ok();
        });
        t.put(
                "^GETPORTMODE",
                (c, p, st) -> Outcome.ok("^GETPORTMODE: TYPE: WCDMA: huawei,MDM:0,PCUI:1,NDIS:2,CDROM:3,SD:4"));
        // ^CPIN: <code>,[<times>],<puk_times>,<pin_times>,<puk2_times>,<pin2_times> (Huawei AT references)
        t.put("^CPIN", (c, p, st) -> {
            if (c.op() != Op.QUERY) {
                return Outcome.error();
            }
            if (!GsmCommands.simPresent(st)) {
                return Outcome.cme(st.sim.cme);
            }
            String code =
                    switch (st.sim) {
                        case PIN -> "SIM PIN," + st.pinTries;
                        case PUK -> "SIM PUK," + st.pukTries;
                        default -> "READY,";
                    };
            return Outcome.ok("^CPIN: " + code + "," + st.pukTries + "," + st.pinTries + ",10,3");
        });
        t.put(
                "^ICCID",
                (c, p, st) -> c.op() != Op.QUERY
                        ? Outcome.error()
                        : GsmCommands.simPresent(st)
                                ? Outcome.ok("^ICCID: " + p.sim().personality().iccid())
                                : Outcome.cme(st.sim.cme));
    }

    static void registerZte(CommandTable t) {
        t.remove("+CPINR"); // the MF627 firmware does not report remaining attempts this way
        t.put("+ZPAS", (c, p, st) -> {
            if (c.op() != Op.QUERY) {
                return Outcome.error();
            }
            if (!st.registered()) {
                return Outcome.ok("+ZPAS: \"No Service\",\"CS_ONLY\"");
            }
            return Outcome.ok("+ZPAS: \"" + zteAct(st.act) + "\",\"CS_PS\"");
        });
    }

    static String zteAct(int act) {
        return switch (act) {
            case 0 -> "GPRS/EDGE";
            case 7 -> "LTE";
            case 6 -> "HSPA";
            default -> "UMTS";
        };
    }
}
