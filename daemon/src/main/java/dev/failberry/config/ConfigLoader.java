package dev.failberry.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Loads a HOCON file over {@code reference.conf} and turns it into a validated {@link FailberryConfig},
 * or throws one {@link InvalidConfigException} listing every problem: syntax errors, unknown keys (with a
 * suggestion), wrong types, out-of-range numbers, missing keys the chosen provider needs, and values that
 * would be unsafe in a chat script or on a command line.
 */
public final class ConfigLoader {
    private static final String ROOT = "failberry";

    private ConfigLoader() {}

    /** The defaults alone (used by tests and by {@code demo} as a base). */
    public static Config reference() {
        return ConfigFactory.parseResources(
                ConfigLoader.class.getClassLoader(),
                "reference.conf",
                ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setAllowMissing(false));
    }

    public static FailberryConfig load(Path file) throws InvalidConfigException {
        String label = file.toString();
        if (!Files.isRegularFile(file)) {
            throw new InvalidConfigException(List.of(new ConfigProblem(
                    label, 0, ROOT, Files.exists(file) ? "not a regular file" : "configuration file not found")));
        }
        if (!Files.isReadable(file)) {
            throw new InvalidConfigException(
                    List.of(new ConfigProblem(label, 0, ROOT, "configuration file not readable (permissions)")));
        }
        Config user;
        try {
            FileIncluder.read(file);
            user = ConfigFactory.parseFile(
                    file.toFile(),
                    ConfigParseOptions.defaults()
                            .setSyntax(ConfigSyntax.CONF)
                            .setAllowMissing(false)
                            .setIncluder(new FileIncluder()));
        } catch (ConfigException e) {
            throw new InvalidConfigException(List.of(syntaxProblem(label, e)));
        } catch (java.io.IOException e) {
            throw new InvalidConfigException(List.of(
                    new ConfigProblem(label, 0, ROOT, "configuration file not readable (" + e.getMessage() + ")")));
        } catch (StackOverflowError e) {
            throw new InvalidConfigException(List.of(tooComplex(label)));
        }
        return fromUserConfig(user, label);
    }

    /**
     * The backstop for what {@link HoconShape} does not bound (a long chain of substitutions, say):
     * a configuration no one writes by hand, reported instead of a stack trace.
     */
    private static ConfigProblem tooComplex(String label) {
        return new ConfigProblem(
                label,
                0,
                ROOT,
                "too deeply nested or self-referencing to read (limits: "
                        + HoconShape.MAX_DEPTH + " levels of nesting, " + HoconShape.MAX_SUBSTITUTIONS
                        + " substitutions, "
                        + FileIncluder.MAX_FILES + " includes, 1 MiB per file)");
    }

    /** Validates an already parsed user config (tests, demo overrides). */
    public static FailberryConfig fromUserConfig(Config user, String label) throws InvalidConfigException {
        return fromUserConfig(user, label, reference());
    }

    /** As {@link #fromUserConfig(Config, String)} over another reference (tests: one key taken out). */
    static FailberryConfig fromUserConfig(Config user, String label, Config reference) throws InvalidConfigException {
        List<ConfigProblem> problems = new ArrayList<>(unknownKeys(user, reference, label));
        Config merged;
        ConfigReader reader;
        FailberryConfig config;
        try {
            merged = user.withFallback(reference).resolve();
            reader = new ConfigReader(merged, reference.resolve(), label);
            config = new SectionReader(reader, label).read();
        } catch (ConfigException e) {
            problems.add(syntaxProblem(label, e));
            problems.sort(null);
            throw new InvalidConfigException(problems);
        } catch (StackOverflowError e) {
            problems.add(tooComplex(label));
            problems.sort(null);
            throw new InvalidConfigException(problems);
        }
        problems.addAll(reader.problems());
        if (!problems.isEmpty()) {
            problems.sort(null);
            throw new InvalidConfigException(dedupe(problems));
        }
        return config;
    }

    private static List<ConfigProblem> dedupe(List<ConfigProblem> problems) {
        Set<String> seen = new java.util.HashSet<>();
        List<ConfigProblem> out = new ArrayList<>();
        for (ConfigProblem p : problems) {
            if (seen.add(p.toString())) {
                out.add(p);
            }
        }
        return out;
    }

