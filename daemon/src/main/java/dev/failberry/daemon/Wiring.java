package dev.failberry.daemon;

import dev.failberry.config.FailberryConfig;
import dev.failberry.config.FailberryConfig.UsbPowerMethod;
import dev.failberry.dns.CloudWatchHeartbeat;
import dev.failberry.dns.DnsBackend;
import dev.failberry.dns.DnsBackends;
import dev.failberry.dns.DnsPublisher;
import dev.failberry.dns.SdkProcessBackend;
import dev.failberry.dns.SdkProcessProtocol;
import dev.failberry.http.AdminRoute;
import dev.failberry.json.Json;
import dev.failberry.modem.AtCommands;
import dev.failberry.modem.AtPort;
import dev.failberry.modem.AtResult;
import dev.failberry.modem.JSerialCommLink;
import dev.failberry.modem.ModemMonitor;
import dev.failberry.modem.ModemPorts;
import dev.failberry.modem.SerialSettings;
import dev.failberry.modem.UucpLockedLink;
import dev.failberry.modem.discovery.DiscoveryResult;
import dev.failberry.modem.discovery.ModemMatchers;
import dev.failberry.modem.discovery.PortDiscovery;
import dev.failberry.net.Network;
import dev.failberry.notify.EventSink;
import dev.failberry.notify.EventSinks;
import dev.failberry.notify.Notifications;
import dev.failberry.notify.Notifier;
import dev.failberry.notify.NotifyStatus;
import dev.failberry.ppp.PppComponents;
import dev.failberry.proc.CommandRunner;
import dev.failberry.time.ThreadScheduler;
import dev.failberry.usb.PiModelAdvice;
import dev.failberry.usb.PowerSwitches;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a complete daemon from a configuration: the modem monitor on its own thread, pppd supervision,
 * the DNS publisher, the USB power switch, the reboot guard, and the {@link Controller} that ties them
 * together on the supervisor's thread. The {@link Environment} carries the few things the {@code demo}
 * replaces (pppd's pid/lock directories, how probe sockets are bound, AWS credentials).
 */
public final class Wiring {
    private static final Logger log = LoggerFactory.getLogger(Wiring.class);
    private static final Duration REFRESH = Duration.ofSeconds(15);
    /** What {@code POST /modem/at} and {@code failberry modem at} say for {@code link.type = ethernet}. */
    public static final String NO_AT_PORT = "this stick is an Ethernet-type (router) stick (link.type = ethernet): "
            + "it has no AT port; `failberry modem info` shows what its API reports";

    private Wiring() {}

    /**
     * The DNS backend: the AWS SDK in a helper process when {@code dns.sdk-process} is on and the provider
     * uses the SDK (so the daemon itself never loads it), otherwise in the daemon.
     */
    static Optional<DnsBackend> dnsBackend(FailberryConfig config, Environment env)
            throws dev.failberry.config.InvalidConfigException {
        if (config.dns().sdkProcess()) {
            Optional<SdkProcessProtocol.Spec> spec = SdkProcessProtocol.Spec.of(config);
            if (spec.isPresent()) {
                String level = config.logLevel().equalsIgnoreCase("DEBUG")
                                || config.logLevel().equalsIgnoreCase("TRACE")
                        ? config.logLevel()
                        : "WARN";
                return Optional.of(SdkProcessBackend.create(
                        spec.get(), SdkProcessBackend.Launch.sameJvm(level, env.awsProcessEnvironment())));
            }
        }
        return DnsBackends.create(config, env.credentials(), false);
    }

    public static Daemon assemble(FailberryConfig config, Environment env)
            throws dev.failberry.config.InvalidConfigException {
        Daemon daemon = new Daemon(config);
        wire(daemon, config, env);
        return daemon;
    }

    /**
     * Builds the capabilities into {@code daemon} (made for {@code config}), which may already
     * {@link Daemon#listen listen}: {@code failberry run} answers {@code /health} while this runs.
     */
    public static void wire(Daemon daemon, FailberryConfig config, Environment env)
            throws dev.failberry.config.InvalidConfigException {
        Supervisor sup = daemon.supervisor();
        // first registered, so closed last: its journal gets the final transitions (events: HistoryBridge.sink)
        var history = HistoryBridge.attach(daemon, config, HistoryBridge.STATUS_SOURCES);
        var metrics = daemon.metrics();
        var supScheduler = sup.scheduler();
        Controller[] controller = new Controller[1];

        java.util.function.Consumer<dev.failberry.modem.ModemStatus> onModem =
                status -> supScheduler.execute(() -> controller[0].onModem(status));
        boolean ethernet = config.link().ethernet();
        ThreadScheduler modemThread = null;
        ModemMonitor monitor = null;
        StickAssembly stick = null;
        PppBridge pppBridge;
        PppComponents ppp;
        Capabilities.ModemControl modemControl;
        String linkInterface;
        if (ethernet) {
            pppBridge = new PppBridge(sup, () -> controller[0], metrics, PppBridge.DataPort.NONE);
            stick = StickAssembly.create(config, env, supScheduler, pppBridge, onModem);
            ppp = stick.components;
            modemControl = stick.modemControl();
            linkInterface = stick.expectedInterface();
        } else {
            modemThread = new ThreadScheduler("failberry-modem");
            monitor = new ModemMonitor(
                    config.modem(),
                    config.stateDir(),
                    ports(config),
                    path -> new AtPort(new UucpLockedLink(
                            new JSerialCommLink(serial(config.modem(), path)),
                            env.pppPaths().lockDir())),
                    modemThread,
                    onModem,
                    (cmd, status, latency) -> metrics.atLatency
                            .labelValues(status.name().toLowerCase(Locale.ROOT))
                            .observe(latency.toNanos() / 1e9));
            pppBridge = new PppBridge(sup, () -> controller[0], metrics, PppBridge.DataPort.of(monitor));
            ppp = PppComponents.create(config, env.pppPaths(), supScheduler, pppBridge, env.probeBinding(), env.zone());
            modemControl = new ModemBridge(monitor);
            linkInterface = config.ppp().interfaceName();
        }
        pppBridge.attach(ppp);
        var network = Network.create(config, linkInterface);
        var net = new NetBridge(config, sup, network, metrics);
        pppBridge.attach(net);
        var budget = new BudgetBridge(sup, config, network, env.zone());
        pppBridge.attach(budget);

        var dnsBridge = new DnsBridge(sup, metrics);
        dnsBackend(config, env).ifPresent(backend -> {
            DnsPublisher publisher = DnsPublisher.create(config, backend, dnsBridge);
            CloudWatchHeartbeat.forDaemon(config, backend, env.credentials())
                    .ifPresent(sender -> publisher.heartbeat(
                            sender, config.dns().failover().heartbeat().interval()));
            dnsBridge.attach(publisher);
        });

        boolean switchable = config.usbPower().method() != UsbPowerMethod.NONE;
        var power = new PowerBridge(
                PowerSwitches.create(
                        config, ModemMatchers.forConfig(config.modem().discovery()), supScheduler),
                ethernet
                        ? stick.stickBack(supScheduler)
                        : PowerBridge.Return.ports(PortDiscovery.fromConfig(config.modem()), supScheduler),
                config.usbPower().waitForModem(),
                switchable);

        var guard = new RebootGuard(
                config.recovery().reboot(), config.stateDir(), supScheduler.time()::now, env.hostUptime());
        var policy = RecoveryPolicy.from(config, switchable);
        var settings = new Controller.Settings(
                config.modem().registrationTimeout(),
                config.modem().simBusyTimeout(),
                config.usbPower().waitForModem(),
                config.usbPower().offTime(),
                config.ppp().probe().enabled());
        Capabilities.HostControl host = reason -> {
            var r = new CommandRunner().run(config.recovery().reboot().command(), Duration.ofSeconds(60));
            return r.ok() ? null : r.describe();
        };
        controller[0] = new Controller(
                sup, settings, policy, guard, modemControl, pppBridge, power, host, dnsBridge, (a, why) -> {
                    metrics.recoveryActions.labelValues(a.label(), "taken").inc();
                    history.ifPresent(h -> h.actionTaken(a.label(), sup.state().name(), why == null ? "" : why));
                });

        var notifyBridge = new NotifyBridge(sup);
        var decisions = new DecisionEvents(notifyBridge);
        sup.addStateListener(decisions);
        controller[0].recoveryEvents(decisions);
        budget.events(notifyBridge); // data-warning and data-cap
        net.onWiredChange(NetBridge.WiredEvents.of(notifyBridge::wiredDown, notifyBridge::wiredUp));

        ModemMonitor atMonitor = monitor;
        daemon.admin()
                .post(
                        "/modem/at",
                        req -> ethernet ? AdminRoute.Response.text(409, NO_AT_PORT + "\n") : modemAt(atMonitor, req));
        daemon.admin().post("/usb/cycle", req -> usbCycle(supScheduler, controller[0], config));
        daemon.admin().post("/data/lift", req -> budget.lift());
        daemon.admin().post("/data/block", req -> budget.block());
        daemon.onStart(() -> {
            PiModelAdvice.readModel(env.piModelFile())
                    .ifPresent(model -> PiModelAdvice.warnings(model, config.usbPower())
                            .forEach(w -> log.warn("usb-power: {}", w)));
            dnsBridge.start();
            budget.load();
            net.start();
            decisions.started("daemon started");
            ppp.start();
            budget.start(ppp.dataUsage());
            controller[0].start();
            supScheduler.scheduleEvery(REFRESH, REFRESH, pppBridge::refresh);
        });
        // closed in reverse order: pppd first, then the modem, DNS, the modem's thread, and last the
        // routing rules and the firewall (no link is left to route or filter)
        daemon.closeOnStop(net);
        daemon.closeOnStop(ethernet ? stick : modemThread);
        daemon.closeOnStop(dnsBridge);
        daemon.closeOnStop(modemControl);
        daemon.closeOnStop(pppBridge);
        startNotifications(
                config,
                daemon,
                monitor,
                notifyBridge,
                HistoryBridge.sink(history)); // stopped first: no SMS starts while stopping
    }

    /**
     * The notifier from {@code notify.*} on a thread of its own (a webhook that hangs for its timeout or an
     * SMS waiting for the modem never delays the supervisor), SMS through the modem's AT session, its
     * status in {@code /status} and its counters on {@code /metrics}; stopped at shutdown. With no
     * channel configured the bridge sends nowhere and status says so.
     */
    static void startNotifications(
            FailberryConfig config, Daemon daemon, ModemMonitor monitor, NotifyBridge bridge, EventSink journal) {
        Supervisor sup = daemon.supervisor();
        bridge.attach(journal); // every event is remembered, whether or not a channel sends it
        var notifyThread = new ThreadScheduler("failberry-notify");
        Optional<Notifier> notifier = Notifications.create(
                config.notifications(),
                notifyThread,
                Notifications.localHostName(),
                monitor != null
                        ? monitor.sms()
                        // link.type = ethernet: no AT port to send an SMS through (permanent, not retried)
                        : sms -> new dev.failberry.modem.sms.SmsOutcome.Failed(false, NO_AT_PORT),
                bridge::webhookSource);
        sup.scheduler()
                .execute(() -> sup.publish(
                        s -> s.withNotify(notifier.map(Notifier::status).orElse(NotifyStatus.NONE))));
        daemon.admin().post("/notify/test", req -> notifyTest(notifier, config, sup));
        if (notifier.isEmpty()) {
            notifyThread.close();
            return;
        }
        Notifier n = notifier.get();
        n.onChange(st -> sup.scheduler().execute(() -> sup.publish(s -> s.withNotify(st))));
        daemon.metrics().registerNotify(n::status);
        bridge.attach(EventSinks.tee(n, journal));
        // closed in reverse order: the timers first, then the thread (an SMS in flight gives up at once)
        daemon.closeOnStop(notifyThread);
        daemon.closeOnStop(() -> n.flushAndStop(NOTIFY_FLUSH)); // a reboot-pending still goes out
    }

    /**
     * {@code POST /notify/test} ({@code failberry notify test}): a test message on every configured channel,
     * bypassing folding, {@code notify.events} and the rate limit, one attempt each; the answer lists each
     * channel's result and the CLI's exit code (0 all sent, 1 some not, 2 no channel configured).
     */
    static AdminRoute.Response notifyTest(Optional<Notifier> notifier, FailberryConfig config, Supervisor sup)
            throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        if (notifier.isEmpty()) {
            body.put("results", List.of());
            body.put("exit_code", 2);
            body.put("error", "no notification channel is configured (notify.webhook.url, notify.sms.to)");
            return AdminRoute.Response.json(200, Json.writeSorted(body));
        }
        // the notifier's thread may be finishing a delivery (an SMS: up to the modem's timeouts) before it runs the
        // test
        Duration limit = NOTIFY_TEST_LIMIT.plus(config.notifications().webhook().timeout());
        List<Notifier.TestResult> results;
        try {
            results = notifier.get()
                    .test(sup.scheduler().time(), sup.state().name(), "requested by an admin (failberry notify test)")
                    .get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            body.put("results", List.of());
            body.put("exit_code", 1);
            body.put(
                    "error",
                    "no result within " + limit.toSeconds() + " s (the notifier is busy; the test may still go out)");
            return AdminRoute.Response.json(200, Json.writeSorted(body));
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Notifier.TestResult r : results) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("channel", r.channel());
            row.put("target", r.target());
            row.put("result", r.result());
            row.put("detail", r.detail());
            rows.add(row);
        }
        body.put("results", rows);
        body.put("exit_code", results.stream().allMatch(Notifier.TestResult::sent) ? 0 : 1);
        return AdminRoute.Response.json(200, Json.writeSorted(body));
    }

    /**
     * At stop, how long queued messages (a reboot-pending emitted just before {@code systemctl reboot}) may
     * take for one last attempt: within the unit's TimeoutStopSec (30 s) with room for the rest of the stop.
     */
    static final Duration NOTIFY_FLUSH = Duration.ofSeconds(10);

    /** How long {@code POST /notify/test} waits beyond the webhook's timeout: an SMS's whole dialogue and a busy modem thread. */
    static final Duration NOTIFY_TEST_LIMIT = Duration.ofMinutes(5);

    /** Where the modem's ports are: USB discovery for {@code auto} (and to follow explicit paths). */
    public static ModemPorts ports(FailberryConfig config) {
        if (!config.modem().autoPort()) {
            return ModemPorts.fixed(config.modem().port(), config.modem().dataPort());
        }
        PortDiscovery discovery = PortDiscovery.fromConfig(config.modem());
        return () -> {
            DiscoveryResult r = discovery.discover();
            if (r instanceof DiscoveryResult.Found f) {
                return new ModemPorts.Found(
                        f.modem().controlPort().toString(), f.modem().dataPort().toString());
            }
            return new ModemPorts.Missing(((DiscoveryResult.NotFound) r).message());
        };
    }

    public static SerialSettings serial(FailberryConfig.Modem m, String path) {
        return new SerialSettings(
                path, m.baud(), m.flowControl() == FailberryConfig.FlowControl.RTS_CTS, Duration.ofMillis(1000));
    }

    /** {@code POST /modem/at}: one AT command per body line, through the daemon's own port. */
    private static AdminRoute.Response modemAt(ModemMonitor monitor, AdminRoute.Request req) {
        long timeoutMs = parseTimeout(req.query("timeout_ms", "3000"));
        List<AtResult> results = new ArrayList<>();
        for (String line : req.body().split("\n")) {
            String cmd = line.strip();
            if (cmd.isEmpty()) {
                continue;
            }
            if (!AtCommands.valid(cmd)) {
                return AdminRoute.Response.text(400, "not a single-line AT command\n");
            }
            AtResult r = monitor.execute(cmd, Duration.ofMillis(timeoutMs));
            results.add(r);
            if (!r.status().isReply()) {
                break;
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("results", AtCommands.toMaps(results));
        body.put("exit_code", AtCommands.exitCode(results));
        return AdminRoute.Response.json(200, Json.writeSorted(body));
    }

    /** {@code POST /usb/cycle}: a power cycle through the controller, so it never fights the ladder. */
    private static AdminRoute.Response usbCycle(
            dev.failberry.time.Scheduler scheduler, Controller controller, FailberryConfig config) throws Exception {
        var result = new java.util.concurrent.CompletableFuture<Capabilities.PowerResult>();
        scheduler.execute(
                () -> controller.requestPowerCycle("requested by an admin (failberry usb cycle)", result::complete));
        Duration limit = config.usbPower()
                .offTime()
                .plus(config.usbPower().waitForModem())
                .plusSeconds(60);
        Capabilities.PowerResult r = result.get(limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("switched", r.switched());
        body.put("modem_back", r.modemBack());
        body.put("detail", r.detail());
        body.put(
                "exit_code",
                r.switched() && r.modemBack() ? 0 : config.usbPower().method() == UsbPowerMethod.NONE ? 2 : 1);
        return AdminRoute.Response.json(200, Json.writeSorted(body));
    }

    private static long parseTimeout(String s) {
        try {
            return Math.max(100, Math.min(Long.parseLong(s), 120_000));
        } catch (NumberFormatException e) {
            return 3000;
        }
    }
}
