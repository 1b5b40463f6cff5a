package dev.failberry.sim.modem;

import dev.failberry.sim.modem.AtCmd.Op;
import dev.failberry.sim.modem.SimState.Sim;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Sending SMS as 3GPP TS 27.005 has it, for every personality: {@code +CMGF} (0 PDU, 1 text),
 * {@code +CSCS}, and {@code +CMGS}, answered by the {@code "> "} prompt (CR LF '>' space, 27.005 3.5.1);
 * the port then takes the PDU (or text) until Ctrl-Z sends it or ESC cancels it ({@link PortSession}).
 * A submission is answered {@code +CMGS: <mr>} and OK, or {@code +CMS ERROR: <err>} (27.005 3.2.5): the
 * SIM's condition (310 not inserted, 311 PIN, 313 failure, 314 busy, 316 PUK), 331 no network service
 * while unregistered, 304 for a PDU whose length does not match {@code AT+CMGS=<length>}, or the next
 * refusal a test queued ({@link ModemSimulator#refuseSms}). Runs under the simulator lock.
 */
final class SmsCommands {
    /** What a port collects after the prompt: the PDU and its declared TPDU length, or the text and its number. */
    static final class Entry {
        final boolean pdu;
        final int tpduLength;
        final String number;
        final StringBuilder text = new StringBuilder();

        Entry(boolean pdu, int tpduLength, String number) {
            this.pdu = pdu;
            this.tpduLength = tpduLength;
            this.number = number;
        }
    }

    static final int MAX_TEXT = 1024;

    private SmsCommands() {}

    static void register(CommandTable t) {
        t.put("+CMGF", SmsCommands::cmgf);
        t.put("+CSCS", SmsCommands::cscs);
        t.put("+CMGS", SmsCommands::cmgs);
    }

    private static Outcome cmgf(AtCmd c, PortSession p, ModemState st) {
        return switch (c.op()) {
            case QUERY -> Outcome.ok("+CMGF: " + st.cmgf);
            case TEST -> Outcome.ok(st.pduSupported ? "+CMGF: (0,1)" : "+CMGF: (1)");
            case SET -> {
                String v = c.params().get(0);
                if (v.equals("0") && !st.pduSupported) {
                    yield Outcome.cms(303); // operation not supported
                }
                if (!v.equals("0") && !v.equals("1")) {
                    yield Outcome.cms(302);
                }
                st.cmgf = Integer.parseInt(v);
                yield Outcome.ok();
            }
            default -> Outcome.error();
        };
    }

    private static Outcome cscs(AtCmd c, PortSession p, ModemState st) {
        return switch (c.op()) {
            case QUERY -> Outcome.ok("+CSCS: \"" + st.cscs + "\"");
            case TEST -> Outcome.ok("+CSCS: (\"IRA\",\"GSM\",\"UCS2\")");
            case SET -> {
                String v = c.params().get(0).toUpperCase(Locale.ROOT);
                if (!List.of("IRA", "GSM", "UCS2").contains(v)) {
                    yield Outcome.cme(4);
                }
                st.cscs = v;
                yield Outcome.ok();
            }
            default -> Outcome.error();
        };
    }

    private static Outcome cmgs(AtCmd c, PortSession p, ModemState st) {
        if (c.op() == Op.TEST) {
            return Outcome.ok();
        }
        if (c.op() != Op.SET) {
            return Outcome.error();
        }
        if (st.sim != Sim.READY) {
            return Outcome.cms(simError(st.sim));
        }
        if (st.cmgf == 0) {
            int length;
            try {
                length = Integer.parseInt(c.params().get(0));
            } catch (NumberFormatException e) {
                return Outcome.cms(304); // invalid PDU mode parameter
            }
            if (length < 7 || length > 164) {
                return Outcome.cms(304);
            }
            p.beginSms(new Entry(true, length, null));
        } else {
            String number = c.params().get(0);
            if (!c.args().strip().startsWith("\"") || !number.matches("\\+?\\d{3,20}")) {
                return Outcome.cms(305); // invalid text mode parameter
            }
            p.beginSms(new Entry(false, -1, number));
        }
        return Outcome.prompt();
    }

    /** The answer to a message ended by Ctrl-Z. */
    static String submit(PortSession p, ModemState st, Entry e) {
        int refusal = refusal(st, e);
        if (refusal != 0) {
            return info("+CMS ERROR: " + refusal, p);
        }
        int mr = st.smsReference;
        st.smsReference = (st.smsReference + 1) % 256;
        String payload = e.pdu ? e.text.toString().toUpperCase(Locale.ROOT) : e.text.toString();
        st.sent.add(new SentSms(p.which, e.pdu, payload, e.number, mr, Instant.now()));
        return info("+CMGS: " + mr, p) + (p.verbose ? "\r\nOK\r\n" : "0\r");
    }

    private static int refusal(ModemState st, Entry e) {
        if (st.sim != Sim.READY) {
            return simError(st.sim);
        }
        if (e.pdu && !validPdu(e.text.toString(), e.tpduLength)) {
            return 304;
        }
        if (!st.registered()) {
            return 331; // no network service
        }
        Integer queued = st.smsRefusals.poll();
        return queued == null ? 0 : queued;
    }

    /** Hex, whole octets, and the TPDU after the SMSC part as long as {@code AT+CMGS} said. */
    private static boolean validPdu(String hex, int tpduLength) {
        if (hex.isEmpty() || hex.length() % 2 != 0 || !hex.matches("[0-9A-Fa-f]+")) {
            return false;
        }
        int smscLength = Integer.parseInt(hex.substring(0, 2), 16);
        return hex.length() / 2 - 1 - smscLength == tpduLength;
    }

    private static int simError(Sim sim) {
        return switch (sim) {
            case ABSENT -> 310;
            case PIN -> 311;
            case FAILURE -> 313;
            case BUSY -> 314;
            case PUK -> 316;
            case READY -> 0;
        };
    }

    private static String info(String line, PortSession p) {
        return p.verbose ? "\r\n" + line + "\r\n" : line + "\r\n";
    }
}
