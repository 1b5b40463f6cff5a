package dev.failberry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.failberry.config.ConfigLoader;
import dev.failberry.config.FailberryConfig;
import dev.failberry.daemon.Daemon;
import dev.failberry.daemon.Wiring;
import dev.failberry.modem.sms.SmsPduDecoder;
import dev.failberry.sim.demo.DemoEnvironment;
import dev.failberry.sim.modem.SimTiming;
import dev.failberry.testutil.LogCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The daemon as {@code run} builds it, with SMS as its only channel, against the simulated stick: the
 * "started" message reaches the notifier before the modem thread has opened the AT port. It used to fail
 * there ("the modem's AT port is not there"), log a warning at every start and go out only after the
 * retry backoff (8.5-11.9 s after the start in three runs); it now waits for the port's first open and
 * goes as soon as the port is open (0.7-1.1 s), with no warning. Real time.
 */
class StartedSmsEndToEndTest {
    static final String NUMBER = "+64211234567";

    private Path scratch;
    private DemoEnvironment env;
    private Daemon daemon;

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.close();
        }
        if (env != null) {
            env.close();
        }
    }

    @Test
    void theStartedSmsGoesOnceThePortIsOpenWithoutAWarning() throws Exception {
        scratch = Files.createTempDirectory("failberry-started-sms-");
        env = DemoEnvironment.start(scratch, SimTiming.fast());
        Config user = ConfigFactory.parseString("""
                failberry {
                  modem { command-timeout = 1s, poll-interval = 2s }
                  dns.provider = none
                  health { bind = "127.0.0.1", port = 0 }
                  admin.port = 0
                  notify.sms.to = ["%s"]
                }
                """.formatted(NUMBER))
                .withValue(
                        "failberry.state-dir",
                        ConfigValueFactory.fromAnyRef(scratch.resolve("state").toString()))
                .withValue(
                        "failberry.runtime-dir",
                        ConfigValueFactory.fromAnyRef(scratch.resolve("run").toString()));
        for (var e : env.configOverrides().entrySet()) {
            if (!e.getKey().startsWith("dns.")) {
                user = user.withValue("failberry." + e.getKey(), ConfigValueFactory.fromAnyRef(e.getValue()));
            }
        }
        FailberryConfig config = ConfigLoader.fromUserConfig(user, "started-sms.conf");
        daemon = Wiring.assemble(config, env.environment(config.runtimeDir()));
        try (var outbox = LogCapture.named("dev.failberry.notify.ChannelWorker")) {
            daemon.start();
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> outbox.messages().stream().anyMatch(m -> m.contains("sent started")));
            assertThat(env.modem().sentSms()).singleElement().satisfies(m -> assertThat(
                            SmsPduDecoder.decodeSubmit(m.payload()).text())
                    .contains(": daemon started at "));
            assertThat(outbox.messages()).noneMatch(m -> m.startsWith("WARN"));
        }
    }
}
