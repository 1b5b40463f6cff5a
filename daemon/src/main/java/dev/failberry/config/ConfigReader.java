package dev.failberry.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Reads typed values out of a merged config and, instead of throwing at the first bad value, records a
 * {@link ConfigProblem} naming the file, line and key, and returns reference.conf's value so that the
 * rest of the file is still checked. Defaults live in reference.conf only: no reader method takes one,
 * and reading a key reference.conf does not declare throws. Paths are relative to {@code failberry}.
 */
final class ConfigReader {
    private static final String ROOT = "failberry.";
    private static final Pattern DURATION_WITH_UNIT = Pattern.compile("\\s*\\d+(\\.\\d+)?\\s*[a-zA-Z]+\\s*");

    private final Config config;
    private final String fileLabel;
    private final List<ConfigProblem> problems = new ArrayList<>();
    /** Reads reference.conf alone: where a value comes from when the user's is missing or bad. */
    private final ConfigReader defaults;

    /**
     * @param config    the user's file merged over {@code reference} and resolved
     * @param reference reference.conf (resolved): it declares every key the readers read
     */
    ConfigReader(Config config, Config reference, String fileLabel) {
        this.config = config;
        this.fileLabel = fileLabel;
        this.defaults = new ConfigReader(reference, "reference.conf");
    }

    private ConfigReader(Config reference, String label) {
        this.config = reference;
        this.fileLabel = label;
        this.defaults = null;
    }

    List<ConfigProblem> problems() {
        return problems;
    }

    /** Records a problem at the line where {@code key} is set (or the file's line 0 when it is not). */
    void problem(String key, String message) {
        ConfigOrigin origin = originOf(key);
        problems.add(new ConfigProblem(
                fileOf(origin), origin == null ? 0 : Math.max(origin.lineNumber(), 0), ROOT + key, message));
    }

    /**
     * Records a problem about {@code key} (typically a missing one) reported at the line of the first of
     * {@code anchorKeys} that the user's file sets; line 0 of the user's file when none is.
     */
    void problemAt(String key, String message, String... anchorKeys) {
        for (String anchor : anchorKeys) {
            ConfigOrigin origin = originOf(anchor);
            if (origin != null && fileOf(origin).equals(fileLabel)) {
                problems.add(new ConfigProblem(fileLabel, Math.max(origin.lineNumber(), 0), ROOT + key, message));
                return;
            }
        }
        problems.add(new ConfigProblem(fileLabel, 0, ROOT + key, message));
    }

    /** True when the user's own file sets {@code key} (not a default from reference.conf). */
    boolean userSet(String key) {
        ConfigOrigin origin = originOf(key);
        return origin != null && fileOf(origin).equals(fileLabel);
    }

    /** Where {@code key} is set, as {@code FILE:LINE}, for messages that name a second key. */
    String where(String key) {
        ConfigOrigin origin = originOf(key);
        if (origin == null) {
            return fileLabel + ":0";
        }
        return fileOf(origin) + ":" + Math.max(origin.lineNumber(), 0);
    }

    boolean isSet(String key) {
        return config.hasPath(ROOT + key);
    }

    private ConfigOrigin originOf(String key) {
        String path = ROOT + key;
        try {
            if (!config.hasPathOrNull(path)) {
                return null;
            }
            int dot = path.lastIndexOf('.');
            var parent = config.getObject(path.substring(0, dot));
            var value = parent.get(path.substring(dot + 1));
            return value == null ? null : value.origin();
        } catch (ConfigException e) {
            return null;
        }
    }

    private String fileOf(ConfigOrigin origin) {
        if (origin == null) {
            return fileLabel;
        }
        if (origin.filename() != null) {
            return origin.filename();
        }
        if (origin.resource() != null) {
            return origin.resource();
        }
        return fileLabel;
    }

    // ---- scalar readers -------------------------------------------------------------------------
    //
    // Readers have no defaults of their own: every key they read is declared in reference.conf (with a
    // value, or null for "not set"), which the user's file is merged over. A key reference.conf does not
    // declare is a bug and throws. A required key set to null, or a bad value, is a problem, and the
    // reader goes on with reference.conf's value so that the rest of the file is still checked.

    /** The key's path, after checking that reference.conf declares it. */
    private String declared(String key) {
        String path = ROOT + key;
        Config reference = defaults == null ? config : defaults.config;
        if (!reference.hasPathOrNull(path)) {
            throw new IllegalStateException(path + " is read but not declared in reference.conf"
                    + " (every key gets its default there, null when it has none)");
        }
        return path;
    }

    /** reference.conf's value of {@code key}, read the same way (after a problem with the user's value). */
    private <T> T reference(String key, Function<ConfigReader, T> read) {
        if (defaults == null) {
            throw new IllegalStateException("reference.conf has no valid value for " + ROOT + key);
        }
        return read.apply(defaults);
    }

