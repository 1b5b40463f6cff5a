package dev.failberry.modem.parse;

import java.util.List;
import java.util.Locale;

/** Parser for the SIM card number (ICCID) in its several vendor forms. */
public final class IccidParser {

    private static final String[] PREFIXES = {"+CCID:", "^ICCID:", "+ICCID:", "!ICCID:", "ICCID:"};
    private static final String CRSM = "+CRSM:";
    private static final int SW1_OK = 144;

    private IccidParser() {}

    /**
     * Parses an ICCID reply into its 19 or 20 character form.
     * <p>Grammar: one of
     * <ul>
     *   <li>{@code +CCID:}, {@code ^ICCID:}, {@code +ICCID:}, {@code !ICCID:} or no prefix, then
     *       {@code ["]<iccid>["]}</li>
     *   <li>{@code +CRSM: <sw1>,<sw2>,["]<hex>["]} (reading EF_ICCID with {@code AT+CRSM=176,12258,...});
     *       sw1 must be 144 (0x90, success)</li>
     * </ul>
     * The ICCID must start with the telecom industry code 89. When it starts with 98 it is the raw
     * nibble-swapped SIM record (20 digits) and each digit pair is swapped back. A trailing F filler is
     * removed; hex digits are allowed after the sixth position (some Chinese operators use them).
     */
    public static Parsed<String> iccid(String reply) {
        String reject = Fields.rejectRaw(reply);
        if (reject != null) {
            return Parsed.failed(reject, reply);
        }
        List<String> lines = Fields.lines(reply);
        if (lines == null || lines.size() != 1) {
            return Parsed.failed("expected one ICCID line", reply);
        }
        String line = lines.get(0);
        String crsm = Fields.after(line, CRSM);
        String raw;
        if (crsm != null) {
            List<String> f = Fields.split(crsm);
            if (f == null || f.size() != 3) {
                return Parsed.failed("expected +CRSM: <sw1>,<sw2>,<data>", reply);
            }
            Integer sw1 = Fields.uint(f.get(0));
            Integer sw2 = Fields.uint(f.get(1));
            if (sw1 == null || sw2 == null || sw1 != SW1_OK) {
                return Parsed.failed("SIM did not return success (sw1 " + f.get(0) + ")", reply);
            }
            raw = f.get(2);
        } else {
            raw = line;
            for (String p : PREFIXES) {
                String body = Fields.after(line, p);
                if (body != null) {
                    raw = body;
                    break;
                }
            }
        }
        return normalize(Fields.unquote(raw), reply);
    }

    /** {@link #iccid(String)} over the information lines of a reply. */
    public static Parsed<String> iccid(List<String> lines) {
        return iccid(Fields.join(lines));
    }

    private static Parsed<String> normalize(String raw, String input) {
        String s = raw.toUpperCase(Locale.ROOT);
        if (s.length() < 19 || s.length() > 20 || !Fields.isHex(s)) {
            return Parsed.failed("ICCID must be 19-20 hex digits", input);
        }
        if (s.startsWith("98")) {
            if (s.length() != 20) {
                return Parsed.failed("a swapped ICCID must be 20 digits", input);
            }
            s = swapNibbles(s);
        } else if (!s.startsWith("89")) {
            return Parsed.failed("ICCID does not start with the telecom code 89", input);
        }
        if (s.endsWith("F")) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.length() < 19 || !Fields.isDigits(s.substring(0, 6))) {
            return Parsed.failed("ICCID too short or hex digits among its first six", input);
        }
        return Parsed.ok(s);
    }

    private static String swapNibbles(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i + 1 < s.length(); i += 2) {
            sb.append(s.charAt(i + 1)).append(s.charAt(i));
        }
        return sb.toString();
    }
}
