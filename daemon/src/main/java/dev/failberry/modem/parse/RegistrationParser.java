package dev.failberry.modem.parse;

import java.util.ArrayList;
import java.util.List;

/**
 * Parser for {@code +CREG}, {@code +CGREG}, {@code +CEREG} and {@code +C5GREG} lines, both the
 * query reply and the unsolicited form, with the quirks real modems show.
 */
public final class RegistrationParser {

    /** Longest lac/tac or cell id accepted, in hex digits (an NR cell id is 36 bits). */
    private static final int MAX_HEX = 10;
    /** Highest {@code <n>} (URC mode) defined by TS 27.007. */
    private static final int MAX_N = 5;

    private RegistrationParser() {}

    /**
     * Parses one registration line; a multi-line input uses its first registration line.
     * <p>Grammar, after the prefix and optional blanks:
     * <ul>
     *   <li>query layout: {@code <n>,<stat>[,<lac>,<ci>[,<AcT>[,...]]]}</li>
     *   <li>URC layout: {@code <stat>[,<lac>,<ci>[,<AcT>[,...]]]}</li>
     *   <li>CEREG with RAC (Novatel E362, Altair): {@code [<n>,]<stat>,<tac>,<rac>,<ci>,<AcT>}</li>
     * </ul>
     * Numbers may carry leading zeros ({@code +CREG:002,001,...}); lac and ci may be quoted or bare
     * hex, surrounded by blanks, or empty ({@code +CREG: 2,,}). The two layouts are told apart like
     * ModemManager does: with three or more fields, the second field is a lac (so the line is a URC)
     * when it is quoted, empty, not decimal, or longer than two characters, except when both
     * leading fields are zero-padded ({@code 002,0011,...}, Iridium style), which is the query
     * layout. A {@code <stat>} above 11 is {@link RegistrationState#UNKNOWN}; an AcT that is not a
     * number (Samsung S8500's {@code " B"}) is {@link AccessTechnology#UNKNOWN}; a lac or ci that is
     * not hex is {@code null}.
     */
    public static Parsed<Registration> parse(String line) {
        String reject = Fields.rejectRaw(line);
        if (reject != null) {
            return Parsed.failed(reject, line);
        }
        List<String> lines = Fields.lines(line);
        if (lines == null) {
            return Parsed.failed("line too long", line);
        }
        for (String l : lines) {
            Registration.Domain d = domainOf(l);
            if (d != null) {
                return parseLine(d, Fields.after(l, d.prefix()), line);
            }
        }
        return Parsed.failed("no +CREG/+CGREG/+CEREG/+C5GREG line", line);
    }

    /**
     * Parses every registration line of a block such as {@code "+CREG: 5\r\n\r\n+CGREG: 0"};
     * fails when there is none or when any line fails.
     */
    public static Parsed<List<Registration>> parseAll(List<String> lines) {
        String joined = Fields.join(lines);
        String reject = Fields.rejectRaw(joined);
        if (reject != null) {
            return Parsed.failed(reject, joined);
        }
        List<String> split = Fields.lines(joined);
        if (split == null) {
            return Parsed.failed("line too long", joined);
        }
        List<Registration> out = new ArrayList<>();
        for (String l : split) {
            Parsed<Registration> p = parse(l);
            if (p instanceof Parsed.Failed<Registration> f) {
                return f.cast();
            }
            out.add(p.value());
        }
        return out.isEmpty() ? Parsed.failed("no registration line", joined) : Parsed.ok(List.copyOf(out));
    }

    private static Registration.Domain domainOf(String line) {
        for (Registration.Domain d : Registration.Domain.values()) {
            if (Fields.after(line, d.prefix()) != null) {
                return d;
            }
        }
        return null;
    }

    private static Parsed<Registration> parseLine(Registration.Domain domain, String body, String input) {
        List<String> f = Fields.split(body);
        if (f == null || f.isEmpty() || f.get(0).isEmpty()) {
            return Parsed.failed("missing <stat>", input);
        }
        boolean hasN = hasModeField(f);
        int statIndex = hasN ? 1 : 0;
        if (hasN) {
            Integer n = Fields.uint(f.get(0));
            if (n == null || n > MAX_N) {
                return Parsed.failed("<n> is not 0.." + MAX_N, input);
            }
        }
        Integer stat = Fields.uint(f.get(statIndex));
        if (stat == null) {
            return Parsed.failed("<stat> is not a number", input);
        }
        List<String> rest = f.subList(statIndex + 1, f.size());
        String lac = null;
        String ci = null;
        String act = null;
        if (domain == Registration.Domain.EPS && rest.size() == 4) {
            lac = rest.get(0);
            ci = rest.get(2);
            act = rest.get(3);
        } else if (!rest.isEmpty()) {
            lac = rest.get(0);
            ci = rest.size() > 1 ? rest.get(1) : null;
            act = rest.size() > 2 ? rest.get(2) : null;
        }
        Integer actCode = act == null ? null : Fields.uint(act);
        return Parsed.ok(new Registration(
                domain,
                RegistrationState.fromCode(stat),
                lac == null ? null : Fields.normalizedHex(lac, MAX_HEX),
                ci == null ? null : Fields.normalizedHex(ci, MAX_HEX),
                actCode == null ? AccessTechnology.UNKNOWN : AccessTechnology.fromAct(actCode),
                !hasN));
    }

    /** True when the first field is {@code <n>} (query layout), false for the URC layout. */
    private static boolean hasModeField(List<String> f) {
        if (f.size() == 1) {
            return false;
        }
        if (f.size() == 2) {
            return true;
        }
        String second = f.get(1);
        if (second.isEmpty() || Fields.isQuoted(second) || !Fields.isDigits(second)) {
            return false;
        }
        if (second.length() <= 2) {
            return true;
        }
        String first = f.get(0);
        return first.length() > 1 && first.charAt(0) == '0' && second.charAt(0) == '0';
    }
}
