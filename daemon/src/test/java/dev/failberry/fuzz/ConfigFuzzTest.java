package dev.failberry.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import dev.failberry.config.ConfigLoader;
import dev.failberry.config.ConfigProblem;
import dev.failberry.config.FailberryConfig;
import dev.failberry.config.InvalidConfigException;
import dev.failberry.testutil.LookupRecorder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The config validator against random config trees: real keys, near-miss typos of them, random and
 * oddly quoted keys, top-level strays; values of every type (strings with quotes, control characters
 * and Unicode, huge and negative numbers, durations without units, lists, nested objects, nulls),
 * given as HOCON text through {@link ConfigLoader#load(Path)} (also mutated into syntax garbage, and
 * as random non-UTF-8 bytes) and as Typesafe {@link Config} objects through
 * {@link ConfigLoader#fromUserConfig}. The outcome is always a {@link FailberryConfig} or an
 * {@link InvalidConfigException} with at least one {@code FILE:LINE: key: message} problem, printable
 * one per line; never another exception, never a name lookup, never slow.
 */
@AddLifecycleHook(FuzzCampaign.class)
class ConfigFuzzTest {

    private static final long MAX_MILLIS = 3000;
    private static Path dir;

    /** Every path reference.conf knows under failberry, sections and null-valued leaves included. */
    static final List<String> PATHS = new ArrayList<>();

    static final List<String> LEAVES = new ArrayList<>();

    static {
        collect(ConfigLoader.reference().root(), "");
    }

    private static void collect(ConfigObject obj, String prefix) {
        for (Map.Entry<String, ConfigValue> e : obj.entrySet()) {
            String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            PATHS.add(path);
            if (e.getValue().valueType() == ConfigValueType.OBJECT) {
                collect((ConfigObject) e.getValue(), path);
            } else {
                LEAVES.add(path);
            }
        }
    }

    @BeforeContainer
    static void makeDir() throws IOException {
        dir = Files.createTempDirectory("config-fuzz");
    }

    @AfterContainer
    static void removeDir() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(dir);
    }

    // ---------------------------------------------------------------- generators

    /** One setting: path segments and a value (a Java value, or raw HOCON text when it is a Raw). */
    record Entry(List<String> path, Object value) {}

    /** A value written verbatim into HOCON text. */
    record Raw(String text) {}

    private static final List<String> RAW = List.of(
            "30",
            "-5",
            "0",
            "1e400",
            "-1e400",
            "99999999999999999999",
            "9223372036854775808",
            "2147483648",
            "1.5",
            "5m",
            "500 ms",
            "1.5h",
            "-5s",
            "99999999999999d",
            "3 fortnights",
            "5G",
            "1e3M",
            "-1K",
            "true",
            "yes",
            "off",
            "null",
            "[]",
            "{}",
            "[1, \"a\", [2], {b: 3}, null]",
            "${failberry.modem.apn}",
            "${?HOME}",
            "${?NO_SUCH_VARIABLE_XYZ}",
            "${failberry.ppp}",
            "\"\"\"tri\nple\"\"\"",
            "unquoted text here",
            "\"0.0.0.0\"",
            "\".:1.2.3.4\"",
            "\"::\"",
            "\"[::1]:53\"",
            "\"1.1.1.1:443\"",
            "\"https://example.com/x\"",
            "\"http://\"",
            "\"/dev/ttyUSB0\"",
            "\"*99#\"",
            "\"ATZ\"",
            "\"ppp0\"",
            "\"us-east-1\"",
            "\"Z123\"",
            "\"lte.home.example.com\"",
            "\"function-url\"",
            "\"route53\"",
            "\"lambda\"",
            "\"failover\"",
            "\"uhubctl\"",
            "\"sysfs\"",
            "\"rts-cts\"");

    private static Arbitrary<List<String>> paths() {
        Arbitrary<List<String>> real = Arbitraries.of(LEAVES).map(ConfigFuzzTest::split);
        Arbitrary<List<String>> section = Arbitraries.of(PATHS).map(ConfigFuzzTest::split);
        Arbitrary<List<String>> typo =
                Combinators.combine(Arbitraries.of(PATHS), Arbitraries.longs()).as(ConfigFuzzTest::typo);
        Arbitrary<String> oddKey = Arbitraries.oneOf(
                Arbitraries.strings().all().ofMinLength(1).ofMaxLength(12),
                Arbitraries.of("", " ", "\"", "a.b", "$", "\n", "\u0000", "é", "\ud83d\ude00", "failberry", "include"));
        Arbitrary<List<String>> random = Combinators.combine(section, oddKey).as((p, k) -> {
            List<String> l = new ArrayList<>(p.subList(0, Math.max(1, p.size() - 1)));
            l.add(k);
            return l;
        });
        Arbitrary<List<String>> stray = oddKey.map(List::of);
        return Arbitraries.frequencyOf(
                Tuple.of(12, real), Tuple.of(2, section), Tuple.of(4, typo), Tuple.of(2, random), Tuple.of(1, stray));
    }

    private static List<String> split(String path) {
        return new ArrayList<>(ConfigUtil.splitPath(path));
    }

    /** A near miss: one segment with a character dropped, doubled, swapped, '-' for '_' or upper case. */
    private static List<String> typo(String path, long seed) {
        Random r = new Random(seed);
        List<String> l = split(path);
        int i = 1 + r.nextInt(Math.max(1, l.size() - 1));
        i = Math.min(i, l.size() - 1);
        StringBuilder s = new StringBuilder(l.get(i));
        int at = r.nextInt(s.length());
        switch (r.nextInt(5)) {
            case 0 -> s.deleteCharAt(at);
            case 1 -> s.insert(at, s.charAt(at));
            case 2 -> {
                if (at + 1 < s.length()) {
                    char c = s.charAt(at);
                    s.setCharAt(at, s.charAt(at + 1));
                    s.setCharAt(at + 1, c);
                }
            }
            case 3 -> {
                int dash = s.indexOf("-");
                if (dash >= 0) {
                    s.setCharAt(dash, '_');
                } else {
                    s.append('s');
                }
            }
            default -> s.setCharAt(at, Character.toUpperCase(s.charAt(at)));
        }
        if (s.length() == 0) {
            s.append('x');
        }
        l.set(i, s.toString());
        return l;
    }

    private static Arbitrary<Object> values() {
        Arbitrary<Object> strings = Arbitraries.oneOf(
                        Arbitraries.strings().all().ofMaxLength(30),
                        Arbitraries.strings()
                                .withCharRange(' ', '~')
                                .withChars("\"\\\n\r\t\u0000\u007f")
                                .ofMaxLength(30),
                        Arbitraries.of("", " 30s ", "30", "5 m", "auto", "none", "INFO", "internet", "1234"))
                .map(o -> o);
        Arbitrary<Object> numbers = Arbitraries.oneOf(
                Arbitraries.integers().map(o -> (Object) o), Arbitraries.longs().map(o -> (Object) o),
                Arbitraries.doubles().map(o -> (Object) o),
                        Arbitraries.of(-1, 0, 65536, Integer.MAX_VALUE, Long.MIN_VALUE)
                                .map(o -> (Object) o));
        Arbitrary<Object> scalars = Arbitraries.oneOf(
                strings,
                numbers,
                Arbitraries.of(true, false).map(o -> (Object) o),
                Arbitraries.just(null),
                Arbitraries.of(RAW).map(Raw::new));
        Arbitrary<Object> lists =
                scalars.filter(v -> !(v instanceof Raw)).list().ofMaxSize(4).map(o -> (Object) o);
        Arbitrary<Object> maps = Arbitraries.maps(
                        Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(6),
                        scalars.filter(v -> !(v instanceof Raw)))
                .ofMaxSize(3)
                .map(o -> (Object) o);
        return Arbitraries.frequencyOf(Tuple.of(10, scalars), Tuple.of(1, lists), Tuple.of(1, maps));
    }

    @Provide
    Arbitrary<List<Entry>> trees() {
        Arbitrary<Entry> random = Combinators.combine(paths(), values()).as(Entry::new);
        // real keys with their default values keep some trees valid, so the accepted path is fuzzed too
        Config reference = ConfigLoader.reference();
        Arbitrary<Entry> valid = Arbitraries.of(LEAVES)
                .map(leaf -> new Entry(
                        split(leaf),
                        reference.hasPath(leaf)
                                ? new Raw(reference.getValue(leaf).render(ConfigRenderOptions.concise()))
                                : null));
        return Arbitraries.frequencyOf(Tuple.of(3, random), Tuple.of(2, valid))
                .list()
                .ofMinSize(0)
                .ofMaxSize(12);
    }

    /** HOCON text for a tree: one {@code path = value} line per entry. */
    static String hocon(List<Entry> tree) {
        StringBuilder b = new StringBuilder();
        for (Entry e : tree) {
            b.append(ConfigUtil.joinPath(e.path())).append(" = ");
            if (e.value() instanceof Raw raw) {
                b.append(raw.text());
            } else {
                b.append(ConfigValueFactory.fromAnyRef(e.value()).render(ConfigRenderOptions.concise()));
            }
            b.append('\n');
        }
        return b.toString();
    }

    /** The same tree as nested maps (later entries win), for fromUserConfig. */
    @SuppressWarnings("unchecked")
    static Config config(List<Entry> tree) {
        Map<String, Object> root = new LinkedHashMap<>();
        for (Entry e : tree) {
            Map<String, Object> m = root;
            for (String seg : e.path().subList(0, e.path().size() - 1)) {
                Object next = m.get(seg);
                if (!(next instanceof Map)) {
                    next = new LinkedHashMap<String, Object>();
                    m.put(seg, next);
                }
                m = (Map<String, Object>) next;
            }
            Object v = e.value() instanceof Raw raw ? raw.text() : e.value();
            m.put(e.path().get(e.path().size() - 1), v);
        }
        return ConfigValueFactory.fromMap(root).toConfig();
    }

    // ---------------------------------------------------------------- properties

    @Property(tries = 400, seed = "8300")
    void hoconTreesGiveAConfigOrCleanProblems(@ForAll("trees") List<Entry> tree) throws IOException {
        String text = hocon(tree);
        Path file =
                Files.write(dir.resolve("tree.conf"), text.getBytes(StandardCharsets.UTF_8)); // lone surrogates as '?'
        checkLoad(file);
    }

    @Property(tries = 400, seed = "8301")
    void mutatedTextGivesAConfigOrCleanProblems(@ForAll("trees") List<Entry> tree, @ForAll long seed)
            throws IOException {
        String text = TextMutator.mutate(hocon(tree), seed, 8);
        Path file = Files.write(dir.resolve("mutated.conf"), text.getBytes(StandardCharsets.UTF_8));
        checkLoad(file);
    }

    @Property(tries = 100, seed = "8302")
    void randomBytesGiveAConfigOrCleanProblems(@ForAll("trees") List<Entry> tree, @ForAll long seed)
            throws IOException {
        byte[] b = hocon(tree).getBytes(StandardCharsets.UTF_8);
        Random r = new Random(seed);
        // non-UTF-8 bytes (lone continuation bytes, overlongs, 0xFF) sprinkled over real text, or pure noise
        if (r.nextInt(4) == 0) {
            b = new byte[r.nextInt(2000)];
            r.nextBytes(b);
        } else {
            b = Arrays.copyOf(b, b.length + 8);
            for (int k = 0; k < 1 + r.nextInt(8); k++) {
                int at = r.nextInt(b.length);
                b[at] = (byte) new int[] {0x80, 0xBF, 0xC0, 0xC1, 0xF5, 0xFF, 0xFE, 0xED, 0x00}[r.nextInt(9)];
            }
        }
        Path file = Files.write(dir.resolve("bytes.conf"), b);
        checkLoad(file);
    }

    @Property(tries = 400, seed = "8303")
    void configObjectsGiveAConfigOrCleanProblems(@ForAll("trees") List<Entry> tree) {
        Config user = config(tree);
        Set<String> topLevel = printable(user.root().keySet());
        check(() -> ConfigLoader.fromUserConfig(user, "fuzz-object"), "fuzz-object", topLevel);
    }

    private static void checkLoad(Path file) throws IOException {
        // the top-level keys as the loader will see them (the file's bytes decoded as UTF-8)
        String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        Set<String> topLevel = new TreeSet<>();
        try {
            topLevel = printable(ConfigFactory.parseString(text).root().keySet());
        } catch (RuntimeException syntaxError) {
            // the loader must report it as a problem under "failberry"
        }
        check(() -> ConfigLoader.load(file), file.toString(), topLevel);
    }

    /** Keys as problems show them: control characters escaped as \\uXXXX. */
    private static Set<String> printable(Set<String> keys) {
        Set<String> out = new TreeSet<>();
        for (String k : keys) {
            StringBuilder b = new StringBuilder();
            for (char c : k.toCharArray()) {
                b.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
            out.add(b.toString());
        }
        return out;
    }

    interface Load {
        FailberryConfig run() throws InvalidConfigException;
    }

    private static void check(Load load, String label, Set<String> topLevel) {
        FailberryConfig config = null;
        InvalidConfigException invalid = null;
        long t0 = System.nanoTime();
        try (LookupRecorder dns = LookupRecorder.install()) {
            try {
                config = load.run();
            } catch (InvalidConfigException e) {
                invalid = e;
            } catch (RuntimeException | StackOverflowError e) {
                fail("the validator threw " + e, e);
            }
            assertThat(dns.drain()).as("names resolved while validating").isEmpty();
        }
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertThat(ms).as("validation took %d ms", ms).isLessThan(MAX_MILLIS);

        if (config != null) {
            assertThat(config.health().port()).isBetween(0, 65535);
            assertThat(config.admin().port()).isBetween(0, 65535);
            assertThat(config.ppp().probe().failures())
                    .isBetween(1, config.ppp().probe().window());
            assertThat(config.health().requestTimeout()).isPositive();
            assertThat(config.stateDir().isAbsolute()).isTrue();
            return;
        }
        assertThat(invalid.problems()).isNotEmpty();
        for (ConfigProblem p : invalid.problems()) {
            String s = p.toString();
            assertThat(s).as("one problem per line").doesNotContain("\n", "\r");
            // a substituted value is reported where it is defined, which may be reference.conf
            assertThat(p.file().equals(label) || p.file().endsWith("reference.conf"))
                    .as("file of %s", s)
                    .isTrue();
            assertThat(p.line()).isNotNegative();
            assertThat(p.message()).isNotBlank();
            assertThat(p.key().startsWith("failberry") || topLevel.contains(p.key()))
                    .as("key %s of %s (top level: %s)", p.key(), s, topLevel)
                    .isTrue();
            assertThat(s).startsWith(p.file() + ":" + p.line() + ": " + p.key() + ": ");
        }
        assertThat(invalid.getMessage().lines().count())
                .isEqualTo(invalid.problems().size());
    }
}
