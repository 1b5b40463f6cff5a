package dev.failberry.usbnet;

import dev.failberry.config.FailberryConfig;
import dev.failberry.config.LinkConfig;
import dev.failberry.proc.CommandRunner;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The next hop of an Ethernet-type link: {@code link.gateway} when set; else the router the system's DHCP
 * client learnt, when it installed a default route on the interface ({@code ip -4 route show default dev
 * IF}); else the HiLink API's host when it is in the interface's subnet (the stick is its own router:
 * 192.168.8.1); else the subnet's first address, where router sticks put themselves (Huawei 192.168.8.1,
 * ZTE 192.168.0.1, Alcatel 192.168.1.1), logged once as a guess. With the DHCP client told not to make
 * the stick the default route (the README's advice) there is no route to learn from, which is why the
 * other two exist; the link's probes tell a wrong guess soon enough.
 */
public final class LinkGateway {
    private static final Logger LOG = LoggerFactory.getLogger(LinkGateway.class);
    private static final Pattern VIA =
            Pattern.compile("^default\\s+via\\s+(\\d{1,3}(?:\\.\\d{1,3}){3})\\b", Pattern.MULTILINE);

    private final Optional<String> configured;
    private final Optional<Inet4Address> apiHost;
    private final Function<String, Optional<String>> dhcpRouter;
    private final Set<String> guessed = new HashSet<>();

    /**
     * @param dhcpRouter the {@code via} of a default route on the interface in the main table, if any
     */
    public LinkGateway(
            Optional<String> configured,
            Optional<Inet4Address> apiHost,
            Function<String, Optional<String>> dhcpRouter) {
        this.configured = configured;
        this.apiHost = apiHost;
        this.dhcpRouter = dhcpRouter;
    }

    public static LinkGateway fromConfig(FailberryConfig config) {
        LinkConfig link = config.link();
        Optional<Inet4Address> api = link.control() == LinkConfig.ModemControl.HILINK
                ? literal(link.hilink().url().getHost())
                : Optional.empty();
        String ip = config.routing().ip().toString();
        CommandRunner runner = new CommandRunner();
        return new LinkGateway(link.gateway(), api, iface -> {
            var r = runner.run(
                    List.of(ip, "-4", "-o", "route", "show", "default", "dev", iface), Duration.ofSeconds(5));
            return r.ok() ? via(r.output()) : Optional.empty();
        });
    }

    /** The gateway for {@code iface} with {@code address}; empty when none can be found. */
    public synchronized Optional<String> forLink(String iface, StickPort.Address address) {
        if (configured.isPresent()) {
            return configured;
        }
        Optional<String> dhcp = dhcpRouter
                .apply(iface)
                .filter(g -> literal(g).map(address::contains).orElse(false));
        if (dhcp.isPresent()) {
            return dhcp;
        }
        if (apiHost.isPresent()
                && address.contains(apiHost.get())
                && !apiHost.get().equals(address.address())) {
            return Optional.of(apiHost.get().getHostAddress());
        }
        Optional<String> first = address.firstHost().map(InetAddress::getHostAddress);
        first.ifPresent(g -> {
            if (guessed.add(iface + " " + g)) {
                LOG.warn(
                        "link: no gateway known for {} ({}/{}): using {}, the subnet's first address, where router "
                                + "sticks put themselves; set link.gateway if the stick is elsewhere",
                        iface,
                        address.text(),
                        address.prefix(),
                        g);
            }
        });
        return first;
    }

    /** The {@code via} of {@code ip -4 -o route show default dev IF}'s first default route. */
    static Optional<String> via(String output) {
        Matcher m = VIA.matcher(output == null ? "" : output.strip());
        return m.find() ? literal(m.group(1)).map(InetAddress::getHostAddress) : Optional.empty();
    }

    static Optional<Inet4Address> literal(String text) {
        if (text == null || !text.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return Optional.empty();
        }
        byte[] b = new byte[4];
        String[] parts = text.split("\\.");
        for (int i = 0; i < 4; i++) {
            int n = Integer.parseInt(parts[i]);
            if (n > 255) {
                return Optional.empty();
            }
            b[i] = (byte) n;
        }
        try {
            return Optional.of((Inet4Address) InetAddress.getByAddress(b));
        } catch (java.net.UnknownHostException impossible) {
            return Optional.empty();
        }
    }
}
