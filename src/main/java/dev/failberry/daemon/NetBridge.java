package dev.failberry.daemon;

import dev.failberry.net.Network;
import dev.failberry.ppp.LinkInfo;
import java.time.Duration;

/**
 * Connects the net capability (reply routing and the firewall) to the link's events and the status. Its
 * link hooks run on the supervisor's thread inside the link's up/down reports, before the controller
 * hears of them: the rules for a new address are in place before the link's first probe.
 */
final class NetBridge implements AutoCloseable {
    /** How often the table's presence, the link's IPv6 addresses and a failed change are looked at again. */
    static final Duration REFRESH = Duration.ofSeconds(60);

    private final Supervisor supervisor;
    private final Network network;

    NetBridge(Supervisor supervisor, Network network) {
        this.supervisor = supervisor;
        this.network = network;
    }

    /** Before the first dial: checks, firewall, rules without a link; then the periodic refresh. */
    void start() {
        network.start();
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

    private void publish() {
        supervisor.publish(s -> s.withNetwork(network.view()));
    }

    /** At stop, after pppd: the rules and the table are removed. */
    @Override
    public void close() {
        network.close();
    }
}
