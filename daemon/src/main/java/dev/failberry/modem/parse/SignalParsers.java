package dev.failberry.modem.parse;

import java.util.List;

/** Parsers for the signal commands {@code +CSQ} and {@code +CESQ}. */
public final class SignalParsers {

    private SignalParsers() {}

    /**
     * Parses the information text of {@code AT+CSQ}.
     * <p>Grammar: {@code +CSQ:} blanks {@code <rssi>,<ber>}, both decimal; rssi 0..31 or 99, ber 0..7
     * or 99. Leading zeros and blanks around fields are tolerated; the first line carrying the
     * prefix is used.
     */
    public static Parsed<SignalQuality> csq(String reply) {
        List<Integer> v = numbers(reply, "+CSQ:", 2);
        if (v == null) {
            return Parsed.failed("not a +CSQ: <rssi>,<ber> line", reply);
        }
        return quality(v.get(0), v.get(1), reply);
    }

    /** {@link #csq(String)} over the information lines of a reply. */
    public static Parsed<SignalQuality> csq(List<String> lines) {
        return csq(Fields.join(lines));
    }

    /**
     * Parses the information text of {@code AT+CESQ}.
     * <p>Grammar: {@code +CESQ:} blanks {@code <rxlev>,<ber>,<rscp>,<ecno>,<rsrq>,<rsrp>}, six
     * decimal fields each 0..255. Out-of-spec values are kept raw and convert to {@code null}.
     */
    public static Parsed<ExtendedSignalQuality> cesq(String reply) {
        List<Integer> v = numbers(reply, "+CESQ:", 6);
        if (v == null) {
            return Parsed.failed("not a +CESQ: line with six numeric fields", reply);
        }
        for (int x : v) {
            if (x > 255) {
                return Parsed.failed("+CESQ field above 255", reply);
            }
        }
        return Parsed.ok(new ExtendedSignalQuality(v.get(0), v.get(1), v.get(2), v.get(3), v.get(4), v.get(5)));
    }

    /** {@link #cesq(String)} over the information lines of a reply. */
    public static Parsed<ExtendedSignalQuality> cesq(List<String> lines) {
        return cesq(Fields.join(lines));
    }

    /** Validates an rssi/ber pair on the CSQ scale; shared with Huawei {@code ^RSSI}. */
    static Parsed<SignalQuality> quality(int rssi, int ber, String input) {
        if (rssi > 31 && rssi != SignalQuality.UNKNOWN) {
            return Parsed.failed("rssi " + rssi + " outside 0..31/99", input);
        }
        if (ber > 7 && ber != SignalQuality.UNKNOWN) {
            return Parsed.failed("ber " + ber + " outside 0..7/99", input);
        }
        return Parsed.ok(SignalQuality.of(rssi, ber));
    }

    /** Exactly {@code count} decimal fields after {@code prefix}, or {@code null}. */
    private static List<Integer> numbers(String reply, String prefix, int count) {
        if (Fields.rejectRaw(reply) != null) {
            return null;
        }
        List<String> lines = Fields.lines(reply);
        if (lines == null) {
            return null;
        }
        String line = Fields.firstWith(lines, prefix);
        if (line == null) {
            return null;
        }
        List<String> fields = Fields.split(Fields.after(line, prefix));
        if (fields == null || fields.size() != count) {
            return null;
        }
        Integer[] out = new Integer[count];
        for (int i = 0; i < count; i++) {
            out[i] = Fields.uint(fields.get(i));
            if (out[i] == null) {
                return null;
            }
        }
        return List.of(out);
    }
}
