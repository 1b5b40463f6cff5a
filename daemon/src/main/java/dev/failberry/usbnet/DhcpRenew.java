package dev.failberry.usbnet;

import dev.failberry.proc.CommandRunner;
import dev.failberry.time.Scheduler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reconnect of a stick without an API ({@code modem.control = none}), and of any stick whose
 * interface has no address: a DHCP renew, made the one way every DHCP client understands: the interface
 * goes down and up again ({@code ip link set dev IF down}, then {@code up}). dhcpcd and NetworkManager
 * drop the lease when the carrier goes and ask for a new one when it returns; the stick's DHCP server
 * answers at once. Runs the commands (argument arrays, a validated name) on {@code io} (the stick's own
 * thread), never on the caller's; the pause between them is scheduled, not slept.
 */
public final class DhcpRenew {
    private static final Logger LOG = LoggerFactory.getLogger(DhcpRenew.class);
    private static final Pattern IFNAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,14}");
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** Long enough for the DHCP client to see the carrier go (dhcpcd and NetworkManager react within ms). */
    static final Duration DOWN_FOR = Duration.ofSeconds(1);

    private final Path ip;
    private final Scheduler io;
    private final CommandRunner runner = new CommandRunner();

    public DhcpRenew(Path ip, Scheduler io) {
        this.ip = ip;
        this.io = io;
    }

    /** Takes {@code iface} down and up again; {@code done} runs afterwards (also when a command failed). */
    public void renew(String iface, Runnable done) {
        if (!IFNAME.matcher(iface).matches()) {
            LOG.warn("link: not renewing the DHCP lease of {}: not an interface name", iface);
            done.run();
            return;
        }
        io.execute(() -> {
            LOG.info("link: DHCP renew: taking {} down and up again", iface);
            var down = runner.run(List.of(ip.toString(), "link", "set", "dev", iface, "down"), TIMEOUT);
            if (!down.ok()) {
                LOG.warn("link: DHCP renew of {}: {}", iface, down.describe());
            }
            io.schedule(DOWN_FOR, () -> {
                try {
                    var up = runner.run(List.of(ip.toString(), "link", "set", "dev", iface, "up"), TIMEOUT);
                    if (!up.ok()) {
                        LOG.warn("link: DHCP renew of {}: {}", iface, up.describe());
                    }
                } finally {
                    done.run();
                }
            });
        });
    }
}
