package dev.failberry.modem.sms;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a failed SMS step means: the documented {@code +CMS ERROR} codes (3GPP TS 27.005 §3.2.5: 0-127
 * are the RP causes of TS 24.011 Annex E-2, 128-255 the TP-FCS values of TS 23.040 §9.2.3.22, 300-340
 * the ME/SIM codes, 500 unknown, 512+ the manufacturer's), the {@code +CME ERROR} codes some modems
 * give instead (TS 27.007 §9.2), their text forms under {@code AT+CMEE=2}, and a bare {@code ERROR}.
 *
 * <p>Retryable means waiting can help (no network service, SIM busy or not ready, congestion, the
 * modem's own failure, unknown errors: the retry window bounds them); permanent means the same message
 * will fail the same way until a person changes something (the number does not exist, barred, the SIM
 * needs a PIN or PUK, no SMSC address on the SIM, the encoding refused).
 */
final class SmsErrors {
    /** @param code the number, or -1 for a bare ERROR or an unrecognised text */
    record Failure(String kind, int code, boolean retryable, String reason) {
        String describe() {
            return kind + (code >= 0 ? " " + code : "") + " (" + reason + ")";
        }
    }

    private record Entry(boolean retryable, String reason) {}

    private static final boolean R = true;
    private static final boolean P = false;
    private static final Map<Integer, Entry> CMS = new TreeMap<>();
    private static final Map<Integer, Entry> CME = new TreeMap<>();
    private static final Pattern ERROR_LINE =
            Pattern.compile("^\\+(CMS|CME) ERROR:\\s*(.+?)\\s*$", Pattern.CASE_INSENSITIVE);

    static {
        // TS 24.011 Annex E-2 (RP-cause)
        cms(1, P, "unassigned number");
        cms(8, P, "operator determined barring");
        cms(10, P, "call barred");
        cms(17, R, "network failure");
        cms(21, P, "short message transfer rejected");
        cms(22, R, "memory capacity exceeded");
        cms(27, R, "destination out of service");
        cms(28, P, "unidentified subscriber");
        cms(29, P, "facility rejected");
        cms(30, P, "unknown subscriber");
        cms(38, R, "network out of order");
        cms(41, R, "temporary failure");
        cms(42, R, "congestion");
        cms(47, R, "resources unavailable");
        cms(50, P, "requested facility not subscribed");
        cms(69, P, "requested facility not implemented");
        cms(81, R, "invalid short message transfer reference value");
        cms(95, P, "invalid message");
        cms(96, P, "invalid mandatory information");
        cms(97, P, "message type non-existent or not implemented");
        cms(98, R, "message not compatible with short message protocol state");
        cms(99, P, "information element non-existent or not implemented");
        cms(111, R, "protocol error");
        cms(127, R, "interworking error");
        // TS 23.040 §9.2.3.22 (TP-FCS)
        cms(128, P, "telematic interworking not supported");
        cms(129, P, "short message type 0 not supported");
        cms(130, P, "cannot replace short message");
        cms(143, P, "unspecified TP-PID error");
        cms(144, P, "data coding scheme (alphabet) not supported");
        cms(145, P, "message class not supported");
        cms(159, P, "unspecified TP-DCS error");
        cms(160, P, "command cannot be actioned");
        cms(161, P, "command unsupported");
        cms(175, P, "unspecified TP-Command error");
        cms(176, P, "TPDU not supported");
        cms(192, R, "SC busy");
        cms(193, P, "no SC subscription");
        cms(194, R, "SC system failure");
        cms(195, P, "invalid SME address");
        cms(196, P, "destination SME barred");
        cms(197, P, "SM rejected as a duplicate");
        cms(198, P, "TP-VPF not supported");
        cms(199, P, "TP-VP not supported");
        cms(208, P, "SIM SMS storage full");
        cms(209, P, "no SMS storage capability in SIM");
        cms(210, R, "error in MS");
        cms(211, R, "memory capacity exceeded");
        cms(212, R, "SIM application toolkit busy");
        cms(213, R, "SIM data download error");
        cms(255, R, "unspecified error cause");
        // TS 27.005 §3.2.5
        cms(300, R, "ME failure");
        cms(301, R, "SMS service of ME reserved");
        cms(302, R, "operation not allowed");
        cms(303, P, "operation not supported");
        cms(304, P, "invalid PDU mode parameter");
        cms(305, P, "invalid text mode parameter");
        cms(310, R, "SIM not inserted");
        cms(311, P, "SIM PIN required");
        cms(312, P, "PH-SIM PIN required");
        cms(313, R, "SIM failure");
        cms(314, R, "SIM busy");
        cms(315, P, "SIM wrong");
        cms(316, P, "SIM PUK required");
        cms(317, P, "SIM PIN2 required");
        cms(318, P, "SIM PUK2 required");
        cms(320, R, "memory failure");
        cms(321, P, "invalid memory index");
        cms(322, R, "memory full");
        cms(330, P, "SMSC address unknown: the SIM has no SMS centre number (set it with AT+CSCA)");
        cms(331, R, "no network service");
        cms(332, R, "network timeout");
        cms(340, R, "no +CNMA acknowledgement expected");
        cms(500, R, "unknown error");
        // TS 27.007 §9.2
        cme(0, R, "phone failure");
        cme(3, R, "operation not allowed");
        cme(4, P, "operation not supported");
        cme(10, R, "SIM not inserted");
        cme(11, P, "SIM PIN required");
        cme(12, P, "SIM PUK required");
        cme(13, R, "SIM failure");
        cme(14, R, "SIM busy");
        cme(15, P, "SIM wrong");
        cme(16, P, "incorrect password");
        cme(17, P, "SIM PIN2 required");
        cme(18, P, "SIM PUK2 required");
        cme(30, R, "no network service");
        cme(31, R, "network timeout");
        cme(32, R, "network not allowed, emergency calls only");
        cme(100, R, "unknown error");
    }

    private SmsErrors() {}

    private static void cms(int code, boolean retryable, String reason) {
        CMS.put(code, new Entry(retryable, reason));
    }

    private static void cme(int code, boolean retryable, String reason) {
        CME.put(code, new Entry(retryable, reason));
    }

    /** The meaning of a final result line that is not OK, or empty when the line is not an error at all. */
    static Optional<Failure> classify(String finalLine) {
        String t = finalLine.strip();
        String upper = t.toUpperCase(Locale.ROOT);
        if (upper.equals("ERROR") || upper.equals("4") || upper.equals("COMMAND NOT SUPPORT")) {
            return Optional.of(new Failure("ERROR", -1, true, "the modem gave no reason (AT+CMEE=0)"));
        }
        Matcher m = ERROR_LINE.matcher(t);
        if (!m.matches()) {
            return Optional.empty();
        }
        String kind = "+" + m.group(1).toUpperCase(Locale.ROOT) + " ERROR";
        Map<Integer, Entry> table = kind.equals("+CMS ERROR") ? CMS : CME;
        String value = m.group(2);
        if (value.matches("\\d{1,5}")) {
            int code = Integer.parseInt(value);
            Entry e = table.get(code);
            if (e == null) {
                String reason =
                        kind.equals("+CMS ERROR") && code >= 512 ? "manufacturer-specific error" : "undocumented error";
                return Optional.of(new Failure(kind, code, true, reason));
            }
            return Optional.of(new Failure(kind, code, e.retryable(), e.reason()));
        }
        // AT+CMEE=2: the text instead of the number
        String text = value.toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9+ ]", " ")
                .replaceAll("\\s+", " ")
                .strip();
        for (Map<Integer, Entry> t2 : java.util.List.of(table, table == CMS ? CME : CMS)) {
            for (var e : t2.entrySet()) {
                String reason = e.getValue().reason().toLowerCase(Locale.ROOT);
                int colon = reason.indexOf(':');
                String head = (colon > 0 ? reason.substring(0, colon) : reason)
                        .replaceAll("[^a-z0-9+ ]", " ")
                        .replaceAll("\\s+", " ")
                        .strip();
                if (head.equals(text)) {
                    return Optional.of(new Failure(
                            kind,
                            e.getKey(),
                            e.getValue().retryable(),
                            e.getValue().reason()));
                }
            }
        }
        return Optional.of(new Failure(kind, -1, true, oneLine(value)));
    }

    /** True when the error to {@code AT+CMGF=0} means this modem has no PDU mode (fall back to text mode). */
    static boolean meansNoPduMode(Failure f) {
        return f.code() == -1 && f.kind().equals("ERROR")
                || f.kind().equals("+CMS ERROR") && (f.code() == 303 || f.code() == 304)
                || f.kind().equals("+CME ERROR") && f.code() == 4;
    }

    /** Printable, one line, bounded: modem text goes into logs and status. */
    static String oneLine(String s) {
        String t = s.replaceAll("\\p{Cntrl}", " ").strip();
        return t.length() > 80 ? t.substring(0, 77) + "..." : t;
    }
}
