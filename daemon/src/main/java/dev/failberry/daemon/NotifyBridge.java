package dev.failberry.daemon;

import dev.failberry.notify.EventName;
import dev.failberry.notify.EventSink;
import dev.failberry.notify.NotifyEvent;
import dev.failberry.ppp.IpClassifier;
import dev.failberry.status.PppView;
import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;

/**
 * The daemon's side of notifications. It is the one {@link EventSink} the supervisor's decisions go
 * through (to the notifier, or nowhere when no channel is configured; the event journal may tee it), it
 * stamps events with the time and the supervisor's state, and it chooses the webhook's source address.
 *
 * <p><b>Source address: "sent through whichever link works".</b> While the wired path is known to be
 * down and the mobile link is up, a webhook is sent from the mobile link's local address (the routing
 * makes a socket bound to it leave through the link). In every other case (wired path up, or unknown
 * because {@code wired.probe.targets} is empty or no round has been judged yet, or the mobile link is
 * down) the routing table decides: the daemon cannot tell that the wired path is broken, and binding to
 * the metered mobile link on a guess would send every message over it even when the wired internet
 * works. To have webhooks leave through the mobile link when the wired internet dies, configure wired
 * probes. An SMS needs no IP path at all.
 *
 * <p>Seams for capabilities built elsewhere: the wired-path checker calls {@link #wiredDown}/{@link #wiredUp}
 * (from any thread; each change is emitted once); the data budget's {@code BudgetBridge} emits its
 * {@code data-warning} and {@code data-cap} through this sink like any other event.
 */
final class NotifyBridge implements EventSink {
    enum WiredPath {
        UNKNOWN,
        UP,
        DOWN
    }

    private final Supervisor supervisor;
    private volatile EventSink sink = EventSink.NONE;
    private volatile WiredPath wired = WiredPath.UNKNOWN;

    NotifyBridge(Supervisor supervisor) {
        this.supervisor = supervisor;
    }

    /** Where events go (the notifier, possibly teed); {@link EventSink#NONE} until set. */
    void attach(EventSink target) {
        sink = target == null ? EventSink.NONE : target;
    }

    @Override
    public void emit(NotifyEvent event) {
        try {
            sink.emit(event);
        } catch (RuntimeException e) {
            // EventSink.emit never throws by contract; a broken tee must not break a decision either
            org.slf4j.LoggerFactory.getLogger(NotifyBridge.class)
                    .warn("notify: event {} not queued: {}", event.name().wire(), e.toString());
        }
    }

    /** An event happening now, in the supervisor's current state, with plain-value details. */
    void emit(EventName name, String reason, Map<String, ?> detail) {
        NotifyEvent e = NotifyEvent.of(
                name, supervisor.scheduler().time(), supervisor.state().name(), reason);
        for (Map.Entry<String, ?> d : detail.entrySet()) {
            e = e.with(d.getKey(), d.getValue());
        }
        emit(e);
    }

    // ---- seams for the wired-path checker ------------------------------------------------------------

    /** The wired path failed its probes: {@code wired-down} (once per change), and webhooks go through the mobile link. */
    void wiredDown(String reason) {
        if (swap(WiredPath.DOWN)) {
            emit(EventName.WIRED_DOWN, reason, Map.of());
        }
    }

    /** The wired path answers again: {@code wired-up} (once per change); webhooks follow the routing table again. */
    void wiredUp(String reason) {
        if (swap(WiredPath.UP)) {
            emit(EventName.WIRED_UP, reason, Map.of());
        }
    }

    WiredPath wiredPath() {
        return wired;
    }

    /** A change from UNKNOWN to UP is no news (the daemon just learnt it); every other change is. */
    private synchronized boolean swap(WiredPath now) {
        WiredPath before = wired;
        wired = now;
        return before != now && !(before == WiredPath.UNKNOWN && now == WiredPath.UP);
    }

    // ---- the webhook's source address -----------------------------------------------------------------

    /**
     * The address the next webhook request is bound to: the mobile link's local address while the wired
     * path is down and the link is up, otherwise empty (the routing table decides). Read on the notifier's
     * thread from the published snapshot, never blocking.
     */
    Optional<InetAddress> webhookSource() {
        return webhookSource(wired, supervisor.snapshot().ppp());
    }

    static Optional<InetAddress> webhookSource(WiredPath wired, PppView ppp) {
        if (wired != WiredPath.DOWN || ppp == null || !"up".equals(ppp.state()) || ppp.localIp() == null) {
            return Optional.empty();
        }
        return IpClassifier.parseLiteral(ppp.localIp());
    }
}