    /**
     * True when a required key has no value: a problem when the user's file set it to null; none when
     * the user replaced a section that holds it with a value (that is reported at the section).
     */
    private boolean nulled(String key, String expected) {
        String path = declared(key);
        if (config.hasPath(path)) {
            return false;
        }
        if (explicitNull(path)) {
            problem(key, "required: expected " + expected);
        }
        return true;
    }

    private boolean explicitNull(String path) {
        try {
            return config.hasPathOrNull(path);
        } catch (ConfigException e) {
            return false;
        }
    }

    Optional<String> optString(String key) {
        String path = declared(key);
        if (!config.hasPath(path)) {
            return Optional.empty();
        }
        ConfigValue value = config.getValue(path);
        if (value.valueType() == ConfigValueType.OBJECT || value.valueType() == ConfigValueType.LIST) {
            problem(key, "expected a single value, found " + describe(value.valueType()));
            return Optional.empty();
        }
        return Optional.of(String.valueOf(value.unwrapped()));
    }

    /** A required string (reference.conf's when the user's file sets it to null or to a section). */
    String string(String key) {
        if (nulled(key, "a value")) {
            return referenceString(key);
        }
        return optString(key).orElseGet(() -> referenceString(key));
    }

    /** reference.conf's string for {@code key} (for a value the caller checks itself and found wanting). */
    String referenceString(String key) {
        return reference(key, d -> d.optString(key)
                .orElseThrow(() -> new IllegalStateException("reference.conf has no value for " + ROOT + key)));
    }

    /** reference.conf's list at {@code key} (for a list the caller checks itself and found wanting). */
    List<String> referenceList(String key) {
        return reference(key, d -> d.stringList(key));
    }

    /** A string that must match {@code pattern}; the value is echoed in the message unless secret. */
    Optional<String> matching(String key, Pattern pattern, String expected, boolean secret) {
        Optional<String> value = optString(key);
        if (value.isPresent() && !pattern.matcher(value.get()).matches()) {
            problem(key, (secret ? "invalid value" : "invalid value " + quote(value.get())) + ": expected " + expected);
            return Optional.empty();
        }
        return value;
    }

    /** A required string that must match {@code pattern} (not a secret: the value is echoed). */
    String matched(String key, Pattern pattern, String expected) {
        if (nulled(key, expected)) {
            return reference(key, d -> d.matched(key, pattern, expected));
        }
        return matching(key, pattern, expected, false)
                .orElseGet(() -> reference(key, d -> d.matched(key, pattern, expected)));
    }

    boolean bool(String key) {
        String path = declared(key);
        if (nulled(key, "true or false")) {
            return reference(key, d -> d.bool(key));
        }
        try {
            return config.getBoolean(path);
        } catch (ConfigException.WrongType e) {
            problem(key, "expected true or false, found " + render(key));
            return reference(key, d -> d.bool(key));
        }
    }

    int integer(String key, int min, int max) {
        if (nulled(key, "a whole number from " + min + " to " + max)) {
            return reference(key, d -> d.integer(key, min, max));
        }
        return optInteger(key, min, max).orElseGet(() -> reference(key, d -> d.integer(key, min, max)));
    }

    Optional<Integer> optInteger(String key, int min, int max) {
        String path = declared(key);
        if (!config.hasPath(path)) {
            return Optional.empty();
        }
        ConfigValue value = config.getValue(path);
        Object raw = value.unwrapped();
        long number;
        if (raw instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            number = n.longValue();
        } else if (raw instanceof String s && s.trim().matches("-?\\d{1,12}")) {
            number = Long.parseLong(s.trim());
        } else {
            problem(key, "expected a whole number from " + min + " to " + max + ", found " + render(key));
            return Optional.empty();
        }
        if (number < min || number > max) {
            problem(key, "out of range: " + number + " (expected " + min + " to " + max + ")");
            return Optional.empty();
        }
        return Optional.of((int) number);
    }

    double decimal(String key, double min, double max) {
        String path = declared(key);
        if (nulled(key, "a number from " + min + " to " + max)) {
            return reference(key, d -> d.decimal(key, min, max));
        }
        try {
            double d = config.getDouble(path);
            if (d < min || d > max || Double.isNaN(d)) {
                problem(key, "out of range: " + d + " (expected " + min + " to " + max + ")");
                return reference(key, x -> x.decimal(key, min, max));
            }
            return d;
        } catch (ConfigException.WrongType e) {
            problem(key, "expected a number from " + min + " to " + max + ", found " + render(key));
            return reference(key, x -> x.decimal(key, min, max));
        }
    }

