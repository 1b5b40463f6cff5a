package dev.failberry.daemon;

import dev.failberry.daemon.Capabilities.DnsControl;
import dev.failberry.dns.DnsListener;
import dev.failberry.dns.DnsPublisher;
import dev.failberry.dns.DnsStatus;
import dev.failberry.dns.HeartbeatStatus;
import dev.failberry.dns.Ips;
import dev.failberry.metrics.Metrics;
import dev.failberry.status.DnsView;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects the DNS publisher to the supervisor: address changes go to the publisher's own worker (never
 * blocking the supervisor), and the publisher's status comes back into the status snapshot.
 */
final class DnsBridge implements DnsControl, DnsListener {
    private static final Logger log = LoggerFactory.getLogger(DnsBridge.class);

    private final Supervisor supervisor;
    private final Metrics metrics;
    private DnsPublisher publisher;
    private DnsStatus last;
    // Confined to the supervisor's thread: what the snapshot's dns object shows.
    private DnsStatus shown;
    private HeartbeatStatus heartbeat;

    DnsBridge(Supervisor supervisor, Metrics metrics) {
        this.supervisor = supervisor;
        this.metrics = metrics;
    }

    void attach(DnsPublisher p) {
        this.publisher = p;
        DnsStatus initial = p.status();
        supervisor.scheduler().execute(() -> {
            shown = initial;
            show();
        });
    }

    /** Starts the publisher's worker (remembered state, client warm-up, verification timer). */
    void start() {
        if (publisher != null) {
            publisher.start();
        }
    }

    @Override
    public void addressChanged(String publicIp, String localIp) {
        if (publisher == null) {
            return;
        }
        Optional<InetAddress> pub = Ips.parse(publicIp);
        if (pub.isEmpty() || !(pub.get() instanceof Inet4Address v4)) {
            log.warn("dns: not publishing {}: not an IPv4 address", publicIp);
            return;
        }
        Optional<InetAddress> source = localIp == null ? Optional.empty() : Ips.parse(localIp);
        publisher.ipChanged(v4, Optional.<Inet6Address>empty(), source);
    }

    @Override
    public void linkDown() {
        if (publisher != null) {
            publisher.linkDown();
        }
    }

    /** Called on the publisher's worker thread: hand the status over to the supervisor's thread. */
    @Override
    public void dnsStatusChanged(DnsStatus status) {
        supervisor.scheduler().execute(() -> {
            if (last != null
                    && !Objects.equals(last.lastUpdate(), status.lastUpdate())
                    && status.lastUpdate().isPresent()) {
                metrics.dnsUpdates.labelValues("published").inc();
            }
            if (status.lastError().isPresent()
                    && (last == null || !status.lastError().equals(last.lastError()))) {
                metrics.dnsUpdates
                        .labelValues(status.gaveUp() ? "gave_up" : "error")
                        .inc();
            }
            last = status;
            shown = status;
            show();
        });
    }

    /** Called on the publisher's worker thread after each heartbeat: to the supervisor's thread, as above. */
    @Override
    public void heartbeatChanged(HeartbeatStatus status) {
        supervisor.scheduler().execute(() -> {
            heartbeat = status;
            show();
        });
    }

    private void show() {
        if (shown != null) {
            DnsView v = view(shown, heartbeat);
            supervisor.publish(s -> s.withDns(v));
        }
    }

    static DnsView view(DnsStatus s, HeartbeatStatus heartbeat) {
        return new DnsView(
                s.provider(),
                s.record(),
                s.publishedIp().orElse(null),
                s.lastUpdate().orElse(null),
                s.lastError().orElse(null),
                heartbeat == null
                        ? null
                        : new DnsView.HeartbeatView(
                                heartbeat.interval().toSeconds(),
                                heartbeat.sent(),
                                heartbeat.failed(),
                                heartbeat.lastSent().orElse(null),
                                heartbeat.lastError().orElse(null)));
    }

    @Override
    public void close() {
        if (publisher != null) {
            publisher.close();
        }
    }
}
