package dev.failberry.sim.hilink;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A HiLink stick's web API on a real HTTP port, for tests and the demo: it serves the replies captured
 * from real sticks ({@link Captures}) and behaves like the stick where the client's logic depends on
 * it. GETs need a session cookie from {@code /api/webserver/SesTokInfo} (else 125002); a POST needs a
 * token of that session that was not used yet (else 125003) and its reply hands out the next one; a
 * session idle for {@link #sessionIdle} or cleared by {@link #expireSessions()} is gone (125002). With
 * {@link #requireLogin} every other endpoint answers 100003 until {@code /api/user/login} succeeds with
 * the password_type 4 scheme (computed here independently of the client); a wrong password gives
 * 108006, and from {@code loginsBeforeBlock} failures on 108007. A login starts a new session
 * ({@code Set-Cookie}) with three tokens ({@code t1#t2#t3#}).
 *
 * <p>Faults: a reboot keeps the API silent for {@link #rebootTakes} (requests get no answer, then the
 * connection drops, as the stick's USB interface goes away), and can bring a new WAN address; and
 * {@link Fault}s: an HTML page, no answer at all, truncated XML, an error code the client does not know.
 * The radio: the network's answer ({@link #network}: service, none, or limited), the data connection
 * dropping ({@link #dropConnection}) and the signal ({@link #signal}) change the values of the captured
 * status and signal replies, never their shape.
 *
 * <p>Threads: the JDK's HTTP server with a cached pool (a held request holds a thread); test and demo
 * use only.
 */
public final class HilinkStandIn implements AutoCloseable {
    private static final Pattern FIELD = Pattern.compile("<(\\w+)>([^<]*)</\\1>");
    private static final String HTML_PAGE = "<!DOCTYPE html>\n<html><head><title>Error</title></head>"
            + "<body>stand-in fault: an HTML page instead of the API</body></html>\n";

    /** Which captured firmware the replies come from. */
    public enum Profile {
        /**
         * E3372 with 22.x-style replies: the e3372-vodafone-de captures; {@code WanIPAddress} is inserted
         * into the status reply after {@code simlockStatus}, where E3372 22.315.01.00.74 has it.
         */
        E3372_22X,
        /**
         * E3372h-320 10.x: the status reply has no {@code WanIPAddress} (as captured); the device
         * information (e3372h-320-10.0.3.1 capture) carries it.
         */
        E3372H_320_10X
    }

    /**
     * What the network grants the stick, as {@code monitoring/status} then says it. {@code ServiceStatus}
     * follows Huawei's service status numbering (the {@code srv_status} of {@code ^SYSINFO}): 2 valid
     * service, 1 restricted (camped on a cell, registration refused: emergency calls only), 0 no service;
     * the daemon reads 2 as "service" and anything else as none.
     */
    public enum Network {
        /** Registered: {@code ServiceStatus} 2, the captured network type. */
        HOME,
        /** No cell: {@code ServiceStatus} 0, {@code CurrentNetworkType}/{@code Ex} 0 (the web UI's "no service"). */
        SEARCHING,
        /** The network refuses the SIM: {@code ServiceStatus} 1 (restricted), still camped (network type kept). */
        DENIED
    }

    /** Faults that last until {@link #fault(Fault)} is called with {@link Fault#NONE}. */
    public enum Fault {
        NONE,
        HTML,
        TIMEOUT,
        MALFORMED,
        UNKNOWN_CODE
    }

    private final Profile profile;
    private final HttpServer server;
    private final ExecutorService pool;
    private final StandInState state = new StandInState();
    private Fault fault = Fault.NONE;
    private Runnable onReboot = () -> {};
    private java.util.function.Consumer<Boolean> onConnection = c -> {};
    private boolean connectionTold = true;
    private int unknownCode = 113999;
    private boolean closed;

    private HilinkStandIn(Profile profile, Inet4Address wan, InetSocketAddress bind) throws IOException {
        this.profile = profile;
        state.wan = wan;
        server = HttpServer.create(bind, 16);
        pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "hilink-stand-in");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts on 127.0.0.1, an ephemeral port. */
    public static HilinkStandIn start(Profile profile, Inet4Address wan) throws IOException {
        return start(profile, wan, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    public static HilinkStandIn start(Profile profile, Inet4Address wan, InetSocketAddress bind) throws IOException {
        return new HilinkStandIn(profile, wan, bind);
    }

    public URI url() {
        InetSocketAddress a = server.getAddress();
        return URI.create("http://" + a.getAddress().getHostAddress() + ":" + a.getPort());
    }

    // ---- controls ----

    public synchronized void requireLogin(String username, String password) {
        state.username = Optional.of(username);
        state.password = Optional.of(password);
    }

    public synchronized void loginsBeforeBlock(int n) {
        state.loginsBeforeBlock = n;
    }

    public synchronized void sessionIdle(Duration idle) {
        state.sessionIdle = idle;
    }

    /** Every session ends now, as after the stick's idle timeout. */
    public synchronized void expireSessions() {
        state.expireSessions();
    }

    public synchronized void rebootTakes(Duration d) {
        state.rebootTakes = d;
    }

    public synchronized void wanAfterReboot(Inet4Address next) {
        state.wanAfterReboot = Optional.of(next);
    }

    /** {@code r} runs (on a server thread) when the API accepts a reboot: the demo's stick then goes away. */
    public synchronized void onReboot(Runnable r) {
        onReboot = r;
    }

    /** The carrier gave the stick another WAN address (after a power cycle, say). */
    public synchronized void wan(Inet4Address next) {
        state.wan = next;
    }

    /**
     * The network's answer. Without service the data connection drops (ConnectionStatus 902, no
     * {@code WanIPAddress}); with service again the stick connects by itself if its mobile data switch is on
     * (the HiLink default, automatic connection).
     */
    public synchronized void network(Network n) {
        boolean had = state.registered();
        state.network = n;
        if (!state.registered()) {
            state.connected = false;
        } else if (!had) {
            state.connected = state.mobileData;
        }
        connectionChanged();
    }

    /**
     * The data connection drops (the carrier ends the session): ConnectionStatus 902 and no WAN address
     * until mobile data is switched on again through the API or the stick reboots; the stick does not
     * redial by itself.
     */
    public synchronized void dropConnection() {
        state.connected = false;
        connectionChanged();
    }

    /**
     * The signal as a {@code +CSQ} rssi (3GPP TS 27.007: 0 = -113 dBm or less, n = -113 + 2n dBm, 31 = -51 dBm
     * or more, 99 unknown), as the modem simulator takes it. {@code device/signal} then says that RSSI, and an
     * RSRP shifted by as much from the capture's (the capture's RSRP - RSSI gap kept; RSRQ and SINR as
     * captured); 99 leaves the four empty ("not measured"). {@code SignalIcon} becomes n's share of
     * {@code maxsignal} (5): a linear scale of the stand-in's own, as the firmware's thresholds are not published.
     */
    public synchronized void signal(int csq) {
        if (csq != 99 && (csq < 0 || csq > 31)) {
            throw new IllegalArgumentException("csq must be 0..31 or 99, got " + csq);
        }
        state.csq = csq;
    }

    /** The stick has booted (the demo's power cycle, its own reboot): it connects if it has service and data on. */
    public synchronized void booted() {
        state.connected = state.mobileData && state.registered();
        connectionChanged();
    }

    /** Whether the stick's data connection is up (ConnectionStatus 901). */
    public synchronized boolean connected() {
        return state.connected;
    }

    /**
     * {@code l} hears each change of the data connection (true: up). It runs under the stand-in's lock, on
     * the thread that made the change: it must be quick and must not call the stand-in.
     */
    public synchronized void onConnection(java.util.function.Consumer<Boolean> l) {
        onConnection = l;
    }

    private void connectionChanged() {
        if (state.connected != connectionTold) {
            connectionTold = state.connected;
            onConnection.accept(connectionTold);
        }
    }

    public synchronized void fault(Fault f) {
        fault = f;
        notifyAll();
    }

    public synchronized void unknownCode(int code) {
        unknownCode = code;
    }

    public synchronized int reboots() {
        return state.reboots;
    }

    public synchronized int logins() {
        return state.logins;
    }

    public synchronized int loginAttempts() {
        return state.loginAttempts;
    }

    public synchronized boolean mobileData() {
        return state.mobileData;
    }

    public synchronized Inet4Address wanAddress() {
        return state.wan;
    }

    public synchronized Optional<Inet4Address> dmzHost() {
        return state.dmzOn ? state.dmzHost : Optional.empty();
    }

    /** Requests seen for an API path (the silent and faulty ones included). */
    public synchronized int requests(String path) {
        return state.requests.getOrDefault(path, 0);
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        server.stop(0);
        pool.shutdownNow();
    }

    // ---- the API ----

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            String body;
            try (InputStream in = ex.getRequestBody()) {
                body = new String(in.readNBytes(16 * 1024), StandardCharsets.UTF_8);
            }
            Answer a;
            synchronized (this) {
                state.requests.merge(path, 1, Integer::sum);
                if (holdWhileSilent()) {
                    return; // the connection drops without an answer
                }
                a = answer(
                        method,
                        path,
                        body,
                        ex.getRequestHeaders().getFirst("Cookie"),
                        ex.getRequestHeaders().getFirst("__RequestVerificationToken"));
            }
            send(ex, a);
        }
    }

    /** Waits (releasing the lock) while rebooting or while the TIMEOUT fault lasts; true: give no answer. */
    private boolean holdWhileSilent() {
        boolean held = false;
        while (!closed && (fault == Fault.TIMEOUT || System.nanoTime() - state.silentUntil < 0)) {
            held = true;
            long waitMs =
                    fault == Fault.TIMEOUT ? 1000 : Math.max(1, (state.silentUntil - System.nanoTime()) / 1_000_000);
            try {
                wait(waitMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true;
            }
        }
        return held || closed;
    }

    private record Answer(int status, String body, String setCookie, String tokens, String location) {
        static Answer xml(String body) {
            return new Answer(200, body, null, null, null);
        }
    }

    private Answer answer(String method, String path, String body, String cookie, String token) {
        switch (fault) {
            case HTML -> {
                return new Answer(200, HTML_PAGE, null, null, null);
            }
            case MALFORMED -> {
                String s = Captures.load("e3372-vodafone-de/device-signal.xml");
                return Answer.xml(s.substring(0, s.length() / 2));
            }
            case UNKNOWN_CODE -> {
                return error(unknownCode);
            }
            default -> {}
        }
        long now = System.nanoTime();
        if (method.equals("GET") && path.equals("/api/webserver/SesTokInfo")) {
            StandInState.Session s = state.newSession(now);
            String x = Captures.load("e3372-vodafone-de/sestokinfo.xml");
            return Answer.xml(Captures.with(Captures.with(x, "SesInfo", s.id), "TokInfo", s.tokens.peekFirst()));
        }
        StandInState.Session s = state.session(cookie, now);
        if (s == null) {
            return error(125002);
        }
        s.lastUse = now;
        if (method.equals("POST")) {
            if (token == null || !s.tokens.remove(token)) {
                return error(125003);
            }
            String next = StandInState.random(32);
            s.tokens.add(next);
            Answer a = post(s, path, body, token);
            return a.tokens() != null ? a : new Answer(a.status(), a.body(), a.setCookie(), next, a.location());
        }
        return get(s, path);
    }

    private Answer get(StandInState.Session s, String path) {
        if (path.equals("/api/user/state-login")) {
            return Answer.xml(Captures.with(
                    Captures.load("e3372h-320-10.0.3.1/state-login.xml"), "State", s.loggedIn ? "0" : "-1"));
        }
        if (state.username.isPresent() && !s.loggedIn) {
            return error(100003);
        }
        String wan = state.connected ? state.wan.getHostAddress() : "";
        return switch (path) {
            case "/api/monitoring/status" -> {
                String x = radio(Captures.with(
                        Captures.load("e3372-vodafone-de/monitoring-status.xml"),
                        "ConnectionStatus",
                        state.connected ? "901" : "902"));
                yield Answer.xml(
                        profile == Profile.E3372_22X
                                ? Captures.insertAfter(x, "simlockStatus", "WanIPAddress", wan)
                                : x);
            }
            case "/api/device/signal" -> Answer.xml(signal(Captures.load("e3372-vodafone-de/device-signal.xml")));
            case "/api/monitoring/traffic-statistics" ->
                Answer.xml(Captures.load("e3372-vodafone-de/traffic-statistics.xml"));
            case "/api/net/current-plmn" -> Answer.xml(Captures.load("e3372h-320-10.0.3.1/current-plmn.xml"));
            case "/api/device/information" ->
                Answer.xml(Captures.with(
                        Captures.load("e3372h-320-10.0.3.1/device-information.xml"),
                        "WanIPAddress",
                        profile == Profile.E3372H_320_10X ? wan : ""));
            default -> new Answer(302, "", null, null, "/html/index.html");
        };
    }

    /** The status reply's registration and signal bars as the network and the signal now are. */
    private String radio(String status) {
        String x = status;
        switch (state.network) {
            case HOME -> {}
            case SEARCHING -> {
                x = Captures.with(x, "ServiceStatus", "0");
                x = Captures.with(x, "CurrentNetworkType", "0");
                x = Captures.with(x, "CurrentNetworkTypeEx", "0");
                x = Captures.with(x, "SignalIcon", "0");
            }
            case DENIED -> x = Captures.with(x, "ServiceStatus", "1");
        }
        if (state.csq != null && state.network != Network.SEARCHING) {
            x = Captures.with(x, "SignalIcon", Integer.toString(bars(state.csq)));
        }
        return x;
    }

    /** {@code device/signal} with the RSSI of {@link #signal(int)}, if one was set. */
    private String signal(String captured) {
        if (state.csq == null) {
            return captured;
        }
        if (state.csq == 99) {
            String x = captured;
            for (String tag : new String[] {"rssi", "rsrp", "rsrq", "sinr"}) {
                x = Captures.with(x, tag, "");
            }
            return x;
        }
        int rssi = -113 + 2 * state.csq;
        int rsrp = Math.max(-140, dbm(captured, "rsrp") + rssi - dbm(captured, "rssi"));
        return Captures.with(Captures.with(captured, "rssi", rssi + "dBm"), "rsrp", rsrp + "dBm");
    }

    private static int dbm(String xml, String tag) {
        Matcher m = Pattern.compile("<" + tag + ">(-?\\d+)dBm</" + tag + ">").matcher(xml);
        if (!m.find()) {
            throw new IllegalArgumentException("capture has no <" + tag + "> in dBm");
        }
        return Integer.parseInt(m.group(1));
    }

    /** {@code +CSQ} 0..31 as 0..5 bars (99, unknown: none). */
    static int bars(int csq) {
        return csq == 99 ? 0 : Math.min(5, (csq + 5) / 6);
    }

    private Answer post(StandInState.Session s, String path, String body, String token) {
        java.util.Map<String, String> f = fields(body);
        if (path.equals("/api/user/login")) {
            return login(s, f, token);
        }
        if (state.username.isPresent() && !s.loggedIn) {
            return error(100003);
        }
        String ok = Captures.load("common/response-ok.xml");
        switch (path) {
            case "/api/device/control" -> {
                if (!"1".equals(f.get("Control"))) {
                    return error(100006); // the stand-in never powers off or factory-resets
                }
                state.reboots++;
                state.silentUntil = System.nanoTime() + state.rebootTakes.toNanos();
                state.expireSessions();
                state.wanAfterReboot.ifPresent(w -> state.wan = w);
                // back from the reboot it connects by itself, as far as the network lets it
                state.connected = state.mobileData && state.registered();
                connectionChanged();
                onReboot.run();
                return Answer.xml(ok);
            }
            case "/api/dialup/mobile-dataswitch" -> {
                String v = f.get("dataswitch");
                if (!"0".equals(v) && !"1".equals(v)) {
                    return error(100006);
                }
                state.mobileData = v.equals("1");
                // on: the stick dials (if it has service); off: it hangs up
                state.connected = state.mobileData && state.registered();
                connectionChanged();
                return Answer.xml(ok);
            }
            case "/api/security/dmz" -> {
                Optional<Inet4Address> host = literal(f.getOrDefault("DmzIPAddress", ""));
                if (host.isEmpty() || !("0".equals(f.get("DmzStatus")) || "1".equals(f.get("DmzStatus")))) {
                    return error(100006);
                }
                state.dmzOn = f.get("DmzStatus").equals("1");
                state.dmzHost = host;
                return Answer.xml(ok);
            }
            default -> {
                return new Answer(302, "", null, null, "/html/index.html");
            }
        }
    }

    private Answer login(StandInState.Session s, java.util.Map<String, String> f, String token) {
        state.loginAttempts++;
        if (s.loggedIn) {
            return error(108003);
        }
        if (state.failedLogins >= state.loginsBeforeBlock) {
            return error(108007);
        }
        String user = f.getOrDefault("Username", "");
        boolean right = state.username.isPresent()
                && state.username.get().equals(user)
                && "4".equals(f.get("password_type"))
                && Type4.expected(user, state.password.orElse(""), token).equals(f.getOrDefault("Password", ""));
        if (!right) {
            state.failedLogins++;
            return error(state.failedLogins >= state.loginsBeforeBlock ? 108007 : 108006);
        }
        state.failedLogins = 0;
        state.logins++;
        state.sessions.remove(s.id);
        StandInState.Session fresh = state.newSession(System.nanoTime());
        fresh.loggedIn = true;
        fresh.tokens.clear();
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            String t = StandInState.random(32);
            fresh.tokens.add(t);
            list.append(t).append('#');
        }
        return new Answer(
                200,
                Captures.load("common/response-ok.xml"),
                "SessionID=" + fresh.id + ";path=/;HttpOnly",
                list.toString(),
                null);
    }

    private static Answer error(int code) {
        return Answer.xml(
                Captures.with(Captures.load("e3372-vodafone-de/error-125003.xml"), "code", Integer.toString(code)));
    }

    private static java.util.Map<String, String> fields(String body) {
        java.util.Map<String, String> out = new java.util.HashMap<>();
        Matcher m = FIELD.matcher(body);
        while (m.find()) {
            out.putIfAbsent(m.group(1), m.group(2).strip());
        }
        return out;
    }

    private static Optional<Inet4Address> literal(String s) {
        if (!s.matches("(\\d{1,3}\\.){3}\\d{1,3}")) {
            return Optional.empty();
        }
        try {
            return Optional.of((Inet4Address) InetAddress.getByName(s));
        } catch (IOException | ClassCastException e) {
            return Optional.empty();
        }
    }

    private static void send(HttpExchange ex, Answer a) throws IOException {
        // the real stick labels its XML text/html (EdouardVanbelle/huawei-e3372 notes it); so does this
        ex.getResponseHeaders().set("Content-Type", "text/html");
        if (a.setCookie() != null) {
            ex.getResponseHeaders().add("Set-Cookie", a.setCookie());
        }
        if (a.tokens() != null) {
            ex.getResponseHeaders().set("__RequestVerificationToken", a.tokens());
        }
        if (a.location() != null) {
            ex.getResponseHeaders().set("Location", a.location());
        }
        byte[] b = a.body().getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(a.status(), b.length == 0 ? -1 : b.length);
        if (b.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
        }
    }
}
