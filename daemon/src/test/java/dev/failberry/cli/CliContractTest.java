package dev.failberry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The README's contract for every command and the usual mistakes: the exit code (0 success, 1 negative,
 * 2 usage or configuration, 3 unreachable), which stream speaks, and that an error is one sentence on
 * stderr with nothing on stdout and no stack trace. Nothing here reaches AWS, a modem or a daemon: the
 * admin port in the config is a closed loopback port, and AWS credentials are looked for only in
 * places that do not exist (no instance metadata either).
 */
class CliContractTest {
    static Path dir;
    static int closedPort;
    static final String[] SAVED = {
        "aws.sharedCredentialsFile",
        "aws.configFile",
        "aws.disableEc2Metadata",
        "aws.accessKeyId",
        "aws.secretAccessKey"
    };
    static final String[] saved = new String[SAVED.length];

    @BeforeAll
    static void setUp() throws IOException {
        dir = Files.createTempDirectory("failberry-cli-contract-");
        try (var s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        for (int i = 0; i < SAVED.length; i++) {
            saved[i] = System.getProperty(SAVED[i]);
        }
        System.setProperty(
                "aws.sharedCredentialsFile", dir.resolve("no-credentials").toString());
        System.setProperty("aws.configFile", dir.resolve("no-config").toString());
        System.setProperty("aws.disableEc2Metadata", "true");
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        Files.writeString(
                dir.resolve("ok.conf"), """
                failberry {
                  state-dir = "%s"
                  modem.port = "%s"
                  admin.port = %d
                  usb-power.method = none
                  dns {
                    provider = route53
                    record = "lte.home.example.com"
                    route53.hosted-zone-id = "Z1D633PJN98FT9"
                    failover { name = "home.example.com", wired-record = "wired.home.example.com" }
                  }
                  aws.region = "us-east-1"
                }
                """.formatted(dir.resolve("state"), dir.resolve("no-such-tty"), closedPort));
        Files.writeString(dir.resolve("broken.conf"), "failberry { modem.apn = \"bad apn\" }\n");
        Files.writeString(dir.resolve("notify.conf"), """
                failberry {
                  state-dir = "%s"
                  modem.port = "%s"
                  admin.port = %d
                  notify.sms.to = ["+64211234567"]
                }
                """.formatted(
                        dir.resolve("state"), dir.resolve("no-such-tty"), closedPort));
        // a journal left by a daemon that is not running
        Files.writeString(
                dir.resolve("journal.conf"),
                "failberry { state-dir = \"%s\", admin.port = %d }\n".formatted(dir.resolve("jstate"), closedPort));
        var vt = new dev.failberry.time.VirtualTime(java.time.Instant.now().minus(java.time.Duration.ofHours(2)));
        var j = dev.failberry.history.Journal.open(
                        dir.resolve("jstate").resolve("history"),
                        new dev.failberry.history.Journal.Settings(
                                1 << 20, 64 << 10, java.time.Duration.ofSeconds(60), java.time.Duration.ofHours(1)),
                        vt,
                        "0.1.0",
                        "boot")
                .journal();
        vt.advance(java.time.Duration.ofSeconds(20));
        j.append(dev.failberry.history.Entry.Kind.STATE, "CONNECTED", "DIALING", "link verified", null, false);
        j.close();
    }

    @AfterAll
    static void tearDown() {
        for (int i = 0; i < SAVED.length; i++) {
            if (saved[i] == null) {
                System.clearProperty(SAVED[i]);
            } else {
                System.setProperty(SAVED[i], saved[i]);
            }
        }
    }

    enum Stream2 {
        OUT,
        ERR
    }

    static Arguments row(String mistake, String args, int exit, Stream2 speaks, String says) {
        return Arguments.of(mistake, args, exit, speaks, says);
    }

    static Stream<Arguments> table() {
        String ok = "--config " + "@ok.conf";
        String broken = "--config @broken.conf";
        String missing = "--config @missing.conf";
        return Stream.of(
                row("no command", "", 2, Stream2.ERR, "a command is required"),
                row("unknown command", "frobnicate", 2, Stream2.ERR, "Unmatched argument"),
                row("unknown option", "status --bogus", 2, Stream2.ERR, "Unknown option"),
                row("version", "--version", 0, Stream2.OUT, "failberry "),
                row("run: missing config", "run " + missing, 2, Stream2.ERR, "missing.conf"),
                row("run: invalid config", "run " + broken, 2, Stream2.ERR, "failberry.modem.apn"),
                row("demo: port out of range", "demo --health-port 70000", 2, Stream2.ERR, "--health-port"),
                row(
                        "status: daemon not running",
                        "status --admin http://127.0.0.1:@port",
                        3,
                        Stream2.ERR,
                        "not running"),
                row("status: admin without scheme", "status --admin 127.0.0.1:@port", 3, Stream2.ERR, "not running"),
                row("status: not an http URL", "status --admin ftp://127.0.0.1:1", 2, Stream2.ERR, "--admin must be"),
                row("check-config: missing file", "check-config " + missing, 2, Stream2.ERR, "missing.conf"),
                row("check-config: invalid", "check-config " + broken, 2, Stream2.ERR, "failberry.modem.apn"),
                row("modem info: invalid config", "modem info " + broken, 2, Stream2.ERR, "failberry.modem.apn"),
                row("modem at: invalid config", "modem at " + broken + " ATI", 2, Stream2.ERR, "failberry.modem.apn"),
                row("dns push: not an address", "dns push " + ok + " --ip nonsense", 2, Stream2.ERR, "--ip must be"),
                row("dns push: CGNAT address", "dns push " + ok + " --ip 100.64.1.2", 2, Stream2.ERR, "--force"),
                row("dns push: private address", "dns push " + ok + " --ip 192.168.1.20", 2, Stream2.ERR, "--force"),
                row(
                        "dns push: no AWS credentials",
                        "dns push " + ok + " --ip 203.0.113.9",
                        2,
                        Stream2.ERR,
                        "/etc/failberry/aws-credentials"),
                row(
                        "route53 setup: no AWS credentials",
                        "route53 setup " + ok,
                        2,
                        Stream2.ERR,
                        "/etc/failberry/aws-credentials"),
                row("route53 setup: invalid config", "route53 setup " + broken, 2, Stream2.ERR, "failberry.modem.apn"),
                row("usb cycle: no switch", "usb cycle " + ok, 2, Stream2.ERR, "usb-power.method = none"),
                row("usb cycle: invalid config", "usb cycle " + broken, 2, Stream2.ERR, "failberry.modem.apn"),
                row("notify test: no channel configured", "notify test " + ok, 2, Stream2.ERR, "notify.sms.to"),
                row("notify test: invalid config", "notify test " + broken, 2, Stream2.ERR, "failberry.modem.apn"),
                row(
                        "notify test: daemon not running",
                        "notify test --config @notify.conf",
                        3,
                        Stream2.ERR,
                        "not running"),
                row("notify: no subcommand", "notify", 2, Stream2.ERR, "subcommand"),
                row(
                        "events: not a duration",
                        "events " + ok + " --since 5x",
                        2,
                        Stream2.ERR,
                        "--since must be a duration"),
                row(
                        "events: zero duration",
                        "events " + ok + " --since 0s",
                        2,
                        Stream2.ERR,
                        "--since must be a duration"),
                row("events: too far back", "events " + ok + " --since 5000d", 2, Stream2.ERR, "at most 3650d"),
                row(
                        "events: not an http URL",
                        "events " + ok + " --admin ftp://127.0.0.1:1",
                        2,
                        Stream2.ERR,
                        "--admin must be"),
                row("events: invalid config", "events " + broken, 2, Stream2.ERR, "failberry.modem.apn"),
                row("events: no daemon, no journal", "events " + ok, 3, Stream2.ERR, "no journal in"),
                row(
                        "events: no daemon, the journal read",
                        "events --config @journal.conf",
                        0,
                        Stream2.OUT,
                        "mobile link up, 20 s after start (link verified)"));
    }

    @ParameterizedTest(name = "{0}: failberry {1} -> exit {2}, {3}")
    @MethodSource("table")
    void keepsTheContract(String mistake, String args, int exit, Stream2 speaks, String says) {
        String[] argv = args.isBlank()
                ? new String[0]
                : args.replace("@port", String.valueOf(closedPort))
                        .replace("@", dir + "/")
                        .split(" ");
        var out = new StringWriter();
        var err = new StringWriter();
        int code = Main.execute(argv, new PrintWriter(out, true), new PrintWriter(err, true));
        String text = "stdout: " + out + "\nstderr: " + err;
        assertThat(code).as(text).isEqualTo(exit);
        assertThat(out + err.toString()).as(text).doesNotContain("\tat ", "Exception");
        if (speaks == Stream2.OUT) {
            assertThat(out.toString()).as(text).contains(says);
            return;
        }
        assertThat(out.toString()).as("nothing on stdout for an error\n" + text).isEmpty();
        assertThat(err.toString()).as(text).contains(says);
        // one sentence: the configuration commands list every problem, then a count line
        String[] lines = err.toString().strip().split("\n");
        if (lines.length > 1) {
            assertThat(lines).as(text).anyMatch(l -> l.matches("\\d+ problems?"));
        }
    }

    @ParameterizedTest(name = "route53 setup --dry-run without credentials shows the plan")
    @MethodSource("dryRun")
    void dryRunWithoutCredentialsShowsThePlan(String ignored) {
        var out = new StringWriter();
        var err = new StringWriter();
        int code = Main.execute(
                new String[] {
                    "route53", "setup", "--config", dir.resolve("ok.conf").toString(), "--dry-run"
                },
                new PrintWriter(out, true),
                new PrintWriter(err, true));
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString())
                .contains(
                        "cost    mobile-check http (8 regions, every 30 s)",
                        "cost    mobile-check none: 0 B on the SIM",
                        "health check wired",
                        "home.example.com CNAME PRIMARY",
                        "SECONDARY -> lte.home.example.com without a check (dns.failover.mobile-check = none)",
                        "not read: no AWS credentials")
                .doesNotContain("health check lte");
        assertThat(err.toString().strip().split("\n"))
                .singleElement()
                .asString()
                .contains("/etc/failberry/aws-credentials");
    }

    static Stream<String> dryRun() {
        return Stream.of("");
    }
}
