package dev.failberry.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import dev.failberry.config.ConfigLoader;
import dev.failberry.config.FailberryConfig;
import dev.failberry.config.LinkConfig.LinkType;
import dev.failberry.daemon.Daemon;
import dev.failberry.daemon.Wiring;
import dev.failberry.json.Json;
import dev.failberry.sim.demo.DemoEnvironment;
import dev.failberry.sim.modem.SimTiming;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole daemon with {@code link.type = ethernet}, as {@code run} builds it, against the demo's router
 * stick ({@code failberry demo --link ethernet}'s world, without root): the interface and its DHCP address
 * from the {@code ip} stand-in (a real process the daemon's interface watch runs), the USB device and its
 * interface in a fake sysfs, the HiLink stand-in (captured replies over real HTTP, reached from the link's
 * 127.8.0.x address), the fake uhubctl as a real process, Route53 over real HTTP with the real SDK. Faults
 * are injected as through {@code POST /demo/fault}; the ladder recovers each. Real time, short settings.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StickDemoEndToEndTest {
    private static final Duration RECOVERY = Duration.ofSeconds(60);

    private Path scratch;
    private DemoEnvironment env;
    private Daemon daemon;

    @BeforeAll
    void start() throws Exception {
        scratch = Files.createTempDirectory("failberry-stick-e2e-");
        env = DemoEnvironment.start(scratch, SimTiming.fast(), LinkType.ETHERNET);
        Config user = ConfigFactory.parseString("""
                failberry {
                  link { type = ethernet, interface = auto, address-timeout = 10s }
                  modem { control = hilink, hung-threshold = 2, poll-interval = 1s, hilink { dmz = true, timeout = 1s } }
                  ppp { default-route = true, probe { interval = 1s, timeout = 1s } }
                  recovery { down-grace = 2s, redial-attempts = 1, redial-cooldown = 2s, reset-cooldown = 5s,
                             power-cycle-cooldown = 5s, min-power-cycle-interval = 5s, stable-time = 3s }
                  usb-power { off-time = 500ms, wait-for-modem = 10s }
                  dns { provider = route53, record = "lte.home.example.com" }
                  health { bind = "127.0.0.1", port = 0 }
                  admin.port = 0
                  wired.probe.targets = []
                }
                """)
                .withValue(
                        "failberry.state-dir",
                        ConfigValueFactory.fromAnyRef(scratch.resolve("state").toString()))
                .withValue(
                        "failberry.runtime-dir",
                        ConfigValueFactory.fromAnyRef(scratch.resolve("run").toString()));
        for (var e : env.configOverrides().entrySet()) {
            user = user.withValue("failberry." + e.getKey(), ConfigValueFactory.fromAnyRef(e.getValue()));
        }
        FailberryConfig config = ConfigLoader.fromUserConfig(user, "stick-e2e.conf");
        daemon = Wiring.assemble(config, env.environment(config.runtimeDir()));
        daemon.start();
    }

    @AfterAll
    void stop() {
        if (daemon != null) {
            daemon.close();
        }
        if (env != null) {
            env.close();
        }
    }

    private record Reply(int status, String body) {}

    private static Reply get(int port, String path) throws IOException {
        var c = (HttpURLConnection)
                URI.create("http://127.0.0.1:" + port + path).toURL().openConnection();
        c.setConnectTimeout(2000);
        c.setReadTimeout(5000);
        int status = c.getResponseCode();
        InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
        String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        c.disconnect();
        return new Reply(status, body);
    }

    private Map<String, Object> status() throws IOException {
        return Json.parseObject(get(daemon.adminAddress().getPort(), "/status").body());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> part(Map<String, Object> s, String key) {
        return (Map<String, Object>) s.get(key);
    }

    private String localIp() throws IOException {
        return String.valueOf(part(status(), "ppp").get("local_ip"));
    }

    private int recovery(String counter) throws IOException {
        return ((Number) part(status(), "recovery").get(counter)).intValue();
    }

    private void fault(String what) {
        fault(what, "");
    }

    private void fault(String what, String value) {
        var r = env.fault(what, value);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    /** Awaits CONNECTED on another address than {@code before}, with the stick's WAN address published. */
    private void awaitBackWithANewAddress(String before) throws IOException {
        await().atMost(RECOVERY)
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> {
                    Map<String, Object> s = status();
                    String wan = env.stickApi().wanAddress().getHostAddress();
                    return "CONNECTED".equals(s.get("state"))
                            && !before.equals(localIp())
                            && env.aws()
                                    .recordValue("lte.home.example.com", "A")
                                    .orElse("")
                                    .equals(wan);
                });
        assertThat(get(daemon.healthAddress().getPort(), "/health")).isEqualTo(new Reply(200, "failberry ok"));
        // stable for recovery.stable-time: the next fault starts from the bottom of the ladder
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> "idle".equals(part(status(), "recovery").get("level")));
    }

    private long uhubctlCalls() throws IOException {
        Path calls = env.uhubctlCalls();
        return Files.exists(calls)
                ? Files.readAllLines(calls).stream()
                        .filter(l -> l.startsWith("start"))
                        .count()
                : 0;
    }

    @Test
    @Order(1)
    void theSticksInterfaceFoundByUsbIdBecomesTheLinkAndItsWanAddressIsPublished() throws Exception {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> get(daemon.healthAddress().getPort(), "/health").status() == 200);
        Map<String, Object> s = status();
        assertThat(s).containsEntry("state", "CONNECTED");
        assertThat(part(s, "ppp"))
                .containsEntry("interface", "eth1")
                .containsEntry("local_ip", "127.8.0.100")
                .containsEntry("remote_ip", "127.8.0.1");
        Map<String, Object> modem = part(s, "modem");
        assertThat(modem).containsEntry("state", "registered").containsEntry("port", "eth1");
        assertThat(part(modem, "stick")).containsEntry("control", "hilink").containsEntry("wan_ip", "198.51.100.8");
        await().atMost(Duration.ofSeconds(10)).until(() -> env.aws()
                .recordValue("lte.home.example.com", "A")
                .orElse("")
                .equals("198.51.100.8"));
        // the DMZ is pointed at the link's address, which the API's requests really left from
        await().atMost(Duration.ofSeconds(10)).until(() -> env.stickApi()
                .dmzHost()
                .map(a -> a.getHostAddress().equals("127.8.0.100"))
                .orElse(false));
    }

    @Test
    @Order(2)
    void aStickWhoseApiHangsIsPowerCycledWithoutTheRungsThatNeedTheApi() throws Exception {
        String before = localIp();
        int reboots = env.stickApi().reboots();
        int switches = env.stickApi().requests("/api/dialup/mobile-dataswitch");
        long calls = uhubctlCalls();
        fault("hang");
        awaitBackWithANewAddress(before);
        assertThat(uhubctlCalls()).isEqualTo(calls + 1);
        assertThat(recovery("usb_power_cycles")).isEqualTo(1);
        assertThat(env.stickApi().reboots())
                .as("no reboot asked of a silent API")
                .isEqualTo(reboots);
        assertThat(env.stickApi().requests("/api/dialup/mobile-dataswitch")).isEqualTo(switches);
    }

    @Test
    @Order(3)
    void trafficThatStopsClimbsFromTheApiReconnectToTheSticksRebootThroughTheApi() throws Exception {
        String before = localIp();
        int switches = env.stickApi().requests("/api/dialup/mobile-dataswitch");
        fault("internet-down");
        await().atMost(RECOVERY)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> env.stickApi().reboots() == 1);
        assertThat(env.stickApi().requests("/api/dialup/mobile-dataswitch"))
                .as("reconnected through the API (mobile data off and on) before the reboot")
                .isGreaterThanOrEqualTo(switches + 2);
        fault("internet-up");
        awaitBackWithANewAddress(before);
        assertThat(recovery("modem_resets")).isEqualTo(1);
    }

    @Test
    @Order(4)
    void aStickThatVanishesFromTheBusIsPowerCycledBack() throws Exception {
        String before = localIp();
        long calls = uhubctlCalls();
        fault("vanish");
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> "absent".equals(part(status(), "modem").get("state")));
        awaitBackWithANewAddress(before);
        assertThat(uhubctlCalls()).isGreaterThan(calls);
    }

    @Test
    @Order(5)
    void aStickThatRebootsByItselfComesBackWithANewAddress() throws Exception {
        String before = localIp();
        fault("reboot");
        awaitBackWithANewAddress(before);
    }

    @Test
    @Order(6)
    void aWeakerSignalFromTheSticksApiShowsInTheStatusAndTheMetrics() throws Exception {
        fault("signal", "5");
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> {
                    Map<String, Object> modem = part(status(), "modem");
                    Map<String, Object> signal = part(modem, "signal");
                    return number(signal.get("csq")) == 5
                            && number(signal.get("rssi_dbm")) == -103
                            && number(part(modem, "stick").get("rsrp_dbm")) == -123;
                });
        assertThat(get(daemon.adminAddress().getPort(), "/metrics").body())
                .containsPattern("(?m)^failberry_modem_signal_dbm(\\{[^}]*\\})? -103(\\.0)?$");
        // a weak signal alone is no fault: nothing is done about it
        assertThat(status()).containsEntry("state", "CONNECTED");
        assertThat(part(status(), "recovery")).containsEntry("level", "idle");
        fault("signal", "22"); // -69 dBm: the capture's own RSSI again
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> number(part(part(status(), "modem"), "signal").get("rssi_dbm")) == -69);
        assertThat(env.fault("signal", "40").status()).isEqualTo(400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"searching", "denied"})
    @Order(7)
    void aStickThatLosesTheNetworkIsRegisteringUntilServiceReturnsAndThenConnectsByItself(String lost)
            throws Exception {
        String before = localIp();
        int redials = recovery("redials");
        int reboots = env.stickApi().reboots();
        int cycles = recovery("usb_power_cycles");
        fault(lost);
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> {
                    Map<String, Object> s = status();
                    Map<String, Object> modem = part(s, "modem");
                    // the stick's API has no "denied": restricted service reads as no service, as searching
                    return "REGISTERING".equals(s.get("state"))
                            && "searching".equals(modem.get("state"))
                            && "searching".equals(modem.get("registration"))
                            && "disconnected".equals(part(modem, "stick").get("connection"));
                });
        assertThat(part(part(status(), "modem"), "stick").get("wan_ip")).isNull();
        assertThat(get(daemon.healthAddress().getPort(), "/health").status()).isEqualTo(503);
        assertThat(events()).contains("mobile link down", "no network service");
        // not registered: nothing helps before modem.registration-timeout (3 min here), so nothing is done
        assertThat(recovery("redials")).isEqualTo(redials);

        fault("home");
        await().atMost(RECOVERY)
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> {
                    Map<String, Object> s = status();
                    Map<String, Object> modem = part(s, "modem");
                    return "CONNECTED".equals(s.get("state"))
                            && "home".equals(modem.get("registration"))
                            && "connected".equals(part(modem, "stick").get("connection"));
                });
        assertThat(get(daemon.healthAddress().getPort(), "/health")).isEqualTo(new Reply(200, "failberry ok"));
        // the stick reconnected by itself; the link, judged degraded since the service went, may get the
        // first rung (a reconnect through the API) before its probes verify it again: never more
        assertThat(recovery("redials")).isLessThanOrEqualTo(redials + 1);
        assertThat(env.stickApi().reboots()).isEqualTo(reboots);
        assertThat(recovery("usb_power_cycles")).isEqualTo(cycles);
        assertThat(localIp()).isEqualTo(before);
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> "idle".equals(part(status(), "recovery").get("level")));
    }

    @Test
    @Order(8)
    void aDroppedDataConnectionIsReconnectedThroughTheApi() throws Exception {
        String before = localIp();
        int redials = recovery("redials");
        int reboots = env.stickApi().reboots();
        int switches = env.stickApi().requests("/api/dialup/mobile-dataswitch");
        fault("drop-carrier");
        await().atMost(RECOVERY)
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> recovery("redials") > redials);
        await().atMost(RECOVERY)
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptions()
                .until(() -> {
                    Map<String, Object> s = status();
                    Map<String, Object> stick = part(part(s, "modem"), "stick");
                    return "CONNECTED".equals(s.get("state"))
                            && "connected".equals(stick.get("connection"))
                            && env.stickApi().wanAddress().getHostAddress().equals(stick.get("wan_ip"));
                });
        assertThat(env.stickApi().requests("/api/dialup/mobile-dataswitch"))
                .as("mobile data off and on through the API")
                .isGreaterThanOrEqualTo(switches + 2);
        assertThat(env.stickApi().reboots()).as("the first rung sufficed").isEqualTo(reboots);
        assertThat(localIp()).as("the stick's LAN side never changed").isEqualTo(before);
        assertThat(get(daemon.healthAddress().getPort(), "/health")).isEqualTo(new Reply(200, "failberry ok"));
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> "idle".equals(part(status(), "recovery").get("level")));
    }

    @Test
    @Order(9)
    void anUnknownFaultIsRefusedNamingTheOnesThatExist() {
        var r = env.fault("sim-out", "");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body())
                .contains("hang", "vanish", "reboot", "drop-carrier", "signal", "searching", "denied")
                .contains("link.type = ethernet");
    }

    private String events() throws IOException {
        return get(daemon.adminAddress().getPort(), "/events?since=3600").body();
    }

    private static int number(Object o) {
        return (int) Math.round(((Number) o).doubleValue());
    }
}
