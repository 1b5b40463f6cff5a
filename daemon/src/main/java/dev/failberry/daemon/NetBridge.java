package dev.failberry.daemon;

import dev.failberry.config.FailberryConfig;
import dev.failberry.metrics.Metrics;
import dev.failberry.net.Network;
import dev.failberry.net.WiredPath;
import dev.failberry.net.WiredPath.PathState;
import dev.failberry.notify.EventName;
import dev.failberry.notify.EventSink;
import dev.failberry.notify.NotifyEvent;
import dev.failberry.ppp.LinkInfo;
import dev.failberry.status.NetworkView;
import dev.failberry.time.TimeSource;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;

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
     * Where the wired path's news goes as events ({@code wired-down}, {@code wired-up}): the notification
     * bridge's seams of the same names ({@link #of}), or any {@link EventSink} ({@link #toSink}).
     * {@link #NONE} until one is wired in. Called on the supervisor's thread.
     */
    interface WiredEvents {
        WiredEvents NONE = of(reason -> {}, reason -> {});

        void wiredDown(String reason);

        void wiredUp(String reason);

        static WiredEvents of(Consumer<String> down, Consumer<String> up) {
            return new WiredEvents() {
                @Override
                public void wiredDown(String reason) {
                    down.accept(reason);
                }

                @Override
                public void wiredUp(String reason) {
                    up.accept(reason);
                }
            };
        }

        /** As events of {@code sink}, stamped with {@code time} and the supervisor's state name at the time. */
        static WiredEvents toSink(EventSink sink, TimeSource time, Supplier<String> state) {
            return of(
                    reason -> sink.emit(NotifyEvent.of(EventName.WIRED_DOWN, time, state.get(), reason)),
                    reason -> sink.emit(NotifyEvent.of(EventName.WIRED_UP, time, state.get(), reason)));
        }
    }

    /**
     * Which changes of the path are news. {@code wired-down} when the path is judged down and was not down
     * before; {@code wired-up} only when a path that was down is judged up again: the first verdict after a
     * start (unknown to up) is no news, and unknown between two verdicts (the interface flapped, the router
     * was not known for a while) neither starts nor ends an outage, so down, unknown, down is one outage
     * and up, unknown, up is none.
     */
    static final class WiredNews {
        private PathState lastVerdict = PathState.UNKNOWN;

        void changed(PathState to, String reason, WiredEvents events) {
            switch (to) {
                case DOWN -> {
                    if (lastVerdict != PathState.DOWN) {
                        events.wiredDown("wired path down: " + reason);
                    }
                    lastVerdict = PathState.DOWN;
                }
                case UP -> {
                    if (lastVerdict == PathState.DOWN) {
                        events.wiredUp("wired path up: " + reason);
                    }
                    lastVerdict = PathState.UP;
                }
                case UNKNOWN -> {} // the daemon cannot tell (see WiredPath): the last verdict stands
            }
        }
    }

    private final Supervisor supervisor;
    private final Network network;
    private final WiredPath wired;
    private final Metrics metrics;
    private final WiredNews news = new WiredNews();
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
        network.linkUp(link.interfaceName(), link.localIp(), java.util.Optional.ofNullable(link.gateway()));
        publish();
    }

    void linkDown() {
        network.linkDown();
        publish();
    }

    /** The one place the wired path's changes become events (and are counted). */
    private void wiredChanged(PathState to, String reason) {
        metrics.wiredPathChanges.labelValues(to.wire()).inc();
        news.changed(to, reason, events);
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
