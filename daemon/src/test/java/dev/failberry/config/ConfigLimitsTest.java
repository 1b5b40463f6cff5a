package dev.failberry.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Adversarial configurations (issue 21 item 7, issue 20): each is one problem with its file and line,
 * never an OutOfMemoryError or StackOverflowError, never a network fetch.
 */
class ConfigLimitsTest {
    @TempDir
    Path dir;

    private ConfigProblem onlyProblem(Path file) {
        try {
            ConfigLoader.load(file);
        } catch (InvalidConfigException e) {
            assertThat(e.problems()).hasSize(1);
            return e.problems().get(0);
        }
        throw new AssertionError("accepted: " + file);
    }

    @Test
    void a20MegabyteFileIsRefusedUnread() throws IOException {
        Path big = dir.resolve("big.conf");
        try (var file = new java.io.RandomAccessFile(big.toFile(), "rw")) {
            file.write("failberry.modem.apn = internet\n".getBytes(StandardCharsets.US_ASCII));
            file.setLength(20L * 1024 * 1024); // the rest reads as NULs; it is refused by its size, unread
        }
        assertThat(onlyProblem(big).toString())
                .isEqualTo(big + ":0: failberry: the file is " + Files.size(big)
                        + " bytes; a configuration file may be at most 1 MiB");
    }

    @Test
    void nestingAThousandDeepIsOneLineNotAStackOverflow() throws IOException {
        Path deep = Files.writeString(
                dir.resolve("deep.conf"),
                "failberry {\n  ppp.extra-options = " + "[".repeat(1000) + "]".repeat(1000) + "\n}\n");
        assertThat(onlyProblem(deep).toString())
                .isEqualTo(deep + ":2: failberry: syntax error: nested more than 64 levels deep (objects and lists)");
        Path deepObjects = Files.writeString(dir.resolve("objects.conf"), "a { ".repeat(100_000) + "}".repeat(100_000));
        assertThat(onlyProblem(deepObjects).message()).contains("nested more than 64 levels deep");
    }

