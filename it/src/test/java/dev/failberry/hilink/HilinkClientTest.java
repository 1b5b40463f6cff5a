package dev.failberry.hilink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.failberry.config.Secret;
import dev.failberry.hilink.HilinkResult.Silence;
import dev.failberry.http.client.BoundHttpClient;
import dev.failberry.modem.ModemStatus;
import dev.failberry.sim.hilink.HilinkStandIn;
import dev.failberry.sim.hilink.HilinkStandIn.Fault;
import dev.failberry.sim.hilink.HilinkStandIn.Profile;
import dev.failberry.testutil.LogCapture;
import dev.failberry.time.TimeSource;
import dev.failberry.time.VirtualTime;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client against the HiLink stand-in over real HTTP on loopback: the stand-in serves the captured
 * replies and enforces the session/token handshake, the login and the faults.
 */
class HilinkClientTest {
    private static final Inet4Address WAN = v4("10.147.223.227");
    private HilinkStandIn stick;

    @AfterEach
    void stop() {
        if (stick != null) {
            stick.close();
        }
    }

    private HilinkClient client(Optional<HilinkClient.Login> login, Duration timeout, TimeSource time) {
        return new HilinkClient(stick.url(), login, new BoundHttpClient(timeout), Optional::empty, time);
    }

    private HilinkClient client() {
        return client(Optional.empty(), Duration.ofSeconds(5), TimeSource.SYSTEM);
    }

    private static HilinkClient.Login login(String user, String password) {
        return new HilinkClient.Login(user, new Secret(password));
    }

    @Test
    void readsEverythingTheDaemonNeedsFromA22xStick() throws IOException {
        stick = HilinkStandIn.start(Profile.E3372_22X, WAN);
        HilinkClient c = client();
        Signal s = c.signal().result().orElseThrow();
        assertThat(s.rsrpDbm()).contains(-89.0);
        assertThat(s.accessTechnology()).contains("LTE");
        StickStatus st = c.status().result().orElseThrow();
        assertThat(st.connection()).isEqualTo(StickStatus.Connection.CONNECTED);
        assertThat(st.networkType()).isEqualTo(NetworkType.LTE);
        assertThat(st.sim()).isEqualTo(StickStatus.Sim.READY);
        assertThat(c.operator().result().orElseThrow().rat()).contains(7);
        assertThat(c.traffic().result().orElseThrow().totalDownload()).isEqualTo(52302611857L);
        assertThat(c.wanAddress().result().orElseThrow()).contains(WAN);
        // one session for all of it
        assertThat(stick.requests("/api/webserver/SesTokInfo")).isEqualTo(1);
        assertThat(stick.requests("/api/device/information")).isZero();
    }

    @Test
    void wanAddressFromTheDeviceInformationWhereTheStatusHasNone() throws IOException {
        stick = HilinkStandIn.start(Profile.E3372H_320_10X, WAN);
        HilinkClient c = client();
        assertThat(c.status().result().orElseThrow().wanAddress()).isEmpty();
        assertThat(c.wanAddress().result().orElseThrow()).contains(WAN);
        assertThat(c.device().result().orElseThrow().deviceName()).isEqualTo("E3372h-320");
    }

    @Test
    void postsRotateTheTokenWithoutErrors() throws IOException {
        stick = HilinkStandIn.start(Profile.E3372_22X, WAN);
        HilinkClient c = client();
        assertThat(c.mobileData(false).isOk()).isTrue();
        assertThat(stick.mobileData()).isFalse();
        assertThat(c.status().result().orElseThrow().connection()).isEqualTo(StickStatus.Connection.DISCONNECTED);
        assertThat(c.wanAddress().result().orElseThrow()).isEmpty();
        assertThat(c.mobileData(true).isOk()).isTrue();
        assertThat(c.pointDmzAt(v4("192.168.8.100")).isOk()).isTrue();
        assertThat(stick.dmzHost()).contains(v4("192.168.8.100"));
        // each POST used the token the previous reply handed out: no 125003, no new session
        assertThat(stick.requests("/api/webserver/SesTokInfo")).isEqualTo(1);
    }

