package dev.failberry.modem.parse;

import java.util.List;
import java.util.Locale;

/**
 * Parsers for the identification commands: {@code ATI}, {@code +CGMI}, {@code +CGMM},
 * {@code +CGMR}, {@code +CGSN} and {@code +CIMI} (and their V.250 twins {@code +GMI} etc.).
 */
public final class IdentityParser {

    private IdentityParser() {}

    /**
     * Parses the multi-line {@code ATI} reply of modems that label their lines.
     * <p>Grammar: lines {@code <key>: <value>} with keys {@code Manufacturer}, {@code Model},
     * {@code Revision}, {@code IMEI} (case-insensitive); other lines ({@code +GCAP:}, {@code ESN:},
     * {@code IMEI SV:}) are ignored; a value echoing its command ({@code +GMI: LG ...}) loses that
     * prefix. An IMEI that is not 14-16 digits is dropped. Fails when neither
     * a manufacturer nor a model line is present (phones that answer {@code ATI} with a bare name):
     * use the individual commands then.
     */
    public static Parsed<ModemIdentity> ati(String reply) {
        String reject = Fields.rejectRaw(reply);
        if (reject != null) {
            return Parsed.failed(reject, reply);
        }
        List<String> lines = Fields.lines(reply);
        if (lines == null) {
            return Parsed.failed("line too long", reply);
        }
        ModemIdentity id = ModemIdentity.empty();
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String key = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = valueOf(stripCommandPrefix(line.substring(colon + 1).strip()));
            if (value == null) {
                continue;
            }
            switch (key) {
                case "manufacturer" -> id = id.withManufacturer(value);
                case "model" -> id = id.withModel(value);
                case "revision" -> id = id.withRevision(value);
                case "imei" -> id = isImei(value) ? id.withImei(value) : id;
                default -> {}
            }
        }
        if (id.manufacturer() == null && id.model() == null) {
            return Parsed.failed("no Manufacturer: or Model: line", reply);
        }
        return Parsed.ok(id);
    }

    /** {@link #ati(String)} over the information lines of a reply. */
    public static Parsed<ModemIdentity> ati(List<String> lines) {
        return ati(Fields.join(lines));
    }

    /**
     * Parses the bare value of {@code +CGMI}, {@code +CGMM} or {@code +CGMR} (and {@code +GMI},
     * {@code +GMM}, {@code +GMR}).
     * <p>Grammar: one or more value lines; a leading {@code +XXXX:} echo prefix and enclosing
     * quotes are removed; several lines (Nokia revisions) are joined with a space. Fails on empty
     * text, control characters, or lines without any ASCII letter or digit.
     */
    public static Parsed<String> value(String reply) {
        String reject = Fields.rejectRaw(reply);
        if (reject != null) {
            return Parsed.failed(reject, reply);
        }
        List<String> lines = Fields.lines(reply);
        if (lines == null || lines.isEmpty()) {
            return Parsed.failed("empty value", reply);
        }
        StringBuilder sb = new StringBuilder();
        for (String line : lines) {
            String v = valueOf(stripCommandPrefix(line));
            if (v == null) {
                return Parsed.failed("empty or non-printable value line", reply);
            }
            sb.append(sb.length() == 0 ? "" : " ").append(v);
        }
        return Parsed.ok(sb.toString());
    }

    /** {@link #value(String)} over the information lines of a reply. */
    public static Parsed<String> value(List<String> lines) {
        return value(Fields.join(lines));
    }

    /**
     * Parses the IMEI from {@code +CGSN} / {@code +GSN}.
     * <p>Grammar: {@code [+CGSN:] ["]<14-16 digits>["][,<anything>]}; Option modems append a serial
     * number after a comma. A CDMA ESN (hex, {@code 0x...}) fails.
     */
    public static Parsed<String> imei(String reply) {
        return digits(reply, 14, 16, "IMEI");
    }

    /**
     * Parses the IMSI from {@code +CIMI}.
     * <p>Grammar: {@code [+CIMI:] ["]<6-15 digits>["]}.
     */
    public static Parsed<String> imsi(String reply) {
        return digits(reply, 6, 15, "IMSI");
    }

    /** {@link #imei(String)} over the information lines of a reply. */
    public static Parsed<String> imei(List<String> lines) {
        return imei(Fields.join(lines));
    }

    /** {@link #imsi(String)} over the information lines of a reply. */
    public static Parsed<String> imsi(List<String> lines) {
        return imsi(Fields.join(lines));
    }

    private static Parsed<String> digits(String reply, int min, int max, String what) {
        Parsed<String> v = value(reply);
        if (!v.isOk()) {
            return v;
        }
        String s = v.value();
        int comma = s.indexOf(',');
        if (comma >= 0) {
            s = Fields.unquote(s.substring(0, comma));
        }
        if (!Fields.isDigits(s) || s.length() < min || s.length() > max) {
            return Parsed.failed(what + " must be " + min + "-" + max + " digits", reply);
        }
        return Parsed.ok(s);
    }

    private static boolean isImei(String s) {
        return Fields.isDigits(s) && s.length() >= 14 && s.length() <= 16;
    }

    /** Removes a leading {@code +CGMI:}-style echo: '+' then 2-5 letters then ':'. */
    private static String stripCommandPrefix(String line) {
        int colon = line.indexOf(':');
        if (line.startsWith("+") && colon >= 3 && colon <= 6) {
            for (int i = 1; i < colon; i++) {
                if (!Character.isLetter(line.charAt(i))) {
                    return line;
                }
            }
            return line.substring(colon + 1);
        }
        return line;
    }

    /**
     * Trimmed, unquoted text, or {@code null} when it is empty, holds a control character or a
     * decoding-error U+FFFD, or has no ASCII letter or digit at all (line noise such as {@code ,,,}).
     */
    private static String valueOf(String raw) {
        String v = Fields.unquote(raw.strip());
        if (v.isEmpty()) {
            return null;
        }
        boolean alnum = false;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (Character.isISOControl(c) || c == '\uFFFD') {
                return null;
            }
            alnum |= (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
        }
        return alnum ? v : null;
    }
}
