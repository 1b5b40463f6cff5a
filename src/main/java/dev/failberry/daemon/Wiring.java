package dev.failberry.daemon;

import dev.failberry.config.FailberryConfig;
import dev.failberry.config.FailberryConfig.UsbPowerMethod;
import dev.failberry.dns.DnsBackend;
import dev.failberry.dns.DnsBackends;
import dev.failberry.dns.SdkProcessBackend;
import dev.failberry.dns.SdkProcessProtocol;
import dev.failberry.dns.DnsPublisher;
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
import java.util.Optional;
import java.util.Map;
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

    private Wiring() {
    }

    /**
     * The DNS backend: the AWS SDK in a helper process when {@code dns.sdk-process} is on and the provider
     * uses the SDK (so the daemon itself never loads it), otherwise in the daemon.
     */
    static Optional<DnsBackend> dnsBackend(FailberryConfig config, Environment env)
            throws dev.failberry.config.InvalidConfigException {
        if (config.dns().sdkProcess()) {
            Optional<SdkProcessProtocol.Spec> spec = SdkProcessProtocol.Spec.of(config);
            if (spec.isPresent()) {
                String level = config.logLevel().equalsIgnoreCase("DEBUG") || config.logLevel().equalsIgnoreCase("TRACE")
                        ? config.logLevel() : "WARN";
                return Optional.of(SdkProcessBackend.create(spec.get(),
                        SdkProcessBackend.Launch.sameJvm(level, env.awsProcessEnvironment())));
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

        var modemThread = new ThreadScheduler("failberry-modem");
        var monitor = new ModemMonitor(config.modem(), config.stateDir(), ports(config),
                path -> new AtPort(new UucpLockedLink(new JSerialCommLink(serial(config.modem(), path)),
                        env.pppPaths().lockDir())), modemThread,
                status -> supScheduler.execute(() -> controller[0].onModem(status)),
                (cmd, status, latency) -> metrics.atLatency.labelValues(status.name().toLowerCase(Locale.ROOT))
                        .observe(latency.toNanos() / 1e9));

        var pppBridge = new PppBridge(sup, () -> controller[0], metrics, monitor);
        var ppp = PppComponents.create(config, env.pppPaths(), supScheduler, pppBridge, env.probeBinding(), env.zone());
        pppBridge.attach(ppp);
        var net = new NetBridge(sup, Network.create(config, config.ppp().interfaceName()));
        pppBridge.attach(net);

        var dnsBridge = new DnsBridge(sup, metrics);
        dnsBackend(config, env).ifPresent(backend -> dnsBridge.attach(DnsPublisher.create(config, backend, dnsBridge)));

        boolean switchable = config.usbPower().method() != UsbPowerMethod.NONE;
        var power = new PowerBridge(
                PowerSwitches.create(config, ModemMatchers.forConfig(config.modem().discovery()), supScheduler),
                PortDiscovery.fromConfig(config.modem()), supScheduler, config.usbPower().waitForModem(), switchable);

        var guard = new RebootGuard(config.recovery().reboot(), config.stateDir(), supScheduler.time()::now,
                env.hostUptime());
        var policy = RecoveryPolicy.from(config, switchable);
        var settings = new Controller.Settings(config.modem().registrationTimeout(), config.modem().simBusyTimeout(),
                config.usbPower().waitForModem(), config.usbPower().offTime(), config.ppp().probe().enabled());
        Capabilities.HostControl host = reason -> {
            var r = new CommandRunner().run(config.recovery().reboot().command(), Duration.ofSeconds(60));
            return r.ok() ? null : r.describe();
        };
        controller[0] = new Controller(sup, settings, policy, guard, new ModemBridge(monitor), pppBridge, power, host,
                dnsBridge, a -> {
                    metrics.recoveryActions.labelValues(a.label(), "taken").inc();
                    history.ifPresent(h -> h.actionTaken(a.label(), sup.state().name(), ""));
                });

        daemon.admin().post("/modem/at", req -> modemAt(monitor, req));
        daemon.admin().post("/usb/cycle", req -> usbCycle(supScheduler, controller[0], config));
        daemon.onStart(() -> {
            PiModelAdvice.readModel(env.piModelFile()).ifPresent(model ->
                    PiModelAdvice.warnings(model, config.usbPower()).forEach(w -> log.warn("usb-power: {}", w)));
            dnsBridge.start();
            net.start();
            ppp.start();
            controller[0].start();
            supScheduler.scheduleEvery(REFRESH, REFRESH, pppBridge::refresh);
        });
        // closed in reverse order: pppd first, then the modem, DNS, the modem's thread, and last the
        // routing rules and the firewall (no link is left to route or filter)
        daemon.closeOnStop(net);
        daemon.closeOnStop(modemThread);
        daemon.closeOnStop(dnsBridge);
        daemon.closeOnStop(monitor);
        daemon.closeOnStop(pppBridge);
    }

    /** Where the modem's ports are: USB discovery for {@code auto} (and to follow explicit paths). */
    public static ModemPorts ports(FailberryConfig config) {
        if (!config.modem().autoPort()) {
            return ModemPorts.fixed(config.modem().port(), config.modem().dataPort());
        }
        PortDiscovery discovery = PortDiscovery.fromConfig(config.modem());
        return () -> {
            DiscoveryResult r = discovery.discover();
            if (r instanceof DiscoveryResult.Found f) {
                return new ModemPorts.Found(f.modem().controlPort().toString(), f.modem().dataPort().toString());
            }
            return new ModemPorts.Missing(((DiscoveryResult.NotFound) r).message());
        };
    }

    public static SerialSettings serial(FailberryConfig.Modem m, String path) {
        return new SerialSettings(path, m.baud(), m.flowControl() == FailberryConfig.FlowControl.RTS_CTS,
                Duration.ofMillis(1000));
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
    private static AdminRoute.Response usbCycle(dev.failberry.time.Scheduler scheduler, Controller controller,
                                                FailberryConfig config) throws Exception {
        var result = new java.util.concurrent.CompletableFuture<Capabilities.PowerResult>();
        scheduler.execute(() -> controller.requestPowerCycle("requested by an admin (failberry usb cycle)",
                result::complete));
        Duration limit = config.usbPower().offTime().plus(config.usbPower().waitForModem()).plusSeconds(60);
        Capabilities.PowerResult r = result.get(limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("switched", r.switched());
        body.put("modem_back", r.modemBack());
        body.put("detail", r.detail());
        body.put("exit_code", r.switched() && r.modemBack() ? 0
                : config.usbPower().method() == UsbPowerMethod.NONE ? 2 : 1);
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
