package dev.failberry.modem.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Parser for the PDP context list {@code +CGDCONT?}. */
public final class PdpParsers {

    private static final String PREFIX = "+CGDCONT:";

    private PdpParsers() {}

    /**
     * Parses the reply to {@code AT+CGDCONT?}.
     * <p>Grammar: zero or more lines {@code +CGDCONT: <cid>,"<type>",["<apn>"][,<more>...]}; cid is
     * decimal, type and apn are usually quoted, the APN may be empty or missing. An empty reply is
     * an empty list. Any other non-blank line, including the range list of {@code AT+CGDCONT=?},
     * fails.
     */
    public static Parsed<List<PdpContext>> cgdcont(String reply) {
        String reject = Fields.rejectRaw(reply);
        if (reject != null) {
            return Parsed.failed(reject, reply);
        }
        List<String> lines = Fields.lines(reply);
        if (lines == null) {
            return Parsed.failed("line too long", reply);
        }
        List<PdpContext> out = new ArrayList<>();
        for (String line : lines) {
            String body = Fields.after(line, PREFIX);
            if (body == null) {
                return Parsed.failed("line without +CGDCONT:", reply);
            }
            List<String> f = Fields.split(body);
            if (f == null || f.size() < 2) {
                return Parsed.failed("expected <cid>,<type>[,<apn>...]", reply);
            }
            Integer cid = Fields.uint(f.get(0));
            if (cid == null || cid < 1) {
                return Parsed.failed("cid is not a positive number", reply);
            }
            String type = Fields.unquote(f.get(1)).toUpperCase(Locale.ROOT);
            if (type.isEmpty() || !type.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-')) {
                return Parsed.failed("bad PDP type", reply);
            }
            String apn = f.size() > 2 ? Fields.unquote(f.get(2)) : "";
            out.add(new PdpContext(cid, type, apn.isEmpty() ? null : apn));
        }
        return Parsed.ok(List.copyOf(out));
    }

    /** {@link #cgdcont(String)} over the information lines of a reply. */
    public static Parsed<List<PdpContext>> cgdcont(List<String> lines) {
        return cgdcont(Fields.join(lines));
    }
}
