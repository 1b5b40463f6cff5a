package dev.failberry.sim.modem;

import dev.failberry.sim.modem.AtCmd.Op;
import dev.failberry.sim.modem.SimState.Sim;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** V.250 basic commands and the 27.007 set every personality answers. */
final class GsmCommands {
    private GsmCommands() {}

    static void register(CommandTable t) {
        t.put("E", (c, p, st) -> flag(c, v -> p.echo = v));
        t.put("V", (c, p, st) -> flag(c, v -> p.verbose = v));
        t.put("Z", (c, p, st) -> {
            p.resetSettings();
            return Outcome.ok();
        });
        for (String n : List.of("X", "Q", "&C", "&D", "&F", "&K", "L", "M")) {
            t.put(n, (c, p, st) -> Outcome.ok());
        }
        t.put("I", (c, p, st) -> Outcome.ok(p.sim().personality().ati()));
        t.put("H", (c, p, st) -> {
            p.sim().hangUpAll();
            return Outcome.ok();
        });
        t.put("D", GsmCommands::dial);
        t.put("+GCAP", (c, p, st) -> Outcome.ok(p.sim().personality().gcap()));
        for (String n : List.of("+CGMI", "+GMI")) {
            t.put(n, (c, p, st) -> ident(c, p.sim().personality().manufacturer()));
        }
        for (String n : List.of("+CGMM", "+GMM")) {
            t.put(n, (c, p, st) -> ident(c, p.sim().personality().model()));
        }
        for (String n : List.of("+CGMR", "+GMR")) {
            t.put(n, (c, p, st) -> ident(c, p.sim().personality().revision()));
        }
        for (String n : List.of("+CGSN", "+GSN")) {
            t.put(n, (c, p, st) -> ident(c, p.sim().personality().imei()));
        }
        t.put(
                "+CIMI",
                (c, p, st) -> st.sim != Sim.READY
                        ? Outcome.cme(st.sim.cme)
                        : ident(c, p.sim().personality().imsi()));
        t.put(
                "+CCID",
                (c, p, st) -> simPresent(st)
                        ? Outcome.ok("+CCID: " + p.sim().personality().iccid())
                        : Outcome.cme(st.sim.cme));
        t.put("+CRSM", GsmCommands::crsm);
        t.put("+CMEE", (c, p, st) -> setting(c, "+CMEE", 2, p.cmee, v -> p.cmee = v));
        t.put("+CPIN", GsmCommands::cpin);
        t.put("+CPINR", GsmCommands::cpinr);
        t.put("+CFUN", GsmCommands::cfun);
        t.put(
                "+CSQ",
                (c, p, st) -> c.op() == Op.TEST
                        ? Outcome.ok("+CSQ: (0-31,99),(0-7,99)")
                        : Outcome.ok("+CSQ: " + st.effectiveRssi() + ",99"));
        t.put("+CESQ", (c, p, st) -> Outcome.ok(cesq(st)));
        t.put("+COPS", GsmCommands::cops);
        t.put("+CREG", (c, p, st) -> reg(c, p, st, "+CREG", p.cregN, v -> p.cregN = v));
        t.put("+CGREG", (c, p, st) -> reg(c, p, st, "+CGREG", p.cgregN, v -> p.cgregN = v));
        t.put("+CEREG", (c, p, st) -> reg(c, p, st, "+CEREG", p.ceregN, v -> p.ceregN = v));
        t.put("+CGDCONT", GsmCommands::cgdcont);
        t.put(
                "+CGATT",
                (c, p, st) -> c.op() == Op.QUERY ? Outcome.ok("+CGATT: " + (st.registered() ? 1 : 0)) : Outcome.ok());
        t.put("+CPMS", (c, p, st) -> {
            if (st.sim != Sim.READY) {
                return Outcome.cme(st.sim.cme);
            }
            p.sim().cpmsQueried();
            return Outcome.ok("+CPMS: \"SM\",0,20,\"SM\",0,20,\"SM\",0,20");
        });
    }

    static boolean simPresent(ModemState st) {
        return st.sim != Sim.ABSENT && st.sim != Sim.FAILURE && st.sim != Sim.BUSY;
    }

    private static Outcome flag(AtCmd c, java.util.function.Consumer<Boolean> set) {
        if (!c.args().isEmpty() && !c.args().equals("0") && !c.args().equals("1")) {
            return Outcome.error();
        }
        set.accept(c.args().equals("1")); // "ATE" alone means E0 (V.250)
        return Outcome.ok();
    }

    private static Outcome ident(AtCmd c, String value) {
        return c.op() == Op.TEST ? Outcome.ok() : Outcome.ok(value);
    }

