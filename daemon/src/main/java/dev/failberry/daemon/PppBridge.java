package dev.failberry.daemon;

import dev.failberry.daemon.Capabilities.LinkControl;
import dev.failberry.metrics.Metrics;
import dev.failberry.ppp.DataUsageSnapshot;
import dev.failberry.ppp.IpClassifier;
import dev.failberry.ppp.LinkDown;
import dev.failberry.ppp.LinkInfo;
import dev.failberry.ppp.PppComponents;
import dev.failberry.ppp.PppListener;
import dev.failberry.ppp.PppState;
import dev.failberry.ppp.ProbeResult;
import dev.failberry.ppp.PublicIpInfo;
import java.util.Locale;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects the link capability to the supervisor: the link's events (pppd's, or an Ethernet-type stick's
 * interface) become controller events (and metrics and status), and the controller's link commands become
 * {@link dev.failberry.ppp.LinkDriver} calls. Runs on the supervisor's thread.
 */
final class PppBridge implements PppListener, LinkControl {
    private static final Logger log = LoggerFactory.getLogger(PppBridge.class);

    /**
     * Where the link dials: the modem's data port, lent to pppd while the link is wanted (a single-port
     * stick), or {@link #NONE} for a link that needs no port (an Ethernet-type stick).
     */
    interface DataPort {
        DataPort NONE = new DataPort() {
            @Override
            public void lend(boolean lend) {}

            @Override
            public String path() {
                return null;
            }
        };

        void lend(boolean lend);

        String path();

        static DataPort of(dev.failberry.modem.ModemMonitor monitor) {
            return new DataPort() {
                @Override
                public void lend(boolean lend) {
                    monitor.lendPortToLink(lend);
                }

                @Override
                public String path() {
                    return monitor.dataPort();
                }
            };
        }
    }

    private final Supervisor supervisor;
    private final Supplier<Controller> controller;
    private final Metrics metrics;
    private final DataPort modem;
    private PppComponents ppp;
    private NetBridge net;
    private BudgetBridge budget;

    PppBridge(Supervisor supervisor, Supplier<Controller> controller, Metrics metrics, DataPort modem) {
        this.supervisor = supervisor;
        this.controller = controller;
        this.metrics = metrics;
        this.modem = modem;
    }

    void attach(PppComponents components) {
        this.ppp = components;
    }

    /** Routing and firewall follow the link: told first on up and down, before the controller. */
    void attach(NetBridge network) {
        this.net = network;
    }

    /** The data budget decides on every usage sample. */
    void attach(BudgetBridge bridge) {
        this.budget = bridge;
    }

    private void publish() {
        supervisor.publish(s -> s.withPpp(ppp.pppView()));
    }

    /** Refreshes the ppp and data-usage parts of the status (called periodically). */
    void refresh() {
        publish();
        if (budget != null) {
            budget.publish();
        }
    }

    // ---- PppListener ----------------------------------------------------------------------------

    @Override
    public void linkUp(LinkInfo link) {
        if (net != null) {
            net.linkUp(link);
        }
        publish();
        IpClassifier.IpClass cls = link.ipClass();
        boolean publishable = cls == IpClassifier.IpClass.PUBLIC || cls == IpClassifier.IpClass.DOCUMENTATION;
        controller.get().onLinkUp(link.localIp(), publishable ? link.localIp() : null);
    }

    @Override
    public void linkDown(LinkDown down) {
        metrics.pppReconnects
                .labelValues(down.reason().name().toLowerCase(Locale.ROOT))
                .inc();
        if (net != null) {
            net.linkDown();
        }
        publish();
        controller.get().onLinkDown(down.describe());
    }

    @Override
    public void stateChanged(PppState from, PppState to, String reason) {
        publish();
    }

    @Override
    public void probeResult(ProbeResult result) {
        if (result.latency() != null) {
            // no latency when every check of the round failed
            metrics.probeLatency.observe(result.latency().toNanos() / 1e9);
        }
        publish();
    }

    @Override
    public void linkVerified(ProbeResult result) {
        publish();
        controller.get().onLinkVerification(true, "traffic verified");
    }

    @Override
    public void linkDegraded(ProbeResult result, String reason) {
        publish();
        controller.get().onLinkVerification(false, reason);
    }

    @Override
    public void publicIp(PublicIpInfo info) {
        publish();
        if (info.publicIp() != null) {
            controller.get().onPublicAddress(info.localIp(), info.publicIp());
        }
    }

    @Override
    public void dataUsageSampled(DataUsageSnapshot usage) {
        if (budget != null) {
            budget.sampled(usage);
        }
    }

    // ---- LinkControl ----------------------------------------------------------------------------

    @Override
    public void dial() {
        modem.lend(true);
        ppp.link().start(modem.path());
    }

    @Override
    public void hangup(String reason) {
        log.info("link: hanging up ({})", reason);
        ppp.link().stop(reason);
        modem.lend(false);
    }

    @Override
    public void restart(String reason) {
        ppp.link().redial();
    }

    @Override
    public void close() {
        ppp.close();
    }
}
