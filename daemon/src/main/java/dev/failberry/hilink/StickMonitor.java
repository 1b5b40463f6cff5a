package dev.failberry.hilink;

import dev.failberry.modem.ModemStatus;
import dev.failberry.modem.ModemStatus.Condition;
import dev.failberry.time.Cancellable;
import dev.failberry.time.Scheduler;
import dev.failberry.usbnet.DhcpRenew;
import dev.failberry.usbnet.EthernetLink;
import dev.failberry.usbnet.StickPort;
import java.net.Inet4Address;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The modem monitor of an Ethernet-type stick: what the supervisor hears as the modem's condition, from
 * the stick's interface ({@link StickPort}) and, with {@code modem.control = hilink}, its web API
 * ({@link HilinkClient#snapshot()} every {@code modem.poll-interval}). It maps onto the conditions of an
 * AT modem, so the supervisor judges both kinds alike:
 * <ul>
 * <li>no interface, or a CD-ROM: {@link Condition#ABSENT} (the detail carries the usb_modeswitch hint);
 * <li>the interface without a DHCP address: {@link Condition#INITIALIZING}, for {@code link.address-timeout};
 *     then {@link Condition#HUNG} (the stick's DHCP server does not answer: nothing can be asked of it);
 * <li>the API's snapshot: no SIM {@link Condition#NO_SIM}, no service {@link Condition#SEARCHING}, else
 *     {@link Condition#REGISTERED}; a refusal (a login it will not take) {@link Condition#REGISTERED} with
 *     the reason: the link's traffic decides;
 * <li>the API silent ({@link HilinkResult.Silent}: no answer, HTML, malformed XML, HTTP errors)
 *     {@code modem.hung-threshold} times in a row: {@link Condition#HUNG}, like a silent AT port, so the
 *     ladder skips the rungs that need the API; after a first silence it asks again at once;
 * <li>{@code modem.control = none}: {@link Condition#REGISTERED} as soon as the interface has its address.
 * </ul>
 * It also carries out what needs the API: connect (mobile data on), reconnect (off and on; a DHCP renew
 * without the API), the stick's reboot (the ladder's "modem reset"), and the DMZ pointed at the Pi's
 * address on the link ({@code modem.hilink.dmz}) whenever that address is new to the stick. The stick's
 * WAN address goes to {@code wan}: the link's public address.
 *
 * <p>Threads: every call hands its work to {@code scheduler} (the stick's own thread, where the blocking
 * HTTP requests run); the listeners are called there.
 */
public final class StickMonitor implements EthernetLink.Stick, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StickMonitor.class);
    /** After a silent request below the threshold: ask again this soon ("at once", without a hot loop). */
    static final Duration RETRY_SILENT = Duration.ofSeconds(1);
    /**
     * After a reboot request: the stick's API still answers for a moment before it goes down, so it is
     * not asked for this long (as the AT monitor waits before reopening a reset modem's port).
     */
    static final Duration REBOOT_SETTLE = Duration.ofSeconds(5);
    /**
     * How long a rebooting stick may be gone or silent before that counts against it (an E3372 takes
     * 20-40 s to come back); until then it is reported ABSENT ("rebooting"), never HUNG.
     */
    public static final Duration REBOOT_WINDOW = Duration.ofSeconds(90);

    /** What the monitor needs from the configuration. */
    public record Settings(Duration pollInterval, int hungThreshold, Duration addressTimeout, boolean dmz) {}

    private final Optional<HilinkClient> client;
    private final Settings settings;
    private final Scheduler scheduler;
    private final DhcpRenew renew;
    private final Consumer<ModemStatus> listener;
    private final Consumer<Optional<String>> wan;

    // scheduler-thread state
    private StickPort port = new StickPort.Absent("not looked for yet");
    private boolean started;
    private long waitingForAddressSince = -1;
    private Cancellable poll = Cancellable.NONE;
    private int silences;
    private StickSnapshot last;
    private DeviceInfo device;
    private Traffic traffic;
    private Optional<String> wanAddress = Optional.empty();
    private String dmzPointedAt;
    private ModemStatus published;
    private long rebootRequestedAt;
    private boolean rebooting;

    public StickMonitor(
            Optional<HilinkClient> client,
            Settings settings,
            Scheduler scheduler,
            DhcpRenew renew,
            Consumer<ModemStatus> listener,
            Consumer<Optional<String>> wan) {
        this.client = client;
        this.settings = settings;
        this.scheduler = scheduler;
        this.renew = renew;
        this.listener = listener;
        this.wan = wan;
    }

    /** Starts judging (again, after a power cycle: the stick is looked at afresh). */
    public void start() {
        scheduler.execute(() -> {
            started = true;
            silences = 0;
            look();
        });
    }

    /** A look now instead of at the next poll. */
    public void checkNow() {
        scheduler.execute(this::look);
    }

    /** The interface watch's report (any thread). */
    public void portChanged(StickPort p) {
        scheduler.execute(() -> {
            boolean wasPresent = port instanceof StickPort.Present;
            port = p;
            if (!(p instanceof StickPort.Present)) {
                if (wasPresent) {
                    // whatever comes back (a rebooted stick, another one) starts a new session
                    client.ifPresent(HilinkClient::forgetSession);
                    device = null;
                    dmzPointedAt = null;
                }
                setWan(Optional.empty());
            }
            look();
        });
    }

    /** The ladder's "modem reset": the stick's reboot through the API. */
    public void softReset(String reason) {
        scheduler.execute(() -> {
            if (client.isEmpty()) {
                LOG.warn("stick: cannot reboot a stick without an API (modem.control = none)");
                return;
            }
            HilinkResult<HilinkResult.Done> r = client.get().reboot();
            if (r.isOk()) {
                LOG.info("stick: reboot requested through the HiLink API ({})", reason);
                device = null;
                dmzPointedAt = null;
                last = null;
                silences = 0;
                rebooting = true;
                rebootRequestedAt = scheduler.time().nanoTime();
                setWan(Optional.empty());
                look();
            } else {
                LOG.warn("stick: reboot through the HiLink API failed: {}", r.describe());
            }
        });
    }

    @Override
    public void connect() {
        scheduler.execute(() -> {
            if (client.isEmpty() || !(port instanceof StickPort.Present p) || !p.usable()) {
                return;
            }
            StickStatus.Connection c = last == null
                    ? StickStatus.Connection.UNKNOWN
                    : last.status().connection();
            if (c == StickStatus.Connection.DISCONNECTED || c == StickStatus.Connection.FAILED) {
                HilinkResult<HilinkResult.Done> r = client.get().mobileData(true);
                LOG.info(
                        "stick: mobile data was {}: switching it on: {}",
                        c.name().toLowerCase(),
                        r.describe());
            }
        });
    }

    @Override
    public void reconnect(String iface, Runnable done) {
        scheduler.execute(() -> {
            if (client.isEmpty() || !(port instanceof StickPort.Present p) || !p.usable()) {
                renew.renew(iface, done);
                return;
            }
            try {
                HilinkResult<HilinkResult.Done> off = client.get().mobileData(false);
                HilinkResult<HilinkResult.Done> on = client.get().mobileData(true);
                LOG.info(
                        "stick: reconnect through the HiLink API: mobile data off ({}), on ({})",
                        off.describe(),
                        on.describe());
                setWan(Optional.empty());
            } finally {
                done.run();
            }
        });
    }

    // ---- judging ----

    private void look() {
        if (!started) {
            return;
        }
        poll.cancel();
        if (rebooting) {
            long since = scheduler.time().nanoTime() - rebootRequestedAt;
            if (since >= REBOOT_WINDOW.toNanos()) {
                rebooting = false;
            } else if (since < REBOOT_SETTLE.toNanos() || !(port instanceof StickPort.Present p0) || !p0.usable()) {
                publish(status(Condition.ABSENT, null, "rebooting (requested through the HiLink API)"));
                long next = since < REBOOT_SETTLE.toNanos()
                        ? REBOOT_SETTLE.toNanos() - since
                        : REBOOT_WINDOW.toNanos() - since;
                poll = scheduler.schedule(Duration.ofNanos(next), this::look);
                return;
            }
        }
        if (!(port instanceof StickPort.Present p)) {
            waitingForAddressSince = -1;
            String why = port instanceof StickPort.CdRom c
                    ? "still a CD-ROM: " + c.hint()
                    : ((StickPort.Absent) port).reason();
            publish(status(Condition.ABSENT, null, why));
            return;
        }
        if (!p.usable()) {
            long now = scheduler.time().nanoTime();
            if (waitingForAddressSince < 0) {
                waitingForAddressSince = now;
            }
            long deadline = waitingForAddressSince + settings.addressTimeout().toNanos();
            if (now - deadline >= 0) {
                publish(status(
                        Condition.HUNG,
                        p.name(),
                        (p.running() ? "no DHCP address on " : "no carrier on ") + p.name() + " for "
                                + settings.addressTimeout().toSeconds() + " s: the stick does not answer"));
            } else {
                publish(status(
                        Condition.INITIALIZING,
                        p.name(),
                        p.running()
                                ? p.name() + " is up, waiting for its DHCP address"
                                : p.name() + " has no carrier yet"));
                poll = scheduler.schedule(Duration.ofNanos(deadline - now), this::look);
            }
            return;
        }
        waitingForAddressSince = -1;
        if (client.isEmpty()) {
            publish(status(
                    Condition.REGISTERED,
                    p.name(),
                    p.name() + " has " + p.ipv4().get().text()
                            + ": the stick connects by itself (modem.control = none)"));
            return;
        }
        ask(p);
    }

    private void ask(StickPort.Present p) {
        HilinkClient api = client.get();
        HilinkResult<StickSnapshot> r = api.snapshot();
        String silence = silence(r);
        if (silence != null && rebooting) {
            // the interface is back before the API is: still booting, not hung
            publish(status(Condition.ABSENT, p.name(), "rebooting: the HiLink API does not answer yet"));
            poll = scheduler.schedule(RETRY_SILENT, this::look);
            return;
        }
        rebooting = false;
        if (silence != null) {
            silences++;
            if (silences >= settings.hungThreshold()) {
                publish(status(
                        Condition.HUNG,
                        p.name(),
                        "stick not answering (" + silences + " requests in a row): " + silence));
                poll = scheduler.schedule(settings.pollInterval(), this::look);
            } else {
                publish(status(
                        published == null ? Condition.INITIALIZING : published.condition(),
                        p.name(),
                        published == null ? "asking the stick" : published.detail()));
                poll = scheduler.schedule(RETRY_SILENT, this::look);
            }
            return;
        }
        silences = 0;
        if (r instanceof HilinkResult.Refused<StickSnapshot> refused) {
            publish(status(
                    Condition.REGISTERED,
                    p.name(),
                    "the HiLink API refused (" + refused.error().describe()
                            + "): registration unknown, the link is judged by its traffic"));
        } else {
            last = ((HilinkResult.Ok<StickSnapshot>) r).value();
            if (device == null) {
                device = api.device().result().orElse(null);
            }
            traffic = api.traffic().result().orElse(traffic);
            Optional<String> w = last.wanAddress().map(Inet4Address::getHostAddress);
            if (w.isEmpty() && last.status().connection() == StickStatus.Connection.CONNECTED) {
                w = api.wanAddress().result().flatMap(o -> o).map(Inet4Address::getHostAddress);
            }
            setWan(last.status().connection() == StickStatus.Connection.CONNECTED ? w : Optional.empty());
            pointDmz(api, p);
            publish(fromSnapshot(p.name(), last, device, traffic, wanAddress, dmzPointedAt));
        }
        poll = scheduler.schedule(settings.pollInterval(), this::look);
    }

    /**
     * Why {@code r} counts as the stick not answering, or null: no usable answer at all, or an error code
     * the client does not know (the client logged it once with its code); a known refusal is an answer.
     */
    private static String silence(HilinkResult<StickSnapshot> r) {
        if (r instanceof HilinkResult.Silent<StickSnapshot> s) {
            return s.reason();
        }
        if (r instanceof HilinkResult.Refused<StickSnapshot> f && f.error().kind() == StickError.Kind.UNKNOWN) {
            return "the HiLink API answered " + f.error().describe();
        }
        return null;
    }

    private void pointDmz(HilinkClient api, StickPort.Present p) {
        if (!settings.dmz()) {
            return;
        }
        String address = p.ipv4().get().text();
        if (address.equals(dmzPointedAt)) {
            return;
        }
        HilinkResult<HilinkResult.Done> r = api.pointDmzAt(p.ipv4().get().address());
        if (r.isOk()) {
            dmzPointedAt = address;
            LOG.info(
                    "stick: DMZ pointed at the Pi ({}), so inbound traffic to the stick's WAN address reaches it",
                    address);
        } else {
            LOG.warn("stick: could not point the DMZ at {}: {}", address, r.describe());
        }
    }

    private void setWan(Optional<String> w) {
        if (!w.equals(wanAddress)) {
            wanAddress = w;
            w.ifPresent(a -> LOG.info("stick: WAN address {}", a));
            wan.accept(w);
        }
    }

    /**
     * The stick's answers as the AT monitor would say them (the same fields for both kinds of stick);
     * {@code device}, {@code traffic} may be null (not asked or refused). Also {@code failberry modem info}'s
     * view of a stick asked directly.
     */
    public static ModemStatus fromSnapshot(
            String iface,
            StickSnapshot last,
            DeviceInfo device,
            Traffic traffic,
            Optional<String> wanAddress,
            String dmzPointedAt) {
        StickStatus st = last.status();
        StickSnapshot.Condition c = last.condition();
        Condition condition =
                switch (c) {
                    case NO_SIM -> Condition.NO_SIM;
                    case NO_SERVICE -> Condition.SEARCHING;
                    case REGISTERED, CONNECTED -> Condition.REGISTERED;
                };
        String registration = c == StickSnapshot.Condition.NO_SIM
                ? null
                : c == StickSnapshot.Condition.NO_SERVICE ? "searching" : st.roaming() ? "roaming" : "home";
        String detail =
                switch (c) {
                    case NO_SIM -> "no SIM card (the stick's SimStatus " + st.simCode() + ")";
                    case NO_SERVICE -> "no network service (" + last.accessTechnology() + ")";
                    case REGISTERED ->
                        "registered " + registration + ", the stick's data connection is "
                                + st.connection().name().toLowerCase();
                    case CONNECTED -> "registered " + registration + ", the stick is connected";
                };
        Integer rssi = last.rssiDbm().orElse(null);
        Optional<Signal> sig = last.signal();
        ModemStatus.Stick stick = new ModemStatus.Stick(
                "hilink",
                st.connection().name().toLowerCase(),
                wanAddress.orElse(null),
                sig.flatMap(Signal::rsrpDbm).orElse(null),
                sig.flatMap(Signal::rsrqDb).orElse(null),
                sig.flatMap(Signal::sinrDb).orElse(null),
                sig.flatMap(Signal::band).orElse(null),
                traffic == null ? null : traffic.currentDownload(),
                traffic == null ? null : traffic.currentUpload(),
                traffic == null ? null : traffic.currentConnectTime().toSeconds(),
                dmzPointedAt);
        return new ModemStatus(
                condition,
                iface,
                "Huawei",
                device == null ? null : device.deviceName(),
                device == null ? null : device.softwareVersion(),
                device == null ? null : emptyToNull(device.imei()),
                simLabel(st.sim()),
                registration,
                last.operatorName().orElse(null),
                last.accessTechnology(),
                csq(rssi),
                rssi,
                0,
                detail,
                stick);
    }

    private ModemStatus status(Condition condition, String iface, String detail) {
        ModemStatus.Stick stick = new ModemStatus.Stick(
                client.isPresent() ? "hilink" : "none",
                null,
                wanAddress.orElse(null),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                dmzPointedAt);
        boolean keep = condition != Condition.ABSENT
                && published != null
                && published.stick() != null
                && client.isPresent()
                && last != null;
        if (keep) {
            ModemStatus p = published;
            return new ModemStatus(
                    condition,
                    iface,
                    p.manufacturer(),
                    p.model(),
                    p.revision(),
                    p.imei(),
                    p.sim(),
                    p.registration(),
                    p.operator(),
                    p.accessTechnology(),
                    p.csq(),
                    p.rssiDbm(),
                    silences,
                    detail,
                    p.stick());
        }
        return new ModemStatus(
                condition, iface, null, null, null, null, null, null, null, null, null, null, silences, detail, stick);
    }

    private void publish(ModemStatus s) {
        if (!s.equals(published)) {
            published = s;
            listener.accept(s);
        }
    }

    /** {@code +CSQ} from RSSI (3GPP TS 27.007: -113 dBm + 2 per step, 0..31). */
    static Integer csq(Integer rssiDbm) {
        if (rssiDbm == null) {
            return null;
        }
        return Math.max(0, Math.min(31, (rssiDbm + 113) / 2));
    }

    private static String simLabel(StickStatus.Sim s) {
        return switch (s) {
            case READY -> "ready";
            case ABSENT -> "absent";
            case INVALID -> "failed";
            case UNKNOWN -> null;
        };
    }

    private static String emptyToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    @Override
    public void close() {
        scheduler.execute(() -> {
            started = false;
            poll.cancel();
        });
    }
}
