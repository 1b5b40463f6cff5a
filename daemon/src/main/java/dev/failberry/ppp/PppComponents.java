package dev.failberry.ppp;

import dev.failberry.config.FailberryConfig;
import dev.failberry.status.PppView;
import dev.failberry.time.Scheduler;
import java.time.ZoneId;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The ppp capability assembled: {@link PppLink} (or another {@link LinkDriver}: an Ethernet-type stick),
 * {@link LinkProbe}, {@link PublicIpCheck} and {@link DataUsage}, wired so that a link-up starts probing,
 * the public-IP check and byte counting on the new interface, and a link-down stops them, before the
 * supervisor's listener hears of it. The
 * supervisor still decides everything else (when to dial, redial, escalate).
 */
public final class PppComponents implements AutoCloseable {
    private final LinkDriver link;
    private final LinkProbe probe;
    private final PublicIpCheck publicIp;
    private final DataUsage dataUsage;
    private final ExecutorService io;

    private PppComponents(
            FailberryConfig config,
            PppPaths paths,
            Scheduler scheduler,
            PppListener supervisor,
            SourceBinding binding,
            ZoneId zone,
            java.util.function.Function<PppListener, ? extends LinkDriver> linkFactory) {
        this.io = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ppp-probe");
            t.setDaemon(true);
            return t;
        });
        var ppp = config.ppp();
        Internal internal = new Internal(supervisor);
        this.probe = new LinkProbe(ppp.probe(), scheduler, io, binding, supervisor);
        this.publicIp = new PublicIpCheck(ppp.publicIp(), ppp.probe().timeout(), scheduler, io, binding, supervisor);
        this.dataUsage = new DataUsage(
                ppp.dataUsage(), config.stateDir().resolve("data-usage.properties"), scheduler, zone, supervisor);
        this.link = linkFactory.apply(internal);
    }

    /** Production wiring: pppd from config, probes bound to the link's own address, the system zone. */
    public static PppComponents create(FailberryConfig config, Scheduler scheduler, PppListener supervisor) {
        return create(
                config,
                PppPaths.system(config.runtimeDir()),
                scheduler,
                supervisor,
                SourceBinding.LINK_ADDRESS,
                ZoneId.systemDefault());
    }

    /** Wiring with explicit paths and source binding ({@code demo}: the stand-ins' directories, 127.0.0.1). */
    public static PppComponents create(
            FailberryConfig config,
            PppPaths paths,
            Scheduler scheduler,
            PppListener supervisor,
            SourceBinding binding,
            ZoneId zone) {
        return new PppComponents(
                config,
                paths,
                scheduler,
                supervisor,
                binding,
                zone,
                l -> new PppLink(config.modem(), config.ppp(), paths, scheduler, l));
    }

    /** For tests: a custom PppLink factory (e.g. with a fixed pppd version and seeded jitter). */
    static PppComponents create(
            FailberryConfig config,
            PppPaths paths,
            Scheduler scheduler,
            PppListener supervisor,
            SourceBinding binding,
            ZoneId zone,
            java.util.function.Function<PppListener, PppLink> linkFactory) {
        return new PppComponents(config, paths, scheduler, supervisor, binding, zone, linkFactory::apply);
    }

    /**
     * The same services around another kind of link ({@code link.type = ethernet}): {@code linkFactory}
     * makes the link with the listener it must report to (which starts probes, the public-IP check and
     * byte counting before the supervisor hears of a link-up).
     */
    public static PppComponents withLink(
            FailberryConfig config,
            Scheduler scheduler,
            PppListener supervisor,
            SourceBinding binding,
            ZoneId zone,
            java.util.function.Function<PppListener, ? extends LinkDriver> linkFactory) {
        return new PppComponents(config, null, scheduler, supervisor, binding, zone, linkFactory);
    }

    /** Loads the data-usage state and starts its periodic save. Does not dial. */
    public void start() {
        dataUsage.start();
    }

    public LinkDriver link() {
        return link;
    }

    public LinkProbe probe() {
        return probe;
    }

    public PublicIpCheck publicIp() {
        return publicIp;
    }

    public DataUsage dataUsage() {
        return dataUsage;
    }

    /** The {@code ppp} object of the status snapshot. */
    public PppView pppView() {
        PppStatus s = link.status();
        LinkInfo l = s.link();
        ProbeResult p = l == null ? null : probe.last();
        PublicIpInfo ip = l == null ? null : publicIp.last();
        return new PppView(
                stateName(s.state()),
                l != null ? l.interfaceName() : null,
                l != null ? l.localIp() : null,
                l != null ? l.remoteIp() : null,
                ip != null ? ip.ipClass().name().toLowerCase(Locale.ROOT) : null,
                ip != null ? ip.publicIp() : null,
                s.since(),
                s.reconnects(),
                s.lastDown() != null ? s.lastDown().describe() : null,
                p == null ? null : p.state() == ProbeResult.ProbeState.VERIFIED,
                p == null || p.latency() == null ? null : p.latency().toMillis());
    }

    /** Status name: idle, dialing, up, disconnecting, backoff, failed. */
    public static String stateName(PppState state) {
        return state == PppState.CONNECTED ? "up" : state.name().toLowerCase(Locale.ROOT);
    }

    /** Stops pppd (waits for it), the probes and the public-IP check; saves data usage. */
    @Override
    public void close() {
        link.close();
        probe.stop();
        publicIp.stop();
        dataUsage.close();
        io.shutdownNow();
    }

    /** Starts/stops the link services around the supervisor's listener. */
    final class Internal implements PppListener {
        private final PppListener supervisor;

        Internal(PppListener supervisor) {
            this.supervisor = supervisor;
        }

        @Override
        public void linkUp(LinkInfo info) {
            dataUsage.linkUp(info.interfaceName());
            probe.start(info.localAddress());
            publicIp.start(info);
            supervisor.linkUp(info);
        }

        @Override
        public void linkDown(LinkDown down) {
            probe.stop();
            publicIp.stop();
            if (down.wasUp()) {
                dataUsage.linkDown();
            }
            supervisor.linkDown(down);
        }

        @Override
        public void ipChanged(LinkInfo previous, LinkInfo current) {
            supervisor.ipChanged(previous, current);
        }

        @Override
        public void stateChanged(PppState from, PppState to, String reason) {
            supervisor.stateChanged(from, to, reason);
        }

        @Override
        public void redialScheduled(int attempt, java.time.Duration delay) {
            supervisor.redialScheduled(attempt, delay);
        }
    }
}
