package dev.failberry.dns;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tiny JSON the DNS protocols need: one flat object whose values are strings, numbers, booleans or
 * null ({@code {"execution_mode":"set","ddns_hostname":"..."}}). Nested values are kept as their raw
 * JSON text. Pure functions; no dependency beyond the JDK.
 */
public final class FlatJson {
    private final String s;
    private int i;

    private FlatJson(String s) {
        this.s = s;
    }

    /** Writes {@code values} as a JSON object; {@code null} values become JSON null. */
    public static String object(Map<String, ?> values) {
        StringBuilder out = new StringBuilder("{");
        for (var e : values.entrySet()) {
            if (out.length() > 1) {
                out.append(',');
            }
            quote(out, e.getKey());
            out.append(':');
            Object v = e.getValue();
            if (v == null) {
                out.append("null");
            } else if (v instanceof Number || v instanceof Boolean) {
                out.append(v);
            } else {
                quote(out, v.toString());
            }
        }
        return out.append('}').toString();
    }

    /** {@code of("a", "1", "b", "2")} writes {@code {"a":"1","b":"2"}}, keys in the order given. */
    public static String of(String... keysAndValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int k = 0; k + 1 < keysAndValues.length; k += 2) {
            m.put(keysAndValues[k], keysAndValues[k + 1]);
        }
        return object(m);
    }

    public static String quote(String value) {
        StringBuilder out = new StringBuilder();
        quote(out, value);
        return out.toString();
    }

    private static void quote(StringBuilder out, String v) {
        out.append('"');
        for (int k = 0; k < v.length(); k++) {
            char c = v.charAt(k);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /**
     * Parses one JSON object. Strings are unescaped, other scalars kept as text ({@code 201},
     * {@code true}); {@code null} maps to Java null; nested objects/arrays are kept as raw JSON text.
     *
     * @throws IllegalArgumentException when the text is not a JSON object
     */
    public static Map<String, String> parse(String json) {
        FlatJson p = new FlatJson(json);
        p.ws();
        Map<String, String> out = p.obj();
        p.ws();
        if (p.i != json.length()) {
            throw p.fail("trailing characters");
        }
        return out;
    }

    private Map<String, String> obj() {
        expect('{');
        Map<String, String> out = new LinkedHashMap<>();
        ws();
        if (peek() == '}') {
            i++;
            return out;
        }
        while (true) {
            ws();
            String key = str();
            ws();
            expect(':');
            ws();
            out.put(key, value());
            ws();
            char c = next();
            if (c == '}') {
                return out;
            }
            if (c != ',') {
                throw fail("expected , or }");
            }
        }
    }

    private String value() {
        char c = peek();
        if (c == '"') {
            return str();
        }
        if (c == '{' || c == '[') {
            int start = i;
            skipNested();
            return s.substring(start, i);
        }
        int start = i;
        while (i < s.length() && ",}] \t\r\n".indexOf(s.charAt(i)) < 0) {
            i++;
        }
        String raw = s.substring(start, i);
        if (raw.isEmpty()) {
            throw fail("expected a value");
        }
        return raw.equals("null") ? null : raw;
    }

    private void skipNested() {
        int depth = 0;
        do {
            char c = next();
            if (c == '"') {
                i--;
                str();
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
            }
        } while (depth > 0);
    }

    private String str() {
        expect('"');
        StringBuilder out = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') {
                return out.toString();
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = next();
            switch (e) {
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    if (i + 4 > s.length()) {
                        throw fail("bad \\u escape");
                    }
                    out.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                    i += 4;
                }
                default -> out.append(e);
            }
        }
    }

    private void ws() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
    }

    private char peek() {
        if (i >= s.length()) {
            throw fail("unexpected end");
        }
        return s.charAt(i);
    }

    private char next() {
        char c = peek();
        i++;
        return c;
    }

    private void expect(char c) {
        if (next() != c) {
            throw fail("expected " + c);
        }
    }

    private IllegalArgumentException fail(String why) {
        return new IllegalArgumentException("not a JSON object (" + why + " at " + i + ")");
    }
}
