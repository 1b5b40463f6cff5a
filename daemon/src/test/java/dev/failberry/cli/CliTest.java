package dev.failberry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.config.FailberryConfig;
import dev.failberry.daemon.DaemonState;
import dev.failberry.daemon.Supervisor;
import dev.failberry.http.AdminHandler;
import dev.failberry.http.HealthHandler;
import dev.failberry.http.HealthVerdict;
import dev.failberry.http.HttpListeners;
import dev.failberry.metrics.Metrics;
import dev.failberry.status.DataUsageView;
import dev.failberry.status.ModemView;
import dev.failberry.status.PppView;
import dev.failberry.time.VirtualTime;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int exit = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void versionAndHelp() {
        Run v = run("--version");
        assertThat(v.exit()).isZero();
        assertThat(v.out()).startsWith("failberry ");
        Run h = run("--help");
        assertThat(h.exit()).isZero();
        assertThat(h.out()).contains("run", "demo", "status", "check-config");
        for (String cmd : new String[] {"run", "demo", "status", "check-config"}) {
            assertThat(run(cmd, "--help").exit()).as(cmd).isZero();
        }
    }

    @Test
    void demoNamesTheLinkTypesItSimulatesAndRefusesOthers() {
        assertThat(run("demo", "--help").out()).contains("--link", "ppp", "ethernet");
        Run r = run("demo", "--link", "wifi");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("failberry demo: --link must be ppp or ethernet, not wifi.\n");
    }

    @Test
    void usageErrorsExit2WithoutStackTrace() {
        Run r = run("frobnicate");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("Unmatched argument").doesNotContain("\tat ");
        assertThat(run().exit()).isEqualTo(2);
        assertThat(run("status", "--bogus").exit()).isEqualTo(2);
        for (String parent : new String[] {"modem", "dns", "usb", "route53"}) {
            Run r2 = run(parent);
            assertThat(r2.exit()).as(parent).isEqualTo(2);
            assertThat(r2.err())
                    .as(parent)
                    .contains("Missing required subcommand")
                    .doesNotContain("\tat ");
        }
    }

    @Test
    void checkConfigExitCodes() throws IOException {
        assertThat(run("check-config", "--config", "config/failberry.conf").exit())
                .isZero();
        Path bad = dir.resolve("bad.conf");
        Files.writeString(bad, "failberry {\n  health.port = 99999\n  dns.recrod = x\n}\n");
        Run r = run("check-config", "--config", bad.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err())
                .contains(bad + ":2: failberry.health.port: out of range: 99999 (expected 0 to 65535)")
                .contains(bad + ":3: failberry.dns.recrod: unknown key (did you mean \"record\"?)")
                .contains("2 problems")
                .doesNotContain("Exception");
    }

    @Test
    void runRefusesAnInvalidConfigWithExit2AndTheSameMessages() throws IOException {
        Path bad = dir.resolve("bad.conf");
        Files.writeString(bad, "failberry.modem.apn = \"a\\\"b\"\n");
        Run r = run("run", "--config", bad.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err())
                .contains(bad + ":1: failberry.modem.apn: invalid value")
                .contains("not starting: the configuration is invalid");
        Run missing = run("run", "--config", dir.resolve("none.conf").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("configuration file not found");
    }

    @Test
    void theSystemdCommandLineRunsWithoutPicocliAndAnswersAsPicocliWould() throws IOException {
        Path bad = dir.resolve("bad.conf");
        Files.writeString(bad, "failberry.modem.apn = \"a\\\"b\"\n");
        Path none = dir.resolve("none.conf");
        for (Path conf : new Path[] {bad, none}) {
            // --verbose is not a plain command line: picocli parses it, and the answer must be the same
            Run plain = run("run", "--config", conf.toString());
            Run plainEquals = run("run", "--config=" + conf);
            Run picocli = run("run", "--verbose", "--config", conf.toString());
            assertThat(plain.exit()).as(conf.toString()).isEqualTo(2).isEqualTo(picocli.exit());
            assertThat(plain.err()).as(conf.toString()).isEqualTo(picocli.err()).isEqualTo(plainEquals.err());
            assertThat(plain.out()).isEmpty();
        }
    }

    @Test
    void onlyAnUnambiguousRunCommandLineSkipsPicocli() {
        assertThat(RunCommand.plainCommandLine(new String[] {"run"}))
                .hasValueSatisfying(o -> assertThat(o.file).isNull());
        assertThat(RunCommand.plainCommandLine(new String[] {"run", "--config", "/etc/f.conf"}))
                .hasValueSatisfying(o -> assertThat(o.file).isEqualTo(Path.of("/etc/f.conf")));
        assertThat(RunCommand.plainCommandLine(new String[] {"run", "--config=/etc/f.conf"}))
                .hasValueSatisfying(o -> assertThat(o.file).isEqualTo(Path.of("/etc/f.conf")));
        String[][] others = {
            {},
            {"demo"},
            {"run", "--help"},
            {"run", "--config"},
            {"run", "--config", "--verbose"},
            {"run", "--config", "@args"},
            {"run", "--config="},
            {"run", "--config", "a\0b"},
            {"run", "--config", "a", "--config", "b"},
            {"run", "--config", "a", "--verbose"},
            {"--verbose", "run"},
            {"run", "extra"},
        };
        for (String[] args : others) {
            assertThat(RunCommand.plainCommandLine(args))
                    .as(String.join(" ", args))
                    .isEmpty();
        }
        Run usage = run("run", "--config");
        assertThat(usage.exit()).isEqualTo(2);
        assertThat(usage.err()).contains("Missing required parameter for option '--config'");
    }

    @Test
    void statusWhenNothingRunsIsOneSentenceAndExit3() throws IOException {
        int port;
        try (var s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Run r = run("status", "--admin", "http://127.0.0.1:" + port);
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.err().trim())
                .isEqualTo("failberry status: the daemon is not running (nothing answers at http://127.0.0.1:" + port
                        + ").");
    }

    @Test
    void statusAgainstARunningAdminListener() {
        var time = new VirtualTime();
        var supervisor = new Supervisor(time);
        var admin = new AdminHandler(supervisor::snapshot, time, new Metrics(supervisor::snapshot, time));
        var http = new HttpListeners(
                new FailberryConfig.Health(
                        "127.0.0.1", 0, "/health", 16, 16, Duration.ofSeconds(2), Duration.ofSeconds(5), 8192),
                new FailberryConfig.Admin("127.0.0.1", 0),
                new HealthHandler(
                        "/health", () -> HealthVerdict.of(supervisor.snapshot(), Duration.ZERO, Duration.ofHours(1))),
                admin);
        http.start();
        try {
            String url = "http://127.0.0.1:" + http.adminAddress().getPort();
            Run down = run("status", "--admin", url);
            assertThat(down.exit()).isEqualTo(1);
            assertThat(down.out()).startsWith("FailberryPi: STARTING (unhealthy: starting)");

            supervisor.transition(DaemonState.MODEM_INIT, "a");
            supervisor.transition(DaemonState.REGISTERING, "b");
            supervisor.transition(DaemonState.DIALING, "c");
            supervisor.transition(DaemonState.CONNECTED, "link verified");
            supervisor.publish(s -> s.withModem(new ModemView(
                            "ready",
                            "/dev/ttyUSB2",
                            "huawei",
                            "E1550",
                            "11.608",
                            "351234567890123",
                            "ready",
                            "home",
                            "vodafone NZ",
                            "UMTS",
                            new ModemView.Signal(20, -73),
                            0,
                            null))
                    .withPpp(new PppView(
                            "up", "ppp0", "203.0.113.7", "10.64.64.64", "public", null, null, 2, null, true, 41L))
                    .withDataUsage(new DataUsageView(1_500_000, 250_000, null, 5_000_000_000L, 0, false)));
            time.advance(Duration.ofMinutes(75));

            Run up = run("status", "--admin", url);
            assertThat(up.exit()).isZero();
            assertThat(up.out())
                    .contains("FailberryPi: CONNECTED (healthy), up 1h 15m")
                    .contains("huawei E1550")
                    .contains("home on vodafone NZ (UMTS)")
                    .contains("signal -73 dBm (csq 20)")
                    .contains("up · ppp0 · 203.0.113.7 (public)")
                    .contains("2 reconnects")
                    .contains("rx 1.4 MiB · tx 244.1 KiB");

            Run json = run("status", "--json", "--admin", url);
            assertThat(json.exit()).isZero();
            assertThat(json.out())
                    .contains("\"state\":\"CONNECTED\"")
                    .contains("\"rssi_dbm\":-73")
                    .contains("\"local_ip\":\"203.0.113.7\"")
                    .contains("\"uptime_seconds\":4500");
        } finally {
            http.close();
        }
    }
}
