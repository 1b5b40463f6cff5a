package dev.failberry.daemon;

import dev.failberry.config.FailberryConfig;
import dev.failberry.metrics.Metrics;
import dev.failberry.net.Network;
import dev.failberry.net.WiredPath;
import dev.failberry.net.WiredPath.PathState;
import dev.failberry.ppp.LinkInfo;
import dev.failberry.status.StatusSnapshot.NetworkView;
import java.time.Duration;

/**
 * Connects the net capability (reply routing, the firewall and the wired path's probes) to the link's
 * events and the status. Its link hooks run on the supervisor's thread inside the link's up/down reports,
 * before the controller hears of them: the rules for a new address are in place before the link's first
 * probe. The wired path is probed from start to stop, whatever the link does.
 */
final class NetBridge implements AutoCloseable {
    /** How often the table's presence, the link's IPv6 addresses and a failed change are looked at again. */
    static final Duration REFRESH = Duration.ofSeconds(60);

    /**
     * Where the wired path's changes go as events ({@code wired-down}, {@code wired-up}): the notification
     * bridge's seams of the same names. {@link #NONE} until that bridge is wired in.
     */
    interface WiredEvents {
        WiredEvents NONE = new WiredEvents() {
            @Override
            public void wiredDown(String reason) {
            }

            @Override
            public void wiredUp(String reason) {
            }
        };

        void wiredDown(String reason);

        void wiredUp(String reason);
    }

    private final Supervisor supervisor;
    private final Network network;
    private final WiredPath wired;
    private final Metrics metrics;
    private volatile WiredEvents events = WiredEvents.NONE;

    NetBridge(FailberryConfig config, Supervisor supervisor, Network network, Metrics metrics) {
        this.supervisor = supervisor;
        this.network = network;
        this.metrics = metrics;
        this.wired = WiredPath.create(config, network, supervisor.scheduler(), new WiredPath.Listener() {
            @Override
            public void updated() {
                publish();
            }

            @Override
            public void changed(PathState from, PathState to, String reason) {
                wiredChanged(to, reason);
            }
        });
    }

    /** Where the wired-down/wired-up events go (the notification bridge). */
    void onWiredChange(WiredEvents target) {
        events = target == null ? WiredEvents.NONE : target;
    }

    /** Before the first dial: checks, firewall, rules without a link, the wired probes; then the periodic refresh. */
    void start() {
        network.start();
        wired.start();
        publish();
        supervisor.scheduler().scheduleEvery(REFRESH, REFRESH, () -> {
            network.refresh();
            publish();
        });
    }

    void linkUp(LinkInfo link) {
        network.linkUp(link.interfaceName(), link.localIp());
        publish();
    }

    void linkDown() {
        network.linkDown();
        publish();
    }

    /** The one place the wired path's changes become events (and are counted). */
    private void wiredChanged(PathState to, String reason) {
        metrics.wiredPathChanges.labelValues(to.wire()).inc();
        switch (to) {
            case DOWN -> events.wiredDown("wired path down: " + reason);
            case UP -> events.wiredUp("wired path up: " + reason);
            case UNKNOWN -> { } // no event: the daemon cannot tell (see WiredPath)
        }
    }

    private void publish() {
        NetworkView n = network.view();
        NetworkView withPath = n.withWired(wired.view(n.wired()));
        supervisor.publish(s -> s.withNetwork(withPath));
    }

    /** At stop, after pppd: the wired probes end, then the rules and the table are removed. */
    @Override
    public void close() {
        wired.close();
        network.close();
    }
}
