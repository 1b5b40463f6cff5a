package dev.failberry.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code wired.probe}: what is read, and every bad value as FILE:LINE: key: message (at the element's own line). */
class WiredProbeConfigTest {
    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        return ConfigFiles.write(dir, text);
    }

    private List<String> problems(String text) throws IOException {
        return ConfigFiles.problems(dir, text);
    }

    @Test
    void aDomesticAndAnInternationalTargetBothRequired() throws Exception {
        FailberryConfig c = ConfigLoader.load(write("""
                failberry.wired.probe {
                  targets = [
                    "ns1.example.net:53"
                    "1.1.1.1:443"
                  ]
                  http-url = "http://connectivitycheck.gstatic.com/generate_204"
                  interval = 5s
                  timeout = 2s
                  window = 4
                  failures = 2
                  required = 3
                }
                """));
        var p = c.wired().probe();
        assertThat(p.enabled()).isTrue();
        assertThat(p.checks()).isEqualTo(3);
        assertThat(p.addresses()).containsExactly(new HostPort("ns1.example.net", 53), new HostPort("1.1.1.1", 443));
        assertThat(p.targets().get(0).line()).isEqualTo(3);
        assertThat(p.targets().get(1).line()).isEqualTo(4);
        assertThat(p.interval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(p.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(List.of(p.window(), p.failures(), p.required())).containsExactly(4, 2, 3);
        assertThat(c.warnings()).isEmpty();
        assertThat(ConfigLoader.load(write("failberry.wired.probe.targets = []\n"))
                        .wired()
                        .probe()
                        .enabled())
                .isFalse();
    }

    static Stream<Arguments> bad() {
        return Stream.of(
                Arguments.of(
                        "malformed target, at its own line",
                        "failberry.wired.probe.targets = [\n  \"1.1.1.1:443\"\n  \"ns1.example.net\"\n]\n",
                        List.of("FILE:3: failberry.wired.probe.targets: invalid target \"ns1.example.net\": expected "
                                + "host:port such as 1.1.1.1:443 or a domestic ISP's host such as 203.0.113.53:53")),
                Arguments.of(
                        "a port out of range",
                        "failberry.wired.probe.targets = [\"1.1.1.1:70000\"]\n",
                        List.of("FILE:1: failberry.wired.probe.targets: invalid target \"1.1.1.1:70000\": expected "
                                + "host:port such as 1.1.1.1:443 or a domestic ISP's host such as 203.0.113.53:53")),
                Arguments.of(
                        "something that is no host name",
                        "failberry.wired.probe.targets = [\"1.1.1.1 lookup 7102:443\"]\n",
                        List.of(
                                "FILE:1: failberry.wired.probe.targets: invalid target \"1.1.1.1 lookup 7102:443\": "
                                        + "expected host:port such as 1.1.1.1:443 or a domestic ISP's host such as 203.0.113.53:53")),
                Arguments.of(
                        "IPv6 target",
                        "failberry.wired.probe.targets = [\"[2606:4700::1111]:443\"]\n",
                        List.of("FILE:1: failberry.wired.probe.targets: invalid target \"[2606:4700::1111]:443\": the "
                                + "wired path is probed over IPv4 (an IPv4 address, or a name with an A record)")),
                Arguments.of(
                        "the same target twice",
                        "failberry.wired.probe.targets = [\"1.1.1.1:443\", \"1.1.1.1:443\"]\n",
                        List.of("FILE:1: failberry.wired.probe.targets: duplicate target \"1.1.1.1:443\"")),
                Arguments.of(
                        "required larger than the target list",
                        "failberry.wired.probe {\n  targets = [\"1.1.1.1:443\", \"8.8.8.8:443\"]\n  required = 3\n}\n",
                        List.of("FILE:3: failberry.wired.probe.required: is 3 but there are only 2 targets: a round "
                                + "could never pass")),
                Arguments.of(
                        "required larger than the default targets",
                        "failberry.wired.probe.required = 5\n",
                        List.of("FILE:1: failberry.wired.probe.required: is 5 but there are only 2 targets: a round "
                                + "could never pass")),
                Arguments.of(
                        "required zero",
                        "failberry.wired.probe.required = 0\n",
                        List.of("FILE:1: failberry.wired.probe.required: out of range: 0 (expected 1 to 100)")),
                Arguments.of(
                        "an interval below 1 s",
                        "failberry.wired.probe {\n  interval = 500ms\n  timeout = 200ms\n}\n",
                        List.of("FILE:2: failberry.wired.probe.interval: out of range: 500ms (expected 1s to 60m)")),
                Arguments.of(
                        "a timeout as long as the interval",
                        "failberry.wired.probe {\n  interval = 5s\n  timeout = 5s\n}\n",
                        List.of("FILE:3: failberry.wired.probe.timeout: must be shorter than wired.probe.interval "
                                + "(5s): a round must end before the next one is due")),
                Arguments.of(
                        "an interval without a unit",
                        "failberry.wired.probe.interval = 10\n",
                        List.of("FILE:1: failberry.wired.probe.interval: expected a duration with a unit (e.g. 500ms, "
                                + "30s, 5m), found 10")),
                Arguments.of(
                        "one failed round would flip the verdict",
                        "failberry.wired.probe.failures = 1\n",
                        List.of("FILE:1: failberry.wired.probe.failures: out of range: 1 (expected 2 to 100)")),
                Arguments.of(
                        "more failures than the window holds",
                        "failberry.wired.probe { window = 3, failures = 4 }\n",
                        List.of("FILE:1: failberry.wired.probe.failures: must not exceed wired.probe.window (3)")),
                Arguments.of(
                        "an http-url that is no URL",
                        "failberry.wired.probe.http-url = \"ftp://example.net/\"\n",
                        List.of("FILE:1: failberry.wired.probe.http-url: invalid URL \"ftp://example.net/\": expected "
                                + "an http:// or https:// URL that answers 204")),
                Arguments.of(
                        "a typo",
                        "failberry.wired.probe.requried = 2\n",
                        List.of("FILE:1: failberry.wired.probe.requried: unknown key (did you mean \"required\"?)")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bad")
    void badValuesAreReportedWithFileLineKeyAndMessage(String name, String text, List<String> expected)
            throws IOException {
        assertThat(problems(text)).containsExactlyElementsOf(expected);
    }

    /** HostPort's written-out equals and hashCode keep a record's contract (the duplicate check relies on it). */
    @Test
    void hostPortEqualityIsByHostAndPort() {
        var a = new HostPort("1.1.1.1", 443);
        assertThat(a).isEqualTo(new HostPort("1.1.1.1", 443)).hasSameHashCodeAs(new HostPort("1.1.1.1", 443));
        assertThat(a).isNotEqualTo(new HostPort("1.1.1.1", 53)).isNotEqualTo(new HostPort("1.0.0.1", 443));
        assertThat(a.equals(null)).isFalse();
        assertThat(a.equals("1.1.1.1:443")).isFalse();
        assertThat(java.util.Set.of(a, new HostPort("::1", 443))).contains(new HostPort("::1", 443));
    }
}
