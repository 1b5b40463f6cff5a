package dev.failberry.json;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The daemon's one JSON helper: {@code /status} and the admin API's answers, the AWS helper process's
 * protocol, the DNS function's requests and answers, the notification webhooks, the demo's settings.
 * Parsing and string escaping are Typesafe Config's JSON support (already the daemon's configuration
 * library, so no second JSON library); this class adds what the callers need on top: key order (as given,
 * or sorted), a depth limit before parsing, and the flat string view of an object the protocols use.
 */
public final class Json {
    private static final ConfigRenderOptions CONCISE = ConfigRenderOptions.concise();
    private static final ConfigParseOptions JSON = ConfigParseOptions.defaults().setSyntax(ConfigSyntax.JSON);
    /** Deepest nesting accepted; every document the daemon reads is flat or a few levels deep. */
    static final int MAX_DEPTH = 32;

    private Json() {}

    /**
     * Writes {@code value}: maps as objects with their keys in iteration order, lists (any
     * {@link Iterable}) as arrays, strings, numbers, booleans and null.
     *
     * @throws IllegalArgumentException for any other kind of value, or a map key that is not a string
     */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out, false);
        return out.toString();
    }

    /** Writes {@code value} as {@link #write} does, with the keys of every object in alphabetical order. */
    public static String writeSorted(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out, true);
        return out.toString();
    }

    /** {@code of("a", "1", "b", "2")} writes {@code {"a":"1","b":"2"}}, keys in the order given. */
    public static String of(String... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int k = 0; k + 1 < keysAndValues.length; k += 2) {
            m.put(keysAndValues[k], keysAndValues[k + 1]);
        }
        return write(m);
    }

    /** A JSON string literal for {@code value}. */
    public static String quote(String value) {
        return ConfigValueFactory.fromAnyRef(value).render(CONCISE);
    }

    /**
     * Parses one JSON object into maps (key order kept), lists, strings, numbers, booleans and null.
     *
     * @throws IllegalArgumentException when the text is not a JSON object, or nests more than 32 levels deep
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String json) {
        return (Map<String, Object>) unwrap(root(json));
    }

    /**
     * The objects in the array under {@code key} of a parsed object ({@link #parseObject}).
     *
     * @throws IllegalArgumentException when there is no such key, or its value is not an array of objects
     */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> objects(Map<String, Object> parent, String key) {
        if (!(parent.get(key) instanceof List<?> list)) {
            throw new IllegalArgumentException(key + " is not an array");
        }
        for (Object o : list) {
            if (!(o instanceof Map)) {
                throw new IllegalArgumentException(key + " holds something other than objects");
            }
        }
        return (List<Map<String, Object>>) list;
    }

    /**
     * Parses one JSON object whose values the caller reads as text: strings unescaped, other scalars as
     * their text ({@code 201}, {@code true}), {@code null} as Java null, nested objects and arrays as their
     * JSON text. Key order is kept.
     *
     * @throws IllegalArgumentException when the text is not a JSON object, or nests more than 32 levels deep
     */
    public static Map<String, String> parseFlat(String json) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigValue> e : root(json).entrySet()) {
            ConfigValue v = e.getValue();
            out.put(
                    e.getKey(),
                    switch (v.valueType()) {
                        case NULL -> null;
                        case STRING, NUMBER, BOOLEAN -> String.valueOf(v.unwrapped());
                        case OBJECT, LIST -> v.render(CONCISE);
                    });
        }
        return out;
    }

    private static com.typesafe.config.ConfigObject root(String json) {
        String t = json == null ? "" : json.strip();
        if (!t.startsWith("{")) {
            throw new IllegalArgumentException("not a JSON object: " + excerpt(t));
        }
        if (tooDeep(t)) {
            // Typesafe's parser recurses per level: a few KB of '[' overflow the stack (StackOverflowError)
            throw new IllegalArgumentException("not a JSON object: nested more than " + MAX_DEPTH + " levels deep");
        }
        try {
            return ConfigFactory.parseString(t, JSON).root();
        } catch (ConfigException e) {
            throw new IllegalArgumentException("not a JSON object: " + excerpt(t), e);
        }
    }

    /** Like {@link ConfigValue#unwrapped()}, but objects keep the document's key order. */
    private static Object unwrap(ConfigValue v) {
        return switch (v.valueType()) {
            case OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                ((com.typesafe.config.ConfigObject) v).forEach((k, child) -> m.put(k, unwrap(child)));
                yield m;
            }
            case LIST ->
                ((com.typesafe.config.ConfigList) v).stream().map(Json::unwrap).toList();
            default -> v.unwrapped();
        };
    }

    private static void write(Object value, StringBuilder out, boolean sorted) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            out.append(ConfigValueFactory.fromAnyRef(value).render(CONCISE));
        } else if (value instanceof Map<?, ?> map) {
            Map<?, ?> entries = sorted ? new TreeMap<>(map) : map;
            out.append('{');
            boolean first = true;
            for (var e : entries.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new IllegalArgumentException("JSON object key is not a string: " + e.getKey());
                }
                if (!first) {
                    out.append(',');
                }
                first = false;
                out.append(quote(key)).append(':');
                write(e.getValue(), out, sorted);
            }
            out.append('}');
        } else if (value instanceof Iterable<?> list) {
            out.append('[');
            boolean first = true;
            for (Object item : list) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                write(item, out, sorted);
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException(
                    "not a JSON value: " + value.getClass().getSimpleName());
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
