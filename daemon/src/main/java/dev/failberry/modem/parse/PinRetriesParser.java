package dev.failberry.modem.parse;

import java.util.List;
import java.util.Locale;

/**
 * Parsers for the SIM's remaining PIN/PUK attempts, in the two forms USB sticks use: 3GPP TS 27.007
 * {@code +CPINR} (section 8.65) and Huawei's {@code ^CPIN?}.
 */
public final class PinRetriesParser {
    private static final String CPINR = "+CPINR:";
    private static final String HUAWEI = "^CPIN:";
    /** Nothing counts higher: 3 for a PIN and 10 for a PUK on every SIM; larger is garbage. */
    private static final int MAX_ATTEMPTS = 99;

    private PinRetriesParser() {}

    /**
     * Parses the reply to {@code AT+CPINR} or {@code AT+CPINR="SIM PIN"}.
     * <p>Grammar: one line per code, {@code +CPINR: <code>,<retries>[,<default_retries>]}, the code
     * quoted or not ({@code SIM PIN}, {@code SIM PUK}, {@code SIM PIN2}, {@code SIM PUK2}; others, such as
     * {@code PH-NET PIN}, are skipped). At least one of the four must be present.
     */
    public static Parsed<PinRetries> cpinr(String reply) {
        String reject = Fields.rejectRaw(reply);
        if (reject != null) {
            return Parsed.failed(reject, reply);
        }
        List<String> lines = Fields.lines(reply);
        if (lines == null) {
            return Parsed.failed("line too long", reply);
        }
        Integer[] v = new Integer[4];
        boolean any = false;
        for (String line : lines) {
            String body = Fields.after(line, CPINR);
            if (body == null) {
                continue;
            }
            List<String> f = Fields.split(body);
            if (f == null || f.size() < 2 || f.size() > 3) {
                return Parsed.failed("expected +CPINR: <code>,<retries>[,<default>]", reply);
            }
            Integer n = count(f.get(1));
            if (n == null) {
                return Parsed.failed("+CPINR retries is not a count: " + f.get(1), reply);
            }
            int slot = slot(Fields.unquote(f.get(0)));
            if (slot >= 0) {
                v[slot] = n;
                any = true;
            }
        }
        return any
                ? Parsed.ok(new PinRetries(v[0], v[1], v[2], v[3]))
                : Parsed.failed("no +CPINR line for a SIM code", reply);
    }

    /** {@link #cpinr(String)} over the information lines of a reply. */
    public static Parsed<PinRetries> cpinr(List<String> lines) {
        return cpinr(Fields.join(lines));
    }

    /**
     * Parses the reply to Huawei's {@code AT^CPIN?}.
     * <p>Grammar: {@code ^CPIN: <code>,[<times>],<puk_times>,<pin_times>,<puk2_times>,<pin2_times>} where
     * {@code <times>} (empty when the SIM is ready) counts for the code now asked for, and the four
     * counters follow in the order PUK, PIN, PUK2, PIN2 (Huawei AT command references for the EM770W and
     * MU509; ModemManager's Huawei plugin reads the same order). Some firmwares send {@code -1} for
     * {@code <times>}; it is ignored. The last two counters may be missing (MC509).
     */
    public static Parsed<PinRetries> huaweiCpin(String reply) {
        String reject = Fields.rejectRaw(reply);
        if (reject != null) {
            return Parsed.failed(reject, reply);
        }
        List<String> lines = Fields.lines(reply);
        String line = lines == null ? null : Fields.firstWith(lines, HUAWEI);
        if (line == null) {
            return Parsed.failed("no ^CPIN: line", reply);
        }
        List<String> f = Fields.split(Fields.after(line, HUAWEI));
        if (f == null || (f.size() != 4 && f.size() != 6) || f.get(0).isEmpty()) {
            return Parsed.failed("expected ^CPIN: <code>,[<times>],<puk>,<pin>[,<puk2>,<pin2>]", reply);
        }
        Integer puk = count(f.get(2));
        Integer pin = count(f.get(3));
        Integer puk2 = f.size() == 6 ? count(f.get(4)) : null;
        Integer pin2 = f.size() == 6 ? count(f.get(5)) : null;
        if (puk == null || pin == null || f.size() == 6 && (puk2 == null || pin2 == null)) {
            return Parsed.failed("^CPIN counters are not counts", reply);
        }
        return Parsed.ok(new PinRetries(pin, puk, pin2, puk2));
    }

    /** {@link #huaweiCpin(String)} over the information lines of a reply. */
    public static Parsed<PinRetries> huaweiCpin(List<String> lines) {
        return huaweiCpin(Fields.join(lines));
    }

    /** Whichever of the two forms the reply is. */
    public static Parsed<PinRetries> any(List<String> lines) {
        String text = Fields.join(lines);
        return text != null && text.toUpperCase(Locale.ROOT).contains(HUAWEI) ? huaweiCpin(text) : cpinr(text);
    }

    private static Integer count(String field) {
        Integer n = Fields.uint(field);
        return n == null || n > MAX_ATTEMPTS ? null : n;
    }

    private static int slot(String code) {
        return switch (code.toUpperCase(Locale.ROOT).replaceAll("\\s+", " ")) {
            case "SIM PIN" -> 0;
            case "SIM PUK" -> 1;
            case "SIM PIN2" -> 2;
            case "SIM PUK2" -> 3;
            default -> -1;
        };
    }
}
