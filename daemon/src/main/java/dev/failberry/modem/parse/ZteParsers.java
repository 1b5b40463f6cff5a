package dev.failberry.modem.parse;

import java.util.List;

/** Parsers for ZTE's network mode reply {@code +ZPAS} and its URC {@code +ZPASR}. */
public final class ZteParsers {

    private ZteParsers() {}

    /**
     * Parses the reply to {@code AT+ZPAS?}.
     * <p>Grammar: {@code +ZPAS:} blanks {@code "<network>"[,"<domain>"]}, quotes optional.
     */
    public static Parsed<ZteNetworkMode> zpas(String reply) {
        return parse(reply, "+ZPAS:", 2);
    }

    /**
     * Parses the network mode URC.
     * <p>Grammar: {@code +ZPASR:} blanks {@code "<network>"}, quotes optional.
     */
    public static Parsed<ZteNetworkMode> zpasr(String line) {
        return parse(line, "+ZPASR:", 1);
    }

    private static Parsed<ZteNetworkMode> parse(String input, String prefix, int maxFields) {
        String reject = Fields.rejectRaw(input);
        if (reject != null) {
            return Parsed.failed(reject, input);
        }
        List<String> lines = Fields.lines(input);
        String line = lines == null ? null : Fields.firstWith(lines, prefix);
        if (line == null) {
            return Parsed.failed("no " + prefix + " line", input);
        }
        List<String> f = Fields.split(Fields.after(line, prefix));
        if (f == null || f.size() > maxFields) {
            return Parsed.failed("expected at most " + maxFields + " field(s)", input);
        }
        String network = Fields.unquote(f.get(0));
        if (network.isEmpty() || !printable(network)) {
            return Parsed.failed("empty or unprintable network name", input);
        }
        String domain = f.size() > 1 ? Fields.unquote(f.get(1)) : null;
        if (domain != null && (domain.isEmpty() || !printable(domain))) {
            domain = null;
        }
        return Parsed.ok(new ZteNetworkMode(network, domain, AccessTechnology.fromName(network)));
    }

    private static boolean printable(String s) {
        return s.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
    }
}
