package dev.failberry.proc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Issue 21 item 9: AWS credentials in the daemon's environment reached pppd, chat and uhubctl. */
class ChildEnvironmentTest {
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    @Test
    void commandsGetAFixedPathAndTheCLocaleAndNothingElse() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(
                        ThisJvm.javaBinary(),
                        "-Xmx32m",
                        "-XX:TieredStopAtLevel=1",
                        "-cp",
                        ThisJvm.absoluteClassPath(),
                        EnvProbe.class.getName())
                .redirectErrorStream(true);
        pb.environment().put("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE");
        pb.environment().put("AWS_SECRET_ACCESS_KEY", SECRET);
        pb.environment().put("http_proxy", "http://attacker.example:3128");
        pb.environment().put("TZ", "Pacific/Auckland");
        Process daemon = pb.start();
        String env = new String(daemon.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(daemon.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(env.lines().sorted().toList())
                .containsExactly(
                        "LC_ALL=C",
                        "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                        "TZ=Pacific/Auckland");
        assertThat(env).doesNotContain(SECRET);
    }

    @Test
    void theMinimalEnvironmentReplacesWhatTheBuilderInherited() {
        ProcessBuilder pb = ChildEnvironment.minimal(new ProcessBuilder(List.of("/bin/true")));
        assertThat(pb.environment().keySet()).isSubsetOf("PATH", "LC_ALL", "TZ").contains("PATH", "LC_ALL");
        assertThat(new CommandRunner()
                        .run(List.of("/bin/true"), Duration.ofSeconds(10))
                        .ok())
                .isTrue();
    }
}
