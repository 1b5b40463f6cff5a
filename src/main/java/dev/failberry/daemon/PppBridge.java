package dev.failberry.daemon;

import dev.failberry.daemon.Capabilities.LinkControl;
import dev.failberry.metrics.Metrics;
import dev.failberry.modem.ModemMonitor;
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
 * Connects the ppp capability to the supervisor: pppd events become controller events (and metrics and
 * status), and the controller's link commands become PppLink calls. Runs on the supervisor's thread.
 */
final class PppBridge implements PppListener, LinkControl {
    private static final Logger log = LoggerFactory.getLogger(PppBridge.class);

    private final Supervisor supervisor;
    private final Supplier<Controller> controller;
    private final Metrics metrics;
    private final ModemMonitor modem;
    private PppComponents ppp;
    private NetBridge net;

    PppBridge(Supervisor supervisor, Supplier<Controller> controller, Metrics metrics, ModemMonitor modem) {
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

    private void publish() {
        supervisor.publish(s -> s.withPpp(ppp.pppView()).withDataUsage(ppp.dataUsageView()));
    }

    /** Refreshes the ppp and data-usage parts of the status (called periodically). */
    void refresh() {
        publish();
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
        metrics.pppReconnects.labelValues(down.reason().name().toLowerCase(Locale.ROOT)).inc();
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
    public void dataUsageWarning(DataUsageSnapshot usage) {
        publish();
    }

    // ---- LinkControl ----------------------------------------------------------------------------

    @Override
    public void dial() {
        modem.lendPortToLink(true);
        ppp.link().start(modem.dataPort());
    }

    @Override
    public void hangup(String reason) {
        log.info("link: hanging up ({})", reason);
        ppp.link().stop(reason);
        modem.lendPortToLink(false);
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