    @Test
    void tokenExpiryMidSessionIsRefreshedAndRetriedOnce() throws IOException {
        stick = HilinkStandIn.start(Profile.E3372_22X, WAN);
        HilinkClient c = client();
        assertThat(c.status().isOk()).isTrue();
        stick.expireSessions();
        try (LogCapture log = LogCapture.of(HilinkClient.class)) {
            assertThat(c.signal().isOk()).isTrue();
            assertThat(c.mobileData(true).isOk()).isTrue(); // a POST after the refresh works too
            assertThat(log.messages()).isEmpty(); // an expired session is routine, not news
        }
        assertThat(stick.requests("/api/device/signal")).isEqualTo(2);
        assertThat(stick.requests("/api/webserver/SesTokInfo")).isEqualTo(2);
    }

    @Test
    void aSessionThatDiesAgainRightAwayIsNotRetriedInALoop() throws IOException {
        stick = HilinkStandIn.start(Profile.E3372_22X, WAN);
        stick.sessionIdle(Duration.ZERO); // every session is gone before its first use
        HilinkClient c = client();
        HilinkResult<Signal> r = c.signal();
        assertThat(r).isInstanceOf(HilinkResult.Refused.class);
        assertThat(((HilinkResult.Refused<Signal>) r).error().code()).isEqualTo(125002);
        assertThat(stick.requests("/api/device/signal")).isEqualTo(2); // first try and one retry
    }

    @Test
    void logsInOnlyWhenTheStickAsksAndAgainAfterTheSessionExpired() throws IOException {
        stick = HilinkStandIn.start(Profile.E3372_22X, WAN);
        stick.requireLogin("admin", "s3cret!");
        HilinkClient c = client(Optional.of(login("admin", "s3cret!")), Duration.ofSeconds(5), TimeSource.SYSTEM);
        assertThat(c.status().isOk()).isTrue();
        assertThat(stick.logins()).isEqualTo(1);
        assertThat(c.signal().isOk()).isTrue();
        assertThat(c.reboot().isOk()).isTrue(); // a POST with the tokens the login handed out
        assertThat(stick.logins()).isEqualTo(1);
        stick.expireSessions();
        assertThat(c.traffic().isOk()).isTrue();
        assertThat(stick.logins()).isEqualTo(2);
    }

    @Test
    void aStickThatNeedsALoginWithoutCredentialsIsRefusedAndSaysWhatToSet() throws IOException {
        stick = HilinkStandIn.start(Profile.E3372_22X, WAN);
        stick.requireLogin("admin", "s3cret!");
        HilinkClient c = client();
        try (LogCapture log = LogCapture.of(HilinkClient.class)) {
            for (int i = 0; i < 3; i++) {
                HilinkResult<StickStatus> r = c.status();
                assertThat(r).isInstanceOf(HilinkResult.Refused.class);
                assertThat(((HilinkResult.Refused<StickStatus>) r).error().kind())
                        .isEqualTo(StickError.Kind.NO_RIGHTS);
            }
            assertThat(log.messages()).hasSize(1);
            assertThat(log.messages().get(0)).contains("100003").contains("modem.hilink.username");
        }
        assertThat(stick.loginAttempts()).isZero();
    }

    @Test
    void aWrongPasswordIsSentOnceAndNeverAgain() throws IOException {
        stick = HilinkStandIn.start(Profile.E3372_22X, WAN);
        stick.requireLogin("admin", "s3cret!");
        HilinkClient c = client(Optional.of(login("admin", "wrong")), Duration.ofSeconds(5), TimeSource.SYSTEM);
        try (LogCapture log = LogCapture.of(HilinkClient.class)) {
            for (int i = 0; i < 5; i++) {
                HilinkResult<Signal> r = c.signal();
                assertThat(r).isInstanceOf(HilinkResult.Refused.class);
                assertThat(((HilinkResult.Refused<Signal>) r).error().kind())
                        .isEqualTo(StickError.Kind.WRONG_CREDENTIALS);
            }
            assertThat(log.messages()).hasSize(1);
            assertThat(log.messages().get(0))
                    .contains("108006")
                    .contains("not sent again")
                    .doesNotContain("wrong\"");
            assertThat(String.join("\n", log.messages()))
                    .doesNotContain("s3cret")
                    .doesNotContain("SessionID=");
        }
        assertThat(stick.loginAttempts()).isEqualTo(1);
    }