    private static Outcome setting(AtCmd c, String name, int max, int current, java.util.function.IntConsumer set) {
        switch (c.op()) {
            case QUERY:
                return Outcome.ok(name + ": " + current);
            case TEST:
                return Outcome.ok(name + ": (0-" + max + ")");
            case SET:
                try {
                    int v = Integer.parseInt(c.params().get(0));
                    if (v < 0 || v > max) {
                        return Outcome.cme(50);
                    }
                    set.accept(v);
                    return Outcome.ok();
                } catch (NumberFormatException e) {
                    return Outcome.cme(50);
                }
            default:
                return Outcome.error();
        }
    }

    private static Outcome cpin(AtCmd c, PortSession p, ModemState st) {
        if (c.op() == Op.QUERY) {
            switch (st.sim) {
                case READY:
                    return Outcome.ok("+CPIN: READY");
                case PIN:
                    return Outcome.ok("+CPIN: SIM PIN");
                case PUK:
                    return Outcome.ok("+CPIN: SIM PUK");
                default:
                    return Outcome.cme(st.sim.cme);
            }
        }
        if (c.op() != Op.SET) {
            return Outcome.error();
        }
        List<String> a = c.params();
        if (st.sim == Sim.PIN) {
            if (a.get(0).equals(st.pin)) {
                st.pinTries = 3;
                p.sim().simUnlocked();
                return Outcome.ok();
            }
            if (--st.pinTries <= 0) {
                st.sim = Sim.PUK;
            }
            return Outcome.cme(16);
        }
        if (st.sim == Sim.PUK) {
            if (a.size() >= 2 && a.get(0).equals(st.puk)) {
                st.pin = a.get(1);
                st.pinTries = 3;
                p.sim().simUnlocked();
                return Outcome.ok();
            }
            if (--st.pukTries <= 0) {
                st.sim = Sim.FAILURE;
            }
            return Outcome.cme(16);
        }
        return st.sim == Sim.READY ? Outcome.cme(3) : Outcome.cme(st.sim.cme);
    }

    /**
     * 27.007 8.65 {@code +CPINR[=<sel_code>]}: one {@code +CPINR: <code>,<retries>,<default>} line per code
     * (the unquoted form a Sequans Monarch answers), only the selected ones with a parameter.
     */
    private static Outcome cpinr(AtCmd c, PortSession p, ModemState st) {
        if (c.op() == Op.TEST) {
            return Outcome.ok();
        }
        if (!simPresent(st)) {
            return Outcome.cme(st.sim.cme);
        }
        String sel = c.op() == Op.SET
                ? c.params().get(0).replace("\"", "").replace("*", "").toUpperCase(java.util.Locale.ROOT)
                : "";
        List<String> out = new ArrayList<>();
        for (String[] line : new String[][] {
            {"SIM PIN", String.valueOf(st.pinTries), "3"}, {"SIM PUK", String.valueOf(st.pukTries), "10"},
            {"SIM PIN2", "3", "3"}, {"SIM PUK2", "10", "10"}
        }) {
            if (line[0].startsWith(sel)) {
                out.add("+CPINR: " + line[0] + "," + line[1] + "," + line[2]);
            }
        }
        return Outcome.ok(out);
    }

    private static Outcome cfun(AtCmd c, PortSession p, ModemState st) {
        switch (c.op()) {
            case QUERY:
                return Outcome.ok("+CFUN: " + st.cfun);
            case TEST:
                return Outcome.ok("+CFUN: (0,1,4),(0-1)");
            case SET:
                List<String> a = c.params();
                if (a.size() >= 2 && a.get(1).equals("1") || a.get(0).equals("16")) {
                    p.sim().rebootSoon("AT+CFUN=" + c.args());
                    return Outcome.ok();
                }
                if (!List.of("0", "1", "4").contains(a.get(0))) {
                    return Outcome.cme(50);
                }
                p.sim().setFunctionality(Integer.parseInt(a.get(0)));
                return Outcome.ok();
            default:
                return Outcome.error();
        }
    }

    private static Outcome crsm(AtCmd c, PortSession p, ModemState st) {
        if (!c.args().replace(" ", "").equals("176,12258,0,0,10")) {
            return Outcome.ok("+CRSM: 106,130"); // file not found, as 27.007 status words
        }
        if (!simPresent(st)) {
            return Outcome.cme(st.sim.cme);
        }
        return Outcome.ok("+CRSM: 144,0,\"" + swapNibbles(p.sim().personality().iccid()) + "\"");
    }

