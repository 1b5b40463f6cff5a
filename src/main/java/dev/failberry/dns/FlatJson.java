package dev.failberry.dns;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tiny JSON the DNS protocols need: one flat object whose values are strings, numbers, booleans or
 * null ({@code {"execution_mode":"set","ddns_hostname":"..."}}). Nested values are kept as their raw
 * JSON text. Parsing and escaping are Typesafe Config's JSON support (already the daemon's
 * configuration library); this class only keeps the key order and the flat shape the protocols use.
 */
public final class FlatJson {
    private static final ConfigRenderOptions CONCISE = ConfigRenderOptions.concise();
    private static final ConfigParseOptions JSON = ConfigParseOptions.defaults().setSyntax(ConfigSyntax.JSON);
    /** Deepest nesting accepted; the protocols' objects are flat, with at most a small nested value. */
    static final int MAX_DEPTH = 32;

    private FlatJson() {
    }

    /** Writes {@code values} as a JSON object, keys in iteration order; {@code null} values become JSON null. */
    public static String object(Map<String, ?> values) {
        StringBuilder out = new StringBuilder("{");
        for (var e : values.entrySet()) {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append(quote(e.getKey())).append(':');
            Object v = e.getValue();
            out.append(v == null ? "null" : ConfigValueFactory.fromAnyRef(v).render(CONCISE));
        }
        return out.append('}').toString();
    }

    /** {@code of("a", "1", "b", "2")} writes {@code {"a":"1","b":"2"}}, keys in the order given. */
    public static String of(String... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int k = 0; k + 1 < keysAndValues.length; k += 2) {
            m.put(keysAndValues[k], keysAndValues[k + 1]);
        }
        return object(m);
    }

    /** A JSON string literal for {@code value}. */
    public static String quote(String value) {
        return ConfigValueFactory.fromAnyRef(value).render(CONCISE);
    }

    /**
     * Parses one JSON object. Strings are unescaped, other scalars kept as text ({@code 201},
     * {@code true}); {@code null} maps to Java null; nested objects/arrays are kept as raw JSON text.
     *
     * @throws IllegalArgumentException when the text is not a JSON object, or nests more than 32 levels deep
     */
    public static Map<String, String> parse(String json) {
        String t = json == null ? "" : json.strip();
        if (!t.startsWith("{")) {
            throw new IllegalArgumentException("not a JSON object: " + excerpt(t));
        }
        if (tooDeep(t)) {
            // Typesafe's parser recurses per level: a few KB of '[' overflow the stack (StackOverflowError)
            throw new IllegalArgumentException("not a JSON object: nested more than " + MAX_DEPTH + " levels deep");
        }
        try {
            Map<String, String> out = new LinkedHashMap<>();
            for (Map.Entry<String, ConfigValue> e : ConfigFactory.parseString(t, JSON).root().entrySet()) {
                ConfigValue v = e.getValue();
                out.put(e.getKey(), switch (v.valueType()) {
                    case NULL -> null;
                    case STRING, NUMBER, BOOLEAN -> String.valueOf(v.unwrapped());
                    case OBJECT, LIST -> v.render(CONCISE);
                });
            }
            return out;
        } catch (ConfigException e) {
            throw new IllegalArgumentException("not a JSON object: " + excerpt(t), e);
        }
    }

    /**
     * True when brackets outside strings nest deeper than {@link #MAX_DEPTH}. Strings are skipped the
     * way JSON escapes them; every other bracket counts, so the parser never nests deeper than this.
     */
    private static boolean tooDeep(String t) {
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                if (++depth > MAX_DEPTH) {
                    return true;
                }
            } else if ((c == '}' || c == ']') && depth > 0) {
                depth--;
            }
        }
        return false;
    }

    private static String excerpt(String s) {
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