    @Test
    void tooManyFailedLoginsWaitsBeforeOneMoreTry() throws IOException {
        stick = HilinkStandIn.start(Profile.E3372_22X, WAN);
        stick.requireLogin("admin", "s3cret!");
        stick.loginsBeforeBlock(0); // the stick already locked out logins (someone tried in its web UI)
        VirtualTime time = new VirtualTime();
        HilinkClient c = client(Optional.of(login("admin", "s3cret!")), Duration.ofSeconds(5), time);
        HilinkResult<Signal> r = c.signal();
        assertThat(((HilinkResult.Refused<Signal>) r).error().kind()).isEqualTo(StickError.Kind.LOGIN_BLOCKED);
        time.advance(HilinkClient.LOGIN_BLOCK_HOLD.minusSeconds(1));
        c.signal();
        assertThat(stick.loginAttempts()).isEqualTo(1);
        stick.loginsBeforeBlock(3);
        time.advance(Duration.ofSeconds(2));
        assertThat(c.signal().isOk()).isTrue();
        assertThat(stick.loginAttempts()).isEqualTo(2);
    }

    @Test
    void rebootSilencesTheApiThenTheStickComesBackWithANewWanAddress() throws IOException {
        stick = HilinkStandIn.start(Profile.E3372_22X, WAN);
        stick.rebootTakes(Duration.ofMillis(1500));
        stick.wanAfterReboot(v4("10.147.9.9"));
        HilinkClient c = client(Optional.empty(), Duration.ofMillis(300), TimeSource.SYSTEM);
        assertThat(c.reboot().isOk()).isTrue();
        assertThat(stick.reboots()).isEqualTo(1);
        HilinkResult<StickStatus> during = c.status();
        assertThat(during).isInstanceOf(HilinkResult.Silent.class);
        assertThat(((HilinkResult.Silent<StickStatus>) during).cause()).isIn(Silence.TIMEOUT, Silence.UNREACHABLE);
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> c.wanAddress().result().flatMap(w -> w).equals(Optional.of(v4("10.147.9.9"))));
        assertThat(stick.reboots()).isEqualTo(1);
    }

    @Test
    void htmlMalformedTimeoutAndUnknownCodesAreTypedAndLoggedOnce() throws IOException {
        stick = HilinkStandIn.start(Profile.E3372_22X, WAN);
        HilinkClient c = client(Optional.empty(), Duration.ofMillis(300), TimeSource.SYSTEM);
        try (LogCapture log = LogCapture.of(HilinkClient.class)) {
            stick.fault(Fault.HTML);
            assertSilent(c.status(), Silence.HTML);
            assertSilent(c.status(), Silence.HTML);
            stick.fault(Fault.MALFORMED);
            assertSilent(c.signal(), Silence.MALFORMED);
            stick.fault(Fault.TIMEOUT);
            assertSilent(c.signal(), Silence.TIMEOUT);
            stick.fault(Fault.UNKNOWN_CODE);
            for (int i = 0; i < 3; i++) {
                HilinkResult<Signal> r = c.signal();
                assertThat(((HilinkResult.Refused<Signal>) r).error().kind()).isEqualTo(StickError.Kind.UNKNOWN);
                assertThat(((HilinkResult.Refused<Signal>) r).error().code()).isEqualTo(113999);
            }
            stick.fault(Fault.NONE);
            assertThat(c.signal().isOk()).isTrue();
            assertThat(log.messages())
                    .containsExactly(
                            "WARN HiLink: stick not answering: an HTML page instead of the API's XML from /api/webserver/SesTokInfo",
                            "WARN HiLink: stick not answering: malformed XML (XML document structures must start and end within "
                                    + "the same entity.) from /api/webserver/SesTokInfo",
                            "WARN HiLink: stick not answering: no answer from /api/webserver/SesTokInfo within the timeout",
                            "INFO HiLink: the stick answers again",
                            "WARN HiLink: /api/webserver/SesTokInfo refused: 113999 (unknown error code) (logged once)");
        }
    }

    @Test
    void aStickThatIsGoneIsUnreachable() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        HilinkClient c = new HilinkClient(
                URI.create("http://127.0.0.1:" + port),
                Optional.empty(),
                new BoundHttpClient(Duration.ofSeconds(2)),
                Optional::empty,
                TimeSource.SYSTEM);
        assertSilent(c.signal(), Silence.UNREACHABLE);
        assertThat(c.signal().describe()).startsWith("stick not answering: cannot connect to 127.0.0.1");
    }

    @Test
    void anEndpointTheFirmwareLacksIsNotSupportedNotSilence() throws IOException {
        stick = HilinkStandIn.start(Profile.E3372_22X, WAN);
        HilinkClient c = client();
        // the stand-in redirects unknown paths to the web UI, as the sticks do; a real endpoint it lacks:
        HilinkResult<HilinkResult.Done> r = c.pointDmzAt(v4("192.168.8.100"));
        assertThat(r.isOk()).isTrue();
        assertThat(Interpret.reply("/api/x", 302, "", f -> Optional.of(1))).isInstanceOf(HilinkResult.Refused.class);
        assertThat(((HilinkResult.Refused<Integer>) Interpret.reply("/api/x", 404, "", f -> Optional.of(1)))
                        .error()
                        .kind())
                .isEqualTo(StickError.Kind.NOT_SUPPORTED);
        assertSilent(Interpret.reply("/api/x", 500, "", f -> Optional.of(1)), Silence.HTTP_ERROR);
    }

    @Test
    void aSnapshotIsWhatTheModemMonitorReports() throws IOException {
        stick = HilinkStandIn.start(Profile.E3372_22X, WAN);
        stick.requireLogin("admin", "s3cret!");
        var config = new dev.failberry.config.LinkConfig.Hilink(
                stick.url(), Optional.of("admin"), Optional.of(new Secret("s3cret!")), true, Duration.ofSeconds(5));
        HilinkClient c = HilinkClient.fromConfig(config, Optional::empty, TimeSource.SYSTEM);
        StickSnapshot s = c.snapshot().result().orElseThrow();
        assertThat(s.condition()).isEqualTo(StickSnapshot.Condition.CONNECTED);
        assertThat(s.accessTechnology()).isEqualTo("LTE");
        assertThat(s.rssiDbm()).contains(-69);
        assertThat(s.operatorName()).contains("...");
        assertThat(s.wanAddress()).contains(WAN);
        assertThat(c.mobileData(false).isOk()).isTrue();
        assertThat(c.snapshot().result().orElseThrow().condition()).isEqualTo(StickSnapshot.Condition.REGISTERED);
        stick.fault(Fault.HTML);
        assertThat(c.snapshot().isSilent()).isTrue();
    }

    /**
     * The stand-in's radio (the demo's {@code signal}, {@code searching}, {@code denied}, {@code home} and
     * {@code drop-carrier} for a router stick) as the daemon's client and readers take it over HTTP, and as
     * the stick monitor then reports it.
     */
    @Test
    void theRadioFaultsReadAsTheModemMonitorReportsThem() throws IOException {
        stick = HilinkStandIn.start(Profile.E3372_22X, WAN);
        java.util.List<Boolean> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        stick.onConnection(told::add);
        HilinkClient c = client();

        stick.signal(5);
        Signal weak = c.signal().result().orElseThrow();
        assertThat(weak.rssiDbm()).contains(-103.0);
        assertThat(weak.rsrpDbm())
                .as("the capture's RSRP - RSSI gap (-20 dB) kept")
                .contains(-123.0);
        assertThat(weak.rsrqDb()).as("as captured").contains(-7.0);
        assertThat(c.status().result().orElseThrow().signalBars()).contains(1);
        ModemStatus m = monitorSays(c);
        assertThat(m.condition()).isEqualTo(ModemStatus.Condition.REGISTERED);
        assertThat(m.csq()).isEqualTo(5);
        assertThat(m.rssiDbm()).isEqualTo(-103);
        assertThat(m.stick().rsrpDbm()).isEqualTo(-123.0);
        stick.signal(99);
        assertThat(c.signal().result().orElseThrow().rssiDbm())
                .as("not measured")
                .isEmpty();
        assertThat(monitorSays(c).csq()).isNull();
        stick.signal(31);
        assertThat(monitorSays(c).rssiDbm()).isEqualTo(-51);

        stick.network(HilinkStandIn.Network.SEARCHING);
        StickSnapshot searching = c.snapshot().result().orElseThrow();
        assertThat(searching.condition()).isEqualTo(StickSnapshot.Condition.NO_SERVICE);
        assertThat(searching.status().connection()).isEqualTo(StickStatus.Connection.DISCONNECTED);
        assertThat(searching.wanAddress()).isEmpty();
        assertThat(searching.accessTechnology()).isEqualTo("no service");
        m = monitorSays(c);
        assertThat(m.condition()).isEqualTo(ModemStatus.Condition.SEARCHING);
        assertThat(m.registration()).isEqualTo("searching");
        stick.network(HilinkStandIn.Network.HOME);
        assertThat(c.snapshot().result().orElseThrow().condition())
                .as("service back: the stick connects by itself")
                .isEqualTo(StickSnapshot.Condition.CONNECTED);
        assertThat(c.wanAddress().result().orElseThrow()).contains(WAN);

        // refused by the network: restricted service, which the daemon cannot tell from searching
        stick.network(HilinkStandIn.Network.DENIED);
        StickSnapshot denied = c.snapshot().result().orElseThrow();
        assertThat(denied.status().service()).isFalse();
        assertThat(denied.status().connection()).isEqualTo(StickStatus.Connection.DISCONNECTED);
        assertThat(denied.accessTechnology()).as("still camped on the cell").isEqualTo("LTE");
        m = monitorSays(c);
        assertThat(m.condition()).isEqualTo(ModemStatus.Condition.SEARCHING);
        assertThat(m.registration()).isEqualTo("searching");
        stick.network(HilinkStandIn.Network.HOME);

        stick.dropConnection();
        StickSnapshot dropped = c.snapshot().result().orElseThrow();
        assertThat(dropped.condition()).isEqualTo(StickSnapshot.Condition.REGISTERED);
        assertThat(dropped.wanAddress()).isEmpty();
        assertThat(monitorSays(c).stick().connection()).isEqualTo("disconnected");
        stick.network(HilinkStandIn.Network.HOME);
        assertThat(stick.connected()).as("no redial of its own").isFalse();
        assertThat(c.mobileData(false).isOk()).isTrue();
        assertThat(c.mobileData(true).isOk()).isTrue();
        assertThat(c.snapshot().result().orElseThrow().condition()).isEqualTo(StickSnapshot.Condition.CONNECTED);

        assertThat(told).containsExactly(false, true, false, true, false, true);
    }

    private static ModemStatus monitorSays(HilinkClient c) {
        StickSnapshot s = c.snapshot().result().orElseThrow();
        return StickMonitor.fromSnapshot("eth1", s, null, null, s.wanAddress().map(Inet4Address::getHostAddress), null);
    }

    @Test
    void snapshotConditions() {
        Reply.Fields noSim = (Reply.Fields)
                HilinkXml.parse(
                        "<response><ConnectionStatus>902</ConnectionStatus>"
                                + "<SimStatus>255</SimStatus><ServiceStatus>2</ServiceStatus><CurrentNetworkTypeEx>101</CurrentNetworkTypeEx></response>");
        Reply.Fields searching = (Reply.Fields)
                HilinkXml.parse(
                        "<response><ConnectionStatus>902</ConnectionStatus>"
                                + "<SimStatus>1</SimStatus><ServiceStatus>1</ServiceStatus><CurrentNetworkTypeEx>0</CurrentNetworkTypeEx></response>");
        Reply.Fields registered = (Reply.Fields)
                HilinkXml.parse(
                        "<response><ConnectionStatus>902</ConnectionStatus>"
                                + "<SimStatus>1</SimStatus><ServiceStatus>2</ServiceStatus><CurrentNetworkTypeEx>1011</CurrentNetworkTypeEx></response>");
        assertThat(new StickSnapshot(Replies.status(noSim), Optional.empty(), Optional.empty()).condition())
                .isEqualTo(StickSnapshot.Condition.NO_SIM);
        assertThat(new StickSnapshot(Replies.status(searching), Optional.empty(), Optional.empty()).condition())
                .isEqualTo(StickSnapshot.Condition.NO_SERVICE);
        StickSnapshot r = new StickSnapshot(Replies.status(registered), Optional.empty(), Optional.empty());
        assertThat(r.condition()).isEqualTo(StickSnapshot.Condition.REGISTERED);
        assertThat(r.accessTechnology()).isEqualTo("LTE+");
        assertThat(r.rssiDbm()).isEmpty();
    }

    private static void assertSilent(HilinkResult<?> r, Silence cause) {
        assertThat(r).isInstanceOf(HilinkResult.Silent.class);
        assertThat(((HilinkResult.Silent<?>) r).cause()).isEqualTo(cause);
    }

    static Inet4Address v4(String s) {
        return Replies.ipv4(s).orElseThrow();
    }
}
