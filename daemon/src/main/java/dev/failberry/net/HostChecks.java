package dev.failberry.net;

import dev.failberry.config.Cidr;
import dev.failberry.config.ConfigProblem;
import dev.failberry.config.FailberryConfig;
import dev.failberry.config.FailberryConfig.Forward;
import dev.failberry.config.FailberryConfig.ProbeTarget;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What the host must offer for routing and the firewall to work, checked at start (and by
 * {@code check-config}, which runs on the Pi): IP forwarding, the {@code ip} and {@code nft} executables,
 * the wired interface, a strict rp_filter on it, and that each port forward's target is in the wired
 * LAN. Each finding is one line that says what is wrong and what to do.
 */
public final class HostChecks {
    /** How long check-config waits for the names of wired probe targets to resolve. */
    static final Duration RESOLVE_WAIT = Duration.ofSeconds(5);

    /** Name lookups (the system's resolver in production). */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] all(String host) throws UnknownHostException;
    }

    private final Path procSys;
    private final Interfaces interfaces;
    private final Resolver resolver;
    private final Duration resolveWait;

    HostChecks(Path procSys, Interfaces interfaces) {
        this(procSys, interfaces, InetAddress::getAllByName, RESOLVE_WAIT);
    }

    HostChecks(Path procSys, Interfaces interfaces, Resolver resolver, Duration resolveWait) {
        this.procSys = procSys;
        this.interfaces = interfaces;
        this.resolver = resolver;
        this.resolveWait = resolveWait;
    }

    public static HostChecks system() {
        return new HostChecks(Path.of("/proc/sys"), Interfaces.system());
    }

    /** What {@code check-config} adds for this host: warnings, and problems that make the file invalid here. */
    public record Report(List<String> warnings, List<ConfigProblem> problems) {}

    public Report forCheckConfig(FailberryConfig c) {
        List<String> warnings = new ArrayList<>(startup(c));
        if (c.routing().replyRouting() && rpFilter(c.wired().interfaceName()) == 1) {
            warnings.add("rp_filter is strict (1) on " + c.wired().interfaceName() + ": the daemon sets net.ipv4.conf."
                    + c.wired().interfaceName() + ".rp_filter = 2 (loose) when it starts, or connections that come in "
                    + "through the wired router would be dropped while their replies are routed by mark");
        }
        List<ConfigProblem> problems = new ArrayList<>();
        resolveWiredTargets(c, warnings, problems);
        if (c.firewall().manage()) {
            for (Forward f : c.firewall().forwards()) {
                outsideLan(c, f)
                        .ifPresent(why ->
                                problems.add(new ConfigProblem(f.file(), f.line(), "failberry.firewall.forward", why)));
            }
        }
        return new Report(List.copyOf(warnings), List.copyOf(problems));
    }

    /**
     * The wired probe targets given by name must resolve to an IPv4 address here (check-config only: the
     * daemon resolves them at each round, and a name that stops resolving is a failed probe, not a stop).
     * All names are looked up at once; one that gets no answer within {@link #RESOLVE_WAIT} (no DNS server
     * reachable yet) is a warning, not a problem.
     */
    void resolveWiredTargets(FailberryConfig c, List<String> warnings, List<ConfigProblem> problems) {
        List<ProbeTarget> named = c.wired().probe().targets().stream()
                .filter(t -> Cidr.parse(t.address().host()).isEmpty())
                .toList();
        if (named.isEmpty()) {
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(named.size(), 4), r -> {
            Thread t = new Thread(r, "check-config-resolve");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (ProbeTarget t : named) {
                answers.add(pool.submit(() -> resolveProblem(t.address().host())));
            }
            long deadline = System.nanoTime() + resolveWait.toNanos();
            for (int i = 0; i < named.size(); i++) {
                ProbeTarget t = named.get(i);
                try {
                    String problem =
                            answers.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    if (problem != null) {
                        problems.add(new ConfigProblem(
                                t.file(),
                                t.line(),
                                "failberry.wired.probe.targets",
                                "target \"" + t.address() + "\": " + problem));
                    }
                } catch (TimeoutException e) {
                    warnings.add("wired.probe.targets: " + t.address().host() + " did not resolve within "
                            + resolveWait.toMillis() / 1000.0
                            + " s here (no DNS server answering?): it is probed by name at "
                            + "every round; an address needs no resolver");
                } catch (ExecutionException e) {
                    problems.add(new ConfigProblem(
                            t.file(),
                            t.line(),
                            "failberry.wired.probe.targets",
                            "target \"" + t.address() + "\": cannot resolve "
                                    + t.address().host() + ": " + e.getCause()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private String resolveProblem(String host) {
        try {
            InetAddress[] all = resolver.all(host);
            for (InetAddress a : all) {
                if (a instanceof Inet4Address) {
                    return null;
                }
            }
            return host + " has no IPv4 address (the wired path is probed over IPv4)";
        } catch (UnknownHostException e) {
            return host + " does not resolve (no such name, or no DNS server answering): use its IPv4 address, or a "
                    + "name that resolves";
        }
    }

    /** One line per thing on this host that stops routing or the firewall from working (empty: all fine). */
    List<String> startup(FailberryConfig c) {
        boolean routing = c.routing().replyRouting();
        boolean firewall = c.firewall().manage();
        List<String> out = new ArrayList<>();
        if (!routing && !firewall) {
            return out;
        }
        if ("0".equals(read("net/ipv4/ip_forward"))) {
            out.add("IP forwarding is off (net.ipv4.ip_forward = 0): LAN hosts cannot use the mobile link and port "
                    + "forwards cannot reach the LAN; set it to 1 (install.sh writes /etc/sysctl.d/90-failberry.conf)");
        }
        if (!Files.isExecutable(c.firewall().nft())) {
            out.add("nft is missing (" + c.firewall().nft() + "): the table inet failberry cannot be loaded, so "
                    + (firewall
                            ? "the mobile link is not filtered and LAN traffic is not masqueraded"
                            : "replies are not marked")
                    + " (apt install nftables, or set firewall.nft)");
        }
        if (routing && !Files.isExecutable(c.routing().ip())) {
            out.add("ip is missing (" + c.routing().ip() + "): reply routing cannot be set up (apt install iproute2, "
                    + "or set routing.ip)");
        }
        String wired = c.wired().interfaceName();
        if (interfaces.networks(wired).isEmpty()) {
            out.add("wired.interface " + wired + " does not exist on this host (it has: "
                    + String.join(", ", interfaces.names()) + "): set wired.interface to the Pi's Ethernet");
        }
        return out;
    }

    /**
     * Sets the interface's rp_filter to loose (2) when the effective value (the larger of {@code all} and
     * the interface's) is strict (1). Returns the line to log, or null when nothing had to change.
     */
    String loosenRpFilter(String iface) {
        if (rpFilter(iface) != 1) {
            return null;
        }
        Path file = procSys.resolve("net/ipv4/conf").resolve(iface).resolve("rp_filter");
        try {
            Files.writeString(file, "2\n", StandardCharsets.US_ASCII);
            return "rp_filter on " + iface + " was strict (1): set net.ipv4.conf." + iface + ".rp_filter = 2 (loose), "
                    + "so that connections that come in through the wired router are not dropped while their replies "
                    + "are routed by mark";
        } catch (IOException e) {
            return "rp_filter on " + iface + " is strict (1) and could not be set to loose (" + e.getMessage()
                    + "): connections that come in through the wired router may be dropped while the mobile link is "
                    + "the default route";
        }
    }

    /** The effective rp_filter of {@code iface} (max of all and the interface), or -1 when unknown. */
    int rpFilter(String iface) {
        int all = number(read("net/ipv4/conf/all/rp_filter"));
        int own = number(read("net/ipv4/conf/" + iface + "/rp_filter"));
        return own < 0 ? -1 : Math.max(all, own);
    }

    /**
     * Why {@code f}'s target is not in the wired LAN, or empty when it is (or when the interface has no
     * IPv4 network to judge by, e.g. before DHCP).
     */
    Optional<String> outsideLan(FailberryConfig c, Forward f) {
        String wired = c.wired().interfaceName();
        List<Cidr> lan = interfaces.networks(wired).orElse(List.of()).stream()
                .filter(Cidr::isIpv4)
                .toList();
        if (lan.isEmpty()) {
            return Optional.empty();
        }
        InetAddress target;
        try {
            target = InetAddress.getByAddress(
                    Cidr.parse(f.toHost()).orElseThrow().network().getAddress());
        } catch (UnknownHostException | java.util.NoSuchElementException e) {
            return Optional.of("forward " + f.describe() + ": not an IPv4 address");
        }
        if (lan.stream().anyMatch(n -> n.contains(target))) {
            return Optional.empty();
        }
        return Optional.of("forward " + f.describe() + ": the target is outside the LAN (" + wired + " has "
                + String.join(", ", lan.stream().map(Cidr::toString).toList()) + ")");
    }

    private String read(String relative) {
        try {
            return Files.readString(procSys.resolve(relative), StandardCharsets.US_ASCII)
                    .strip();
        } catch (IOException e) {
            return null;
        }
    }

    private static int number(String s) {
        return s != null && s.matches("\\d{1,3}") ? Integer.parseInt(s) : -1;
    }
}
