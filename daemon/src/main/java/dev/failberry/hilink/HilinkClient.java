package dev.failberry.hilink;

import dev.failberry.config.Secret;
import dev.failberry.hilink.HilinkResult.Done;
import dev.failberry.hilink.HilinkResult.Refused;
import dev.failberry.hilink.HilinkResult.Silence;
import dev.failberry.hilink.HilinkResult.Silent;
import dev.failberry.hilink.StickError.Kind;
import dev.failberry.http.client.BoundHttpClient;
import dev.failberry.time.TimeSource;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Huawei HiLink web API of a router-in-a-stick (E3372 and its kin), over the link's own interface.
 *
 * <p>Session: {@code GET /api/webserver/SesTokInfo} gives a {@code SessionID} cookie and a CSRF token
 * ({@link Tokens}); every request carries both. A reply {@code 125001/125002/125003} (token or session
 * not valid: expired, the stick rebooted, a token used twice) drops the session, makes a new one and
 * retries the request once. A login happens only when the stick asks for one ({@code 100003}) and
 * credentials are configured; after that every new session logs in first. A refused password
 * ({@code 108001/108002/108006}) is never sent again by this client; after {@code 108007} (too many
 * attempts) it waits {@link #LOGIN_BLOCK_HOLD} before one more try. Nothing loops: a call makes at
 * most one retry.
 *
 * <p>Logging: one line when the stick stops answering (per cause) and one when it answers again, one
 * line per distinct refusal (endpoint and code), never a cookie, token or password.
 *
 * <p>Thread-safety: every call is synchronized (the stick holds one session; its web server is slow).
 */
public final class HilinkClient {
    /** After 108007 the stick refuses logins for some minutes; one more try after this long. */
    static final Duration LOGIN_BLOCK_HOLD = Duration.ofMinutes(15);

    private static final Logger LOG = LoggerFactory.getLogger(HilinkClient.class);
    private static final String XML = "application/xml";

    /** Credentials for sticks that require a login. */
    public record Login(String username, Secret password) {}

    private final URI base;
    private final Optional<Login> login;
    private final BoundHttpClient http;
    private final Supplier<Optional<InetAddress>> source;
    private final TimeSource time;
    private final Tokens session = new Tokens();
    private final Set<String> logged = new HashSet<>();
    private boolean loginRequired;
    private StickError loginRefusal;
    private long loginRefusalUntil;
    private Silence lastSilence;

    /**
     * @param base   the stick's web API, e.g. {@code http://192.168.8.1}
     * @param source the local address to send from (the link's address), or empty to let routing choose
     */
    public HilinkClient(
            URI base,
            Optional<Login> login,
            BoundHttpClient http,
            Supplier<Optional<InetAddress>> source,
            TimeSource time) {
        String b = base.toString();
        this.base = URI.create(b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
        this.login = login;
        this.http = http;
        this.source = source;
        this.time = time;
    }

    /** A client for the configured stick; requests leave from {@code source} (the link's address) when present. */
    public static HilinkClient fromConfig(
            dev.failberry.config.LinkConfig.Hilink config, Supplier<Optional<InetAddress>> source, TimeSource time) {
        Optional<Login> login = config.login()
                ? Optional.of(
                        new Login(config.username().get(), config.password().get()))
                : Optional.empty();
        return new HilinkClient(config.url(), login, new BoundHttpClient(config.timeout()), source, time);
    }

    /**
     * One poll for the modem monitor: the status (required: if it fails, so does the snapshot), then
     * signal and operator (their refusals leave them empty). Three requests on one session.
     */
    public synchronized HilinkResult<StickSnapshot> snapshot() {
        HilinkResult<StickStatus> status = status();
        if (!(status instanceof HilinkResult.Ok<StickStatus> ok)) {
            return status.map(s -> null);
        }
        HilinkResult<Signal> signal = signal();
        if (signal.isSilent()) {
            return signal.map(s -> null);
        }
        HilinkResult<Operator> operator = operator();
        if (operator.isSilent()) {
            return operator.map(s -> null);
        }
        return new HilinkResult.Ok<>(new StickSnapshot(ok.value(), signal.result(), operator.result()));
    }

    public synchronized HilinkResult<Signal> signal() {
        return call("GET", "/api/device/signal", null, f -> Optional.of(Replies.signal(f)));
    }

    public synchronized HilinkResult<StickStatus> status() {
        return call("GET", "/api/monitoring/status", null, f -> Optional.of(Replies.status(f)));
    }

    public synchronized HilinkResult<Operator> operator() {
        return call("GET", "/api/net/current-plmn", null, Replies::operator);
    }

    public synchronized HilinkResult<Traffic> traffic() {
        return call("GET", "/api/monitoring/traffic-statistics", null, Replies::traffic);
    }

    public synchronized HilinkResult<DeviceInfo> device() {
        return call("GET", "/api/device/information", null, Replies::device);
    }

    /**
     * The stick's WAN address (its public address when the APN gives one): {@code WanIPAddress} of the
     * status reply, or of the device information on firmware that moved it there. Empty while the stick
     * has no data connection.
     */
    public synchronized HilinkResult<Optional<Inet4Address>> wanAddress() {
        HilinkResult<StickStatus> status = status();
        if (status.result().flatMap(StickStatus::wanAddress).isPresent() || !status.isOk()) {
            return status.map(StickStatus::wanAddress);
        }
        return device().map(DeviceInfo::wanAddress);
    }

    /** Reboots the stick ({@code Control} 1; 2 would be a factory reset and is never sent). */
    public synchronized HilinkResult<Done> reboot() {
        HilinkResult<Done> r = call("POST", "/api/device/control", "<Control>1</Control>", HilinkClient::ok);
        if (r.isOk()) {
            session.clear(); // the stick forgets its sessions when it restarts
        }
        return r;
    }

    /** Switches the stick's mobile data on (connect) or off (disconnect). */
    public synchronized HilinkResult<Done> mobileData(boolean on) {
        return call(
                "POST",
                "/api/dialup/mobile-dataswitch",
                "<dataswitch>" + (on ? 1 : 0) + "</dataswitch>",
                HilinkClient::ok);
    }

    /** Points the stick's DMZ at {@code host} (the Pi's address on the link), so inbound traffic reaches it. */
    public synchronized HilinkResult<Done> pointDmzAt(Inet4Address host) {
        return call(
                "POST",
                "/api/security/dmz",
                "<DmzStatus>1</DmzStatus><DmzIPAddress>" + host.getHostAddress() + "</DmzIPAddress>",
                HilinkClient::ok);
    }

    /** Forgets the session (the stick rebooted or the link's interface changed): the next call starts a new one. */
    public synchronized void forgetSession() {
        session.clear();
    }

    // ---- one call: at most one retry ----

    private <T> HilinkResult<T> call(
            String method, String path, String body, Function<Reply.Fields, Optional<T>> read) {
        HilinkResult<T> r = attempt(method, path, body, read);
        if (r instanceof Refused<T> refused) {
            Kind kind = refused.error().kind();
            if (kind == Kind.TOKEN_INVALID) {
                session.clear();
                r = attempt(method, path, body, read);
            } else if (kind == Kind.NO_RIGHTS && login.isPresent()) {
                loginRequired = true;
                session.loggedIn(false);
                r = attempt(method, path, body, read);
            }
        }
        return report(r);
    }

    private <T> HilinkResult<T> attempt(
            String method, String path, String body, Function<Reply.Fields, Optional<T>> read) {
        HilinkResult<Done> ready = ready();
        if (!ready.isOk()) {
            return ready.map(d -> null);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        session.cookie().ifPresent(c -> headers.put("Cookie", c));
        (method.equals("POST") ? session.forPost() : session.forGet())
                .ifPresent(t -> headers.put("__RequestVerificationToken", t));
        return exchange(method, path, body, headers, false, read);
    }

    /** A session exists, and is logged in when the stick wants that. */
    private HilinkResult<Done> ready() {
        if (!session.active()) {
            HilinkResult<Replies.SesTok> st =
                    exchange("GET", "/api/webserver/SesTokInfo", null, Map.of(), false, Replies::sesTok);
            if (!(st instanceof HilinkResult.Ok<Replies.SesTok> ok)) {
                return st.map(x -> Done.OK);
            }
            session.start(ok.value().cookie(), ok.value().token());
        }
        if (loginRequired && login.isPresent() && !session.loggedIn()) {
            return login(login.get());
        }
        return new HilinkResult.Ok<>(Done.OK);
    }

    private HilinkResult<Done> login(Login l) {
        if (loginRefusal != null && (loginRefusalUntil == Long.MAX_VALUE || time.nanoTime() - loginRefusalUntil < 0)) {
            return new Refused<>(loginRefusal);
        }
        Map<String, String> cookie = new LinkedHashMap<>();
        session.cookie().ifPresent(c -> cookie.put("Cookie", c));
        HilinkResult<Replies.LoginState> state =
                exchange("GET", "/api/user/state-login", null, cookie, false, f -> Optional.of(Replies.loginState(f)));
        if (!(state instanceof HilinkResult.Ok<Replies.LoginState> s)) {
            return state.map(x -> Done.OK);
        }
        if (s.value().loggedIn()) {
            session.loggedIn(true);
            return new HilinkResult.Ok<>(Done.OK);
        }
        String token = session.forPost().orElse("");
        String body = "<Username>" + escape(l.username()) + "</Username><Password>"
                + Scramble.password(
                        s.value().passwordType(), l.username(), l.password().value(), token)
                + "</Password><password_type>" + s.value().passwordType() + "</password_type>";
        Map<String, String> headers = new LinkedHashMap<>(cookie);
        headers.put("__RequestVerificationToken", token);
        HilinkResult<Done> r = exchange("POST", "/api/user/login", body, headers, true, HilinkClient::ok);
        if (r.isOk() || r instanceof Refused<Done> already && already.error().kind() == Kind.ALREADY_LOGGED_IN) {
            session.loggedIn(true);
            loginRefusal = null;
            LOG.info("HiLink: logged in to the stick as {}", l.username());
            return new HilinkResult.Ok<>(Done.OK);
        }
        if (r instanceof Refused<Done> refused && refused.error().credentials()) {
            loginRefusal = refused.error();
            boolean blocked = refused.error().kind() == Kind.LOGIN_BLOCKED;
            loginRefusalUntil = blocked ? time.nanoTime() + LOGIN_BLOCK_HOLD.toNanos() : Long.MAX_VALUE;
            LOG.error(
                    "HiLink: the stick refused the login of {} ({}): {}",
                    l.username(),
                    refused.error().code(),
                    blocked
                            ? "too many failed logins; one more try in " + LOGIN_BLOCK_HOLD.toMinutes() + " min"
                            : "wrong modem.hilink.username or modem.hilink.password; not sent again until the "
                                    + "configuration changes");
        }
        return r;
    }

    private <T> HilinkResult<T> exchange(
            String method,
            String path,
            String body,
            Map<String, String> headers,
            boolean login,
            Function<Reply.Fields, Optional<T>> read) {
        URI url = base.resolve(path);
        BoundHttpClient.Request request = body == null
                ? BoundHttpClient.Request.get(url, headers)
                : BoundHttpClient.Request.post(
                        url, headers, XML, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><request>" + body + "</request>");
        BoundHttpClient.Exchange reply;
        try {
            reply = http.send(request, source.get());
        } catch (SocketTimeoutException e) {
            return new Silent<>(Silence.TIMEOUT, "no answer from " + path + " within the timeout");
        } catch (ConnectException | NoRouteToHostException e) {
            return new Silent<>(
                    Silence.UNREACHABLE,
                    "cannot connect to " + base.getHost() + " (" + HilinkXml.oneLine(e.getMessage()) + ")");
        } catch (IOException e) {
            return new Silent<>(Silence.UNREACHABLE, path + ": " + HilinkXml.oneLine(e.getMessage()));
        }
        session.absorb(reply, login);
        return Interpret.reply(path, reply.status(), reply.body(), read);
    }

    private <T> HilinkResult<T> report(HilinkResult<T> r) {
        if (r instanceof Silent<T> s) {
            if (s.cause() != lastSilence) {
                LOG.warn("HiLink: stick not answering: {}", s.reason());
                lastSilence = s.cause();
            }
            session.clear(); // whatever comes back (a rebooted stick) needs a new session
            return r;
        }
        if (lastSilence != null) {
            LOG.info("HiLink: the stick answers again");
            lastSilence = null;
        }
        if (r instanceof Refused<T> refused && !refused.error().credentials()) {
            StickError e = refused.error();
            if (logged.add(e.endpoint() + "/" + e.code())) {
                String hint = e.kind() == Kind.NO_RIGHTS && login.isEmpty()
                        ? "; the stick requires a login: set modem.hilink.username and modem.hilink.password"
                        : "";
                LOG.warn("HiLink: {}{} (logged once)", e.describe(), hint);
            }
        }
        return r;
    }

    private static Optional<Done> ok(Reply.Fields f) {
        return f.isOk() ? Optional.of(Done.OK) : Optional.empty();
    }

    static String escape(String s) {
        return s.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;")
                .replace("'", "&apos;");
    }
}