    /** ICCID digits as stored on the SIM: pairs swapped, padded with F (MM mm_3gpp_parse_iccid). */
    static String swapNibbles(String digits) {
        String d = digits.length() % 2 == 1 ? digits + "F" : digits;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < d.length(); i += 2) {
            sb.append(d.charAt(i + 1)).append(d.charAt(i));
        }
        return sb.toString();
    }

    private static String cesq(ModemState st) {
        int r = st.effectiveRssi();
        if (r == 99) {
            return "+CESQ: 99,99,255,255,255,255";
        }
        int dbm = -113 + 2 * Math.min(r, 31);
        if (st.act == 7) {
            return "+CESQ: 99,99,255,255,20," + Math.max(0, Math.min(97, dbm + 141 - 20));
        }
        return "+CESQ: 99,99," + Math.max(0, Math.min(96, dbm + 121)) + ",40,255,255";
    }

    private static Outcome cops(AtCmd c, PortSession p, ModemState st) {
        Personality pe = p.sim().personality();
        switch (c.op()) {
            case QUERY: {
                if (!st.registered()) {
                    return Outcome.ok("+COPS: 0");
                }
                String name =
                        switch (st.copsFormat) {
                            case 1 -> pe.operatorShort();
                            case 2 -> pe.operatorNumeric();
                            default -> pe.operatorLong();
                        };
                return Outcome.ok("+COPS: 0," + st.copsFormat + ",\"" + name + "\"," + st.act);
            }
            case TEST:
                return Outcome.ok("+COPS: (2,\"" + pe.operatorLong() + "\",\"" + pe.operatorShort() + "\",\""
                        + pe.operatorNumeric() + "\"," + st.act + "),,(0,1,2,3,4),(0,1,2)");
            case SET: {
                List<String> a = c.params();
                if (a.get(0).equals("3")
                        && a.size() >= 2
                        && List.of("0", "1", "2").contains(a.get(1))) {
                    st.copsFormat = Integer.parseInt(a.get(1));
                    return Outcome.ok();
                }
                if (a.get(0).equals("0")) {
                    return st.sim == Sim.READY ? Outcome.ok() : Outcome.cme(st.sim.cme);
                }
                if (a.get(0).equals("2")) {
                    p.sim().setFunctionality(st.cfun); // deregister is not modelled beyond this
                    return Outcome.ok();
                }
                return Outcome.cme(50);
            }
            default:
                return Outcome.error();
        }
    }

    private static Outcome reg(
            AtCmd c, PortSession p, ModemState st, String name, int n, java.util.function.IntConsumer set) {
        switch (c.op()) {
            case QUERY:
                return Outcome.ok(regLine(name, n, st, true));
            case TEST:
                return Outcome.ok(name + ": (0-2)");
            case SET:
                return setting(c, name, 2, n, set);
            default:
                return Outcome.error();
        }
    }

    /** {@code +CREG: n,stat[,lac,ci[,act]]} (solicited) or {@code +CREG: stat[,lac,ci[,act]]} (URC). */
    static String regLine(String name, int n, ModemState st, boolean solicited) {
        int stat = st.stat();
        StringBuilder sb = new StringBuilder(name).append(": ");
        if (solicited) {
            sb.append(n).append(',');
        }
        sb.append(stat);
        if (n == 2 && (stat == 1 || stat == 5)) {
            sb.append(",\"1F00\",\"79D903\"");
            if (!name.equals("+CREG")) {
                sb.append(',').append(st.act);
            }
        }
        return sb.toString();
    }

    private static Outcome cgdcont(AtCmd c, PortSession p, ModemState st) {
        switch (c.op()) {
            case TEST:
                return Outcome.ok("+CGDCONT: (1-11),\"IP\",,,(0-2),(0-3)");
            case QUERY: {
                List<String> out = new ArrayList<>();
                for (Map.Entry<Integer, String[]> e : st.contexts.entrySet()) {
                    out.add("+CGDCONT: " + e.getKey() + ",\"" + e.getValue()[0] + "\",\"" + e.getValue()[1]
                            + "\",\"0.0.0.0\",0,0");
                }
                return Outcome.ok(out);
            }
            case SET: {
                List<String> a = c.params();
                try {
                    int cid = Integer.parseInt(a.get(0));
                    if (cid < 1 || cid > 11) {
                        return Outcome.cme(50);
                    }
                    if (a.size() == 1) {
                        st.contexts.remove(cid);
                    } else {
                        st.contexts.put(cid, new String[] {a.get(1), a.size() > 2 ? a.get(2) : ""});
                    }
                    return Outcome.ok();
                } catch (NumberFormatException e) {
                    return Outcome.cme(50);
                }
            }
            default:
                return Outcome.error();
        }
    }

    private static Outcome dial(AtCmd c, PortSession p, ModemState st) {
        String s = c.args().toUpperCase(java.util.Locale.ROOT).replace("T", "").replace("P", "");
        if (!s.matches("\\*99(\\*\\*\\*\\d+)?#")) {
            return Outcome.error();
        }
        if (!st.registered()) {
            return Outcome.noCarrier();
        }
        switch (st.dialOutcome) {
            case CONNECT:
                p.enterDataMode();
                p.sim().callStarted(p);
                return Outcome.connect();
            case NO_CARRIER:
                return Outcome.noCarrier();
            case SILENT:
                return Outcome.silent();
            default:
                return Outcome.error();
        }
    }
}
