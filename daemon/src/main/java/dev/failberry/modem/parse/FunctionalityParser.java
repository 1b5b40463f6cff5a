package dev.failberry.modem.parse;

import java.util.List;

/** Parser for the functionality query {@code +CFUN?}. */
public final class FunctionalityParser {

    private static final String PREFIX = "+CFUN:";
    private static final int MAX_LEVEL = 255;

    private FunctionalityParser() {}

    /**
     * Parses the reply to {@code AT+CFUN?}.
     * <p>Grammar: {@code +CFUN:} blanks {@code <fun>[,<rst>...]}, fun decimal 0..255; the extra
     * fields some modems append are ignored.
     */
    public static Parsed<Functionality> cfun(String reply) {
        String reject = Fields.rejectRaw(reply);
        if (reject != null) {
            return Parsed.failed(reject, reply);
        }
        List<String> lines = Fields.lines(reply);
        String line = lines == null ? null : Fields.firstWith(lines, PREFIX);
        if (line == null) {
            return Parsed.failed("no +CFUN: line", reply);
        }
        List<String> f = Fields.split(Fields.after(line, PREFIX));
        Integer level = f == null ? null : Fields.uint(f.get(0));
        if (level == null || level > MAX_LEVEL) {
            return Parsed.failed("<fun> is not 0.." + MAX_LEVEL, reply);
        }
        return Parsed.ok(new Functionality(level));
    }

    /** {@link #cfun(String)} over the information lines of a reply. */
    public static Parsed<Functionality> cfun(List<String> lines) {
        return cfun(Fields.join(lines));
    }
}