    /** Issue 20: Typesafe said "expecting a close parentheses ')'" for a missing '}'. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unclosed section | failberry {\\n  modem {\\n    apn = internet\\n}\\n | 1 | the '{' opened on this line is never closed (a '}' is missing before the end of the file)
            unclosed list    | failberry {\\n  ppp.extra-options = [mtu, 1400\\n}\\n | 3 | '}' where the '[' opened on line 2 should be closed with ']'
            one too many     | failberry {\\n  modem.apn = internet\\n}\\n}\\n | 4 | '}' with nothing open to close
            """)
    void bracketsThatDoNotPairAreReportedWhereTheyWereOpened(String name, String text, int line, String message)
            throws IOException {
        Path f = Files.writeString(dir.resolve("f.conf"), text.replace("\\n", "\n"));
        assertThat(onlyProblem(f).toString()).isEqualTo(f + ":" + line + ": failberry: syntax error: " + message);
    }

    @Test
    void bracketsInStringsCommentsAndSubstitutionsAreNotCounted() {
        String text = """
                failberry { # a comment with { and [
                  // another }
                  modem.apn = "in{ter]net\\"{"
                  dns.record = \"\"\"tri{ple
                  ]\"\"\"\"
                  ppp.extra-options = [${?NOTHING}, "]"]
                  include "extra.conf"
                  includes = x
                }
                """;
        assertThat(HoconShape.check(text.getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    @Test
    void includeUrlIsRefusedWithItsLineAndNeverFetched() throws IOException {
        try (ServerSocket server = new ServerSocket(0)) {
            server.setSoTimeout(300);
            String url = "http://127.0.0.1:" + server.getLocalPort() + "/extra.conf";
            Path f = Files.writeString(dir.resolve("url.conf"), "failberry {}\ninclude url(\"" + url + "\")\n");
            assertThat(onlyProblem(f).toString())
                    .isEqualTo(
                            f + ":2: failberry: syntax error: include url(...) is not"
                                    + " allowed: only files can be included (include \"extra.conf\" or include file(\"/etc/failberry/extra.conf\"))");
            Path g = Files.writeString(
                    dir.resolve("heuristic.conf"), "failberry {\n  include required(\"" + url + "\")\n}\n");
            assertThat(onlyProblem(g).toString())
                    .startsWith(g + ":2: failberry: syntax error: include \"" + url
                            + "\" names a URL, which is not allowed");
            Path h = Files.writeString(dir.resolve("cp.conf"), "include classpath(\"reference.conf\")\n");
            assertThat(onlyProblem(h).toString())
                    .startsWith(h + ":1: failberry: syntax error: include classpath(...) is not allowed");
            assertThatThrownBy(server::accept).as("nothing connected").isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void fileIncludesWorkAndAreBoundedLikeTheMainFile() throws Exception {
        Path extra = Files.writeString(dir.resolve("extra.conf"), "failberry.modem.apn = included.apn\n");
        Path main = Files.writeString(
                dir.resolve("main.conf"), "include \"extra.conf\"\ninclude file(\"" + extra + "\")\n");
        assertThat(ConfigLoader.load(main).modem().apn()).isEqualTo("included.apn");

        Path broken = Files.writeString(dir.resolve("broken.conf"), "failberry {\n");
        Path includesBroken = Files.writeString(dir.resolve("b.conf"), "include \"broken.conf\"\n");
        assertThat(onlyProblem(includesBroken).toString())
                .isEqualTo(
                        broken
                                + ":1: failberry: syntax error: the '{' opened on this line is never closed (a '}' is missing before the end of the file)");

        Path many = Files.writeString(
                dir.resolve("many.conf"), "include \"extra.conf\"\n".repeat(FileIncluder.MAX_FILES + 1));
        assertThat(onlyProblem(many).message()).isEqualTo("more than 16 includes in one configuration");
    }

    @Test
    void aLongChainOfSubstitutionsIsBoundedAndStackOverflowIsAProblemNotACrash() throws Exception {
        StringBuilder b = new StringBuilder("failberry.modem.apn = ${a0}\n");
        for (int n = 0; n < 2_000; n++) {
            b.append("a").append(n).append(" = ${a").append(n + 1).append("}\n");
        }
        b.append("a2000 = x\n");
        Path f = Files.writeString(dir.resolve("chain.conf"), b);
        assertThat(onlyProblem(f).toString())
                .isEqualTo(f + ":257: failberry: syntax error: more than 256 substitutions (${...})");

        // The backstop for what the shape check does not bound, on a tiny stack: a problem, not a crash.
        var outcome = new java.util.concurrent.atomic.AtomicReference<Throwable>();
        Thread t = new Thread(
                null,
                () -> {
                    try {
                        ConfigLoader.fromUserConfig(
                                com.typesafe.config.ConfigFactory.parseString(b.toString()), "chain");
                    } catch (Throwable e) {
                        outcome.set(e);
                    }
                },
                "tiny-stack",
                64 * 1024);
        t.start();
        t.join(60_000);
        assertThat(outcome.get())
                .isInstanceOfSatisfying(
                        InvalidConfigException.class,
                        e -> assertThat(e.problems().get(0).toString())
                                .isEqualTo(
                                        "chain:0: failberry: too deeply nested or"
                                                + " self-referencing to read (limits: 64 levels of nesting, 256 substitutions, 16 includes, 1 MiB per file)"));
    }

    @Test
    void theShippedFilesKeepTheirShape() throws IOException {
        for (String shipped :
                new String[] {"config/failberry.conf", "config/demo.conf", "daemon/src/main/resources/reference.conf"
                }) {
            assertThat(HoconShape.check(Files.readAllBytes(Path.of(shipped))))
                    .as(shipped)
                    .isEqualTo(Optional.empty());
        }
    }
}
