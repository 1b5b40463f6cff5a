package dev.failberry.history;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * One journal line per {@link Entry}: {@code CRC SP K TAB session TAB mono TAB wall TAB name TAB state TAB
 * reason [TAB key=value]...}, UTF-8, ending in a newline. {@code CRC} is the CRC-32 of everything after the
 * space, as 8 hex digits: a line torn by a power cut, zeros left by the file system after a crash, or a
 * flipped bit on the SD card fail the check and are set aside instead of being believed. Tabs, newlines
 * and backslashes inside fields are escaped ({@code \t}, {@code \n}, {@code \r}, {@code \\}), so a line is
 * always one line. Plain text rather than JSON: readable with {@code less}, and parsed without building a
 * tree per line (the daemon reads up to the whole journal at start, a Pi 2B is slow).
 *
 * <p>Detail values come back typed: {@code true}/{@code false} as booleans, whole numbers as longs,
 * everything else as strings.
 */
final class EntryCodec {
    private static final Pattern WHOLE = Pattern.compile("-?\\d{1,18}");
    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_]{0,40}");

    private EntryCodec() {}

    /** The line for {@code e}, with its newline. Detail keys that are not simple names are dropped. */
    static byte[] encode(Entry e) {
        StringBuilder p = new StringBuilder(96);
        p.append(e.kind().letter)
                .append('\t')
                .append(e.session())
                .append('\t')
                .append(e.mono())
                .append('\t')
                .append(e.wall())
                .append('\t');
        escape(p, e.name()).append('\t');
        escape(p, e.state()).append('\t');
        escape(p, e.reason());
        e.detail().forEach((k, v) -> {
            if (KEY.matcher(k).matches()) {
                escape(p.append('\t').append(k).append('='), String.valueOf(v));
            }
        });
        byte[] payload = p.toString().getBytes(StandardCharsets.UTF_8);
        String crc = crcHex(payload, 0, payload.length);
        byte[] line = new byte[9 + payload.length + 1];
        System.arraycopy(crc.getBytes(StandardCharsets.US_ASCII), 0, line, 0, 8);
        line[8] = ' ';
        System.arraycopy(payload, 0, line, 9, payload.length);
        line[line.length - 1] = '\n';
        return line;
    }

    /**
     * The entry in {@code buf[from, to)} (one line without its newline), or why it is unreadable.
     */
    static Decoded decode(byte[] buf, int from, int to) {
        int len = to - from;
        if (len < 10 || buf[from + 8] != ' ') {
            return Decoded.bad(len == 0 ? "empty line" : "not a journal line");
        }
        String crc = new String(buf, from, 8, StandardCharsets.US_ASCII);
        if (!crc.equals(crcHex(buf, from + 9, len - 9))) {
            return Decoded.bad("checksum mismatch");
        }
        String payload = new String(buf, from + 9, len - 9, StandardCharsets.UTF_8);
        String[] f = payload.split("\t", -1);
        if (f[0].length() != 1 || Entry.Kind.of(f[0].charAt(0)) == null) {
            return Decoded.bad("unknown record kind");
        }
        if (f.length < 7) {
            return Decoded.bad("too few fields");
        }
        try {
            Map<String, Object> detail = new LinkedHashMap<>();
            for (int i = 7; i < f.length; i++) {
                int eq = f[i].indexOf('=');
                if (eq <= 0) {
                    return Decoded.bad("malformed detail field");
                }
                detail.put(f[i].substring(0, eq), typed(unescape(f[i].substring(eq + 1))));
            }
            return new Decoded(
                    new Entry(
                            Entry.Kind.of(f[0].charAt(0)),
                            Integer.parseInt(f[1]),
                            Long.parseLong(f[2]),
                            Long.parseLong(f[3]),
                            unescape(f[4]),
                            unescape(f[5]),
                            unescape(f[6]),
                            detail),
                    null);
        } catch (NumberFormatException e) {
            return Decoded.bad("malformed number");
        }
    }

    /** The result of {@link #decode}: an entry, or the reason the line is unreadable. */
    record Decoded(Entry entry, String problem) {
        static Decoded bad(String problem) {
            return new Decoded(null, problem);
        }

        Optional<Entry> value() {
            return Optional.ofNullable(entry);
        }
    }

    private static Object typed(String v) {
        if (v.equals("true") || v.equals("false")) {
            return Boolean.valueOf(v);
        }
        return WHOLE.matcher(v).matches() ? (Object) Long.valueOf(v) : v;
    }

    private static String crcHex(byte[] b, int off, int len) {
        CRC32 crc = new CRC32();
        crc.update(b, off, len);
        String h = Long.toHexString(crc.getValue());
        return "0".repeat(8 - h.length()) + h;
    }

    private static StringBuilder escape(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                default -> sb.append(c);
            }
        }
        return sb;
    }

    private static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                sb.append(
                        switch (n) {
                            case 't' -> '\t';
                            case 'n' -> '\n';
                            case 'r' -> '\r';
                            default -> n;
                        });
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