    Duration duration(String key, Duration min, Duration max) {
        String path = declared(key);
        if (nulled(key, "a duration such as 30s")) {
            return reference(key, d -> d.duration(key, min, max));
        }
        ConfigValue value = config.getValue(path);
        if (!(value.unwrapped() instanceof String s)
                || !DURATION_WITH_UNIT.matcher(s).matches()) {
            problem(key, "expected a duration with a unit (e.g. 500ms, 30s, 5m), found " + render(key));
            return reference(key, d -> d.duration(key, min, max));
        }
        try {
            Duration d = config.getDuration(path);
            if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                problem(key, "out of range: " + s.trim() + " (expected " + human(min) + " to " + human(max) + ")");
                return reference(key, x -> x.duration(key, min, max));
            }
            return d;
        } catch (ConfigException.BadValue | ConfigException.WrongType e) {
            problem(key, "expected a duration with a unit (e.g. 500ms, 30s, 5m), found " + render(key));
            return reference(key, x -> x.duration(key, min, max));
        }
    }

    Optional<Long> optBytes(String key, long min) {
        String path = declared(key);
        if (!config.hasPath(path)) {
            return Optional.empty();
        }
        try {
            long bytes = config.getBytes(path);
            if (bytes < min) {
                problem(key, "out of range: " + bytes + " bytes (expected at least " + min + ")");
                return Optional.empty();
            }
            return Optional.of(bytes);
        } catch (ConfigException.BadValue | ConfigException.WrongType e) {
            problem(key, "expected a size such as 500M or 5G, found " + render(key));
            return Optional.empty();
        }
    }

    /**
     * A size that must carry its unit ({@code 5G}, {@code 500M}): a bare number would be bytes, which
     * nobody means for a monthly data cap. Empty when unset (or null), or after a problem was recorded.
     */
    Optional<Long> optBytesWithUnit(String key, long min, String minText) {
        String path = declared(key);
        if (!config.hasPath(path)) {
            return Optional.empty();
        }
        ConfigValue value = config.getValue(path);
        if (!(value.unwrapped() instanceof String s) || !s.trim().matches("\\d+(\\.\\d+)?\\s*[A-Za-z]+")) {
            problem(
                    key,
                    "expected a size with a unit such as 500M or 5G, found " + render(key)
                            + " (a number without a unit would be bytes)");
            return Optional.empty();
        }
        Optional<Long> bytes = optBytes(key, 0);
        if (bytes.isPresent() && bytes.get() < min) {
            problem(
                    key,
                    "too small: " + s.trim() + " is " + bytes.get() + " bytes (expected at least " + minText + ")");
            return Optional.empty();
        }
        return bytes;
    }

    <E extends Enum<E>> E enumValue(String key, Class<E> type) {
        if (nulled(key, "one of " + choices(type))) {
            return reference(key, d -> d.enumValue(key, type));
        }
        return optEnum(key, type).orElseGet(() -> reference(key, d -> d.enumValue(key, type)));
    }

    /** An optional choice (reference.conf: null); empty when not set or not one of the choices. */
    <E extends Enum<E>> Optional<E> optEnum(String key, Class<E> type) {
        Optional<String> raw = optString(key);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        String wanted = raw.get().trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(wanted)) {
                return Optional.of(e);
            }
        }
        problem(key, "invalid value " + quote(raw.get()) + ": expected one of " + choices(type));
        return Optional.empty();
    }

    Path path(String key) {
        if (nulled(key, "an absolute path")) {
            return reference(key, d -> d.path(key));
        }
        Optional<String> raw = optString(key);
        if (raw.isEmpty()) {
            return reference(key, d -> d.path(key));
        }
        String s = raw.get();
        if (s.isEmpty() || !s.startsWith("/") || s.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            problem(key, "expected an absolute path, found " + quote(s));
            return reference(key, d -> d.path(key));
        }
        return Path.of(s);
    }

    Optional<URI> optUri(String key, Predicate<URI> extra, String expected) {
        Optional<String> raw = optString(key);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(raw.get().trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || !extra.test(uri)) {
                problem(key, "invalid URL " + quote(raw.get()) + ": expected " + expected);
                return Optional.empty();
            }
            return Optional.of(uri);
        } catch (URISyntaxException e) {
            problem(key, "invalid URL " + quote(raw.get()) + ": " + e.getReason());
            return Optional.empty();
        }
    }

    // ---- lists ---------------------------------------------------------------------------------

    List<String> stringList(String key) {
        String path = declared(key);
        if (!config.hasPath(path)) {
            return List.of();
        }
        ConfigValue value = config.getValue(path);
        if (value.valueType() != ConfigValueType.LIST) {
            problem(key, "expected a list such as [\"a\", \"b\"], found " + render(key));
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (ConfigValue item : config.getList(path)) {
            if (item.valueType() == ConfigValueType.OBJECT
                    || item.valueType() == ConfigValueType.LIST
                    || item.valueType() == ConfigValueType.NULL) {
                problem(key, "expected a list of plain values, found an element of type " + describe(item.valueType()));
                return List.of();
            }
            out.add(String.valueOf(item.unwrapped()));
        }
        return List.copyOf(out);
    }

    /** One plain element of a list, with where it is written (a message about it names its own line). */
    record Element(int number, String value, String file, int line) {}

    /** The plain elements of the list at {@code key}, each with its own file and line. */
    List<Element> elements(String key) {
        String path = declared(key);
        if (!config.hasPath(path)) {
            return List.of();
        }
        List<String> values = stringList(key);
        if (values.isEmpty()) {
            return List.of();
        }
        List<Element> out = new ArrayList<>();
        int number = 0;
        for (ConfigValue item : config.getList(path)) {
            ConfigOrigin origin = item.origin();
            out.add(new Element(
                    number + 1,
                    values.get(number),
                    fileOf(origin),
                    origin == null ? 0 : Math.max(origin.lineNumber(), 0)));
            number++;
        }
        return List.copyOf(out);
    }

    /** Records a problem about one plain element of a list, at the element's line. */
    void problem(Element element, String key, String message) {
        problems.add(new ConfigProblem(element.file(), element.line(), ROOT + key, message));
    }

    List<Integer> intList(String key, int min, int max) {
        List<Integer> out = new ArrayList<>();
        for (String s : stringList(key)) {
            try {
                int n = Integer.parseInt(s.trim());
                if (n < min || n > max) {
                    problem(key, "element out of range: " + n + " (expected " + min + " to " + max + ")");
                    return List.of();
                }
                out.add(n);
            } catch (NumberFormatException e) {
                problem(key, "expected a list of whole numbers, found element " + quote(s));
                return List.of();
            }
        }
        return List.copyOf(out);
    }

    /**
     * One element of a list of objects, with where it is written (messages about an element name its own
     * line, not the list's).
     */
    record Item(int number, Config value, String file, int line) {}

    /** The list of objects at {@code key}; each element that is not an object is a problem at its line. */
    List<Item> objectList(String key) {
        String path = declared(key);
        if (!config.hasPath(path)) {
            return List.of();
        }
        ConfigValue value = config.getValue(path);
        if (value.valueType() != ConfigValueType.LIST) {
            problem(key, "expected a list such as [{ ... }], found " + render(key));
            return List.of();
        }
        List<Item> out = new ArrayList<>();
        int number = 0;
        for (ConfigValue item : config.getList(path)) {
            number++;
            ConfigOrigin origin = item.origin();
            String file = fileOf(origin);
            int line = origin == null ? 0 : Math.max(origin.lineNumber(), 0);
            if (item.valueType() != ConfigValueType.OBJECT) {
                problems.add(new ConfigProblem(
                        file,
                        line,
                        ROOT + key,
                        "entry " + number + ": expected an object such as { ... }, found "
                                + describe(item.valueType())));
                continue;
            }
            out.add(new Item(number, ((com.typesafe.config.ConfigObject) item).toConfig(), file, line));
        }
        return out;
    }

    /** Records a problem about one element of a list of objects, at the element's line. */
    void problem(Item item, String key, String message) {
        problems.add(
                new ConfigProblem(item.file(), item.line(), ROOT + key, "entry " + item.number() + ": " + message));
    }

    // ---- helpers -------------------------------------------------------------------------------

    private String render(String key) {
        try {
            ConfigValue v = config.getValue(ROOT + key);
            String text = v.render(com.typesafe.config.ConfigRenderOptions.concise());
            return text.length() > 60 ? text.substring(0, 57) + "..." : text;
        } catch (ConfigException e) {
            return "nothing";
        }
    }

    static String quote(String s) {
        String shown = s.length() > 60 ? s.substring(0, 57) + "..." : s;
        StringBuilder b = new StringBuilder("\"");
        for (char c : shown.toCharArray()) {
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\u%04x", (int) c));
            } else if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    private static String describe(ConfigValueType t) {
        return switch (t) {
            case OBJECT -> "an object";
            case LIST -> "a list";
            case NULL -> "null";
            case BOOLEAN -> "a boolean";
            case NUMBER -> "a number";
            case STRING -> "a string";
        };
    }

    private static <E extends Enum<E>> String choices(Class<E> type) {
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            names.add(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        return String.join(", ", names);
    }

    static String human(Duration d) {
        if (d.toMillis() < 1000) {
            return d.toMillis() + "ms";
        }
        if (d.toSeconds() < 120 || d.toSeconds() % 60 != 0) {
            return d.toSeconds() + "s";
        }
        if (d.toMinutes() < 120 || d.toMinutes() % 60 != 0) {
            return d.toMinutes() + "m";
        }
        return d.toHours() + "h";
    }
}
