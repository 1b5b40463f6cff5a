package dev.failberry.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import dev.failberry.config.ConfigLoader;
import dev.failberry.config.FailberryConfig;
import dev.failberry.systemd.SystemdNotifier;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code failberry run} binds its listeners before it builds the modem, pppd, DNS and USB parts, so that
 * {@code /health} answers (503, starting) as early as it can; {@link Daemon#start()} afterwards does not
 * bind again.
 */
class DaemonListensFirstTest {
    @TempDir
    Path dir;

    static HttpResponse<String> get(InetSocketAddress at, String path) throws Exception {
        return HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .build()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + at.getPort() + path))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthAnswersStartingBeforeTheCapabilitiesExist() throws Exception {
        FailberryConfig config =
                ConfigLoader.fromUserConfig(ConfigFactory.parseString("""
                failberry {
                  state-dir = "%s/state"
                  runtime-dir = "%s/run"
                  health { bind = "127.0.0.1", port = 0 }
                  admin.port = 0
                }
                """.formatted(dir, dir)), "test.conf");
        try (Daemon daemon = new Daemon(config, SystemdNotifier.NONE)) {
            daemon.listen();

            var health = get(daemon.healthAddress(), config.health().path());
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(get(daemon.adminAddress(), "/status").body()).contains("\"state\":\"STARTING\"");

            InetSocketAddress bound = daemon.healthAddress();
            daemon.start();
            assertThat(daemon.healthAddress()).isEqualTo(bound);
            assertThat(get(daemon.healthAddress(), config.health().path()).statusCode())
                    .isEqualTo(503);
        }
    }
}