    private static ConfigProblem syntaxProblem(String label, ConfigException e) {
        int line = e.origin() == null ? 0 : Math.max(0, e.origin().lineNumber());
        String message = e.getMessage();
        // Typesafe prefixes messages with "file: N: "; keep only the explanation.
        int idx = message.indexOf(": " + line + ": ");
        if (idx >= 0) {
            message = message.substring(idx + (": " + line + ": ").length());
        }
        // A problem in an included file is reported at that file's line.
        String file =
                e.origin() != null && e.origin().filename() != null ? e.origin().filename() : label;
        return new ConfigProblem(
                file, line, ROOT, e instanceof FileIncluder.Oversized ? message : "syntax error: " + message);
    }

    /** Every leaf the user set that reference.conf does not know, with a "did you mean" hint. */
    static List<ConfigProblem> unknownKeys(Config user, Config reference, String label) {
        List<ConfigProblem> problems = new ArrayList<>();
        for (Map.Entry<String, ConfigValue> top : user.root().entrySet()) {
            if (!top.getKey().equals(ROOT)) {
                problems.add(new ConfigProblem(
                        label,
                        line(top.getValue()),
                        top.getKey(),
                        "unknown top-level key: all settings live under \"failberry { ... }\""));
            }
        }
        ConfigValue root = user.root().get(ROOT);
        if (root == null || typeOf(root) == null) {
            return problems; // absent, or a substitution: the merged, resolved config is checked later
        }
        if (typeOf(root) != ConfigValueType.OBJECT) {
            problems.add(new ConfigProblem(label, line(root), ROOT, "expected an object"));
            return problems;
        }
        walk((com.typesafe.config.ConfigObject) root, ROOT, reference, label, problems);
        return problems;
    }

    /**
     * The value's type, or null for a substitution ({@code ${...}}) that is resolved only later,
     * against reference.conf: asking an unresolved value for its type throws NotResolved.
     */
    private static ConfigValueType typeOf(ConfigValue value) {
        try {
            return value.valueType();
        } catch (ConfigException.NotResolved e) {
            return null;
        }
    }

    private static void walk(
            com.typesafe.config.ConfigObject obj,
            String prefix,
            Config reference,
            String label,
            List<ConfigProblem> problems) {
        Set<Map.Entry<String, ConfigValue>> entries;
        try {
            entries = obj.entrySet();
        } catch (ConfigException.NotResolved e) {
            return; // a section merged with a substitution lists its keys only once resolved
        }
        for (Map.Entry<String, ConfigValue> e : entries) {
            String path = prefix + "." + quoteKey(e.getKey());
            if (!reference.hasPathOrNull(path)) {
                problems.add(new ConfigProblem(
                        label,
                        line(e.getValue()),
                        prefix + "." + e.getKey(),
                        "unknown key" + suggestion(reference, prefix, e.getKey())));
                continue;
            }
            boolean refIsObject =
                    reference.hasPath(path) && reference.getValue(path).valueType() == ConfigValueType.OBJECT;
            ConfigValueType type = typeOf(e.getValue());
            if (type == ConfigValueType.OBJECT && refIsObject) {
                walk((com.typesafe.config.ConfigObject) e.getValue(), path, reference, label, problems);
            } else if (refIsObject && type != ConfigValueType.NULL && type != null) {
                problems.add(new ConfigProblem(
                        label,
                        line(e.getValue()),
                        prefix + "." + e.getKey(),
                        "expected an object (a section such as " + e.getKey() + " { ... })"));
            }
        }
    }

    private static String quoteKey(String key) {
        // Typesafe's own quoting: it escapes backslashes and control characters too, which a bare
        // "\"" + key + "\"" did not (a key such as "a\u0000b" made hasPathOrNull throw BadPath)
        return key.matches("[A-Za-z0-9_-]+") ? key : ConfigUtil.quoteString(key);
    }

    private static String suggestion(Config reference, String prefix, String key) {
        if (!reference.hasPath(prefix)) {
            return "";
        }
        Set<String> siblings = new TreeSet<>(reference.getConfig(prefix).root().keySet());
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String s : siblings) {
            int d = distance(s, key);
            if (d < bestDistance) {
                bestDistance = d;
                best = s;
            }
        }
        if (best != null && bestDistance <= Math.max(2, key.length() / 3)) {
            return " (did you mean \"" + best + "\"?)";
        }
        return " (known keys here: " + String.join(", ", siblings) + ")";
    }

    private static int line(ConfigValue value) {
        return value.origin() == null ? 0 : Math.max(0, value.origin().lineNumber());
    }

    /** Levenshtein distance, for "did you mean". */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
