package dev.failberry.modem.parse;

import java.util.List;
import java.util.Locale;

/** Parsers for the SIM state: {@code +CPIN?} replies and SIM-related {@code +CME ERROR}s. */
public final class SimParser {

    private static final String CME = "+CME ERROR:";

    private SimParser() {}

    /**
     * Parses the reply to {@code AT+CPIN?}.
     * <p>Grammar: {@code [+CPIN:] blanks ["]<code>["]} where code is {@code READY}, {@code SIM PIN},
     * {@code SIM PUK}, {@code SIM PIN2}, {@code SIM PUK2} or a {@code PH-...} lock (case-insensitive;
     * the prefix may be missing, as on some phones). A {@code +CME ERROR: <n|text>} line is
     * accepted too and read with {@link #cmeError(String)}.
     */
    public static Parsed<SimState> cpin(String reply) {
        String reject = Fields.rejectRaw(reply);
        if (reject != null) {
            return Parsed.failed(reject, reply);
        }
        List<String> lines = Fields.lines(reply);
        if (lines == null || lines.isEmpty()) {
            return Parsed.failed("empty +CPIN reply", reply);
        }
        String cme = Fields.firstWith(lines, CME);
        if (cme != null) {
            return cmeError(cme);
        }
        String line = Fields.firstWith(lines, "+CPIN:");
        String body = line != null ? Fields.after(line, "+CPIN:") : lines.get(0);
        String code = Fields.unquote(body).toUpperCase(Locale.ROOT);
        for (SimState s : SimState.values()) {
            if (s.cpinCode() != null && s.cpinCode().equals(code)) {
                return Parsed.ok(s);
            }
        }
        return Parsed.failed("unknown +CPIN code", reply);
    }

    /** {@link #cpin(String)} over the information lines of a reply. */
    public static Parsed<SimState> cpin(List<String> lines) {
        return cpin(Fields.join(lines));
    }

    /**
     * Reads the SIM state from a CME error: {@code +CME ERROR: <n>} ({@code +CMEE=1}),
     * {@code +CME ERROR: <text>} ({@code +CMEE=2}), or the bare number or text.
     * <p>10 / "SIM not inserted" is {@link SimState#NOT_INSERTED}, 13 / "SIM failure"
     * {@link SimState#FAILURE}, 14 / "SIM busy" {@link SimState#BUSY}, 15 / "SIM wrong"
     * {@link SimState#WRONG}; 5-7, 11, 12, 17, 18 and 40-47 (or their "... required" texts) are the
     * matching PIN/PUK states. Any other number, or any other text after a {@code +CME ERROR:}
     * prefix, says nothing about the SIM and gives {@link SimState#UNKNOWN}; an empty or malformed
     * input, or unknown text without the prefix, fails.
     */
    public static Parsed<SimState> cmeError(String error) {
        String reject = Fields.rejectRaw(error);
        if (reject != null) {
            return Parsed.failed(reject, error);
        }
        List<String> lines = Fields.lines(error);
        if (lines == null || lines.size() != 1) {
            return Parsed.failed("expected one +CME ERROR line", error);
        }
        String prefixed = Fields.after(lines.get(0), CME);
        String body = Fields.unquote(prefixed != null ? prefixed : lines.get(0));
        if (body.isEmpty()) {
            return Parsed.failed("empty CME error", error);
        }
        if (Fields.isDigits(body)) {
            Integer code = Fields.uint(body);
            return code == null ? Parsed.failed("CME error number too large", error) : Parsed.ok(fromCmeCode(code));
        }
        if (body.startsWith("+") || !isText(body)) {
            return Parsed.failed("not a CME error text", error);
        }
        SimState s = fromCmeText(body);
        if (s != null) {
            return Parsed.ok(s);
        }
        return prefixed != null ? Parsed.ok(SimState.UNKNOWN) : Parsed.failed("not a SIM error text", error);
    }

    /** The SIM state a numeric CME error reports; non-SIM errors give {@link SimState#UNKNOWN}. */
    public static SimState fromCmeCode(int code) {
        for (SimState s : SimState.values()) {
            if (s.cmeError() == code) {
                return s;
            }
        }
        return SimState.UNKNOWN;
    }

    /** The SIM state a TS 27.007 error text names, or {@code null} when it names none. */
    private static SimState fromCmeText(String text) {
        String t = text.toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
        switch (t) {
            case "SIM NOT INSERTED":
                return SimState.NOT_INSERTED;
            case "SIM FAILURE":
                return SimState.FAILURE;
            case "SIM BUSY":
                return SimState.BUSY;
            case "SIM WRONG":
                return SimState.WRONG;
            default:
                break;
        }
        if (t.endsWith(" REQUIRED")) {
            String code = t.substring(0, t.length() - " REQUIRED".length())
                    .replace("NETWORK SUBSET PERSONALIZATION ", "PH-NETSUB ")
                    .replace("NETWORK PERSONALIZATION ", "PH-NET ")
                    .replace("SERVICE PROVIDER PERSONALIZATION ", "PH-SP ")
                    .replace("CORPORATE PERSONALIZATION ", "PH-CORP ");
            for (SimState s : SimState.values()) {
                if (code.equals(s.cpinCode())) {
                    return s;
                }
            }
        }
        return null;
    }

    private static boolean isText(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return Character.isLetter(s.charAt(0));
    }
}
