package dev.failberry.modem.parse;

import java.util.List;

/** Parser for the operator query {@code +COPS?}. */
public final class OperatorParser {

    private OperatorParser() {}

    /**
     * Parses the information text of {@code AT+COPS?}.
     * <p>Grammar: {@code +COPS:} blanks {@code <mode>[,<format>[,<oper>[,<AcT>]]]} where mode is
     * 0..4, format 0..2, oper a (usually quoted) string and AcT a TS 27.007 number. A bare
     * {@code +COPS: 0} means no operator. The network list of {@code AT+COPS=?} (starting with
     * {@code (}) is rejected.
     */
    public static Parsed<OperatorInfo> copsQuery(String reply) {
        String reject = Fields.rejectRaw(reply);
        if (reject != null) {
            return Parsed.failed(reject, reply);
        }
        List<String> lines = Fields.lines(reply);
        String line = lines == null ? null : Fields.firstWith(lines, "+COPS:");
        if (line == null) {
            return Parsed.failed("no +COPS: line", reply);
        }
        String body = Fields.after(line, "+COPS:");
        if (body.startsWith("(")) {
            return Parsed.failed("a +COPS=? network list, not a +COPS? reply", reply);
        }
        List<String> f = Fields.split(body);
        if (f == null || f.size() > 4) {
            return Parsed.failed("expected <mode>[,<format>[,<oper>[,<AcT>]]]", reply);
        }
        Integer mode = Fields.uint(f.get(0));
        if (mode == null || mode > 4) {
            return Parsed.failed("mode is not 0..4", reply);
        }
        Integer format = null;
        if (f.size() >= 2 && !f.get(1).isEmpty()) {
            format = Fields.uint(f.get(1));
            if (format == null || format > 2) {
                return Parsed.failed("format is not 0..2", reply);
            }
        }
        String oper = f.size() >= 3 ? Fields.unquote(f.get(2)) : "";
        if (oper.isEmpty()) {
            oper = null;
        } else if (format == null) {
            return Parsed.failed("operator without a format", reply);
        }
        AccessTechnology act = AccessTechnology.UNKNOWN;
        if (f.size() == 4 && !f.get(3).isEmpty()) {
            Integer a = Fields.uint(f.get(3));
            if (a == null) {
                return Parsed.failed("AcT is not a number", reply);
            }
            act = AccessTechnology.fromAct(a);
        }
        return Parsed.ok(new OperatorInfo(mode, oper == null ? null : format, oper, act));
    }

    /** {@link #copsQuery(String)} over the information lines of a reply. */
    public static Parsed<OperatorInfo> copsQuery(List<String> lines) {
        return copsQuery(Fields.join(lines));
    }
}
