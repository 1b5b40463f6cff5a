package dev.failberry.lab;

import dev.failberry.proc.CommandRunner;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A home network and its two uplinks in network namespaces, for running the real daemon on it:
 * <pre>
 *   lan host 192.168.1.10 ─┐
 *                          ├─ br0 (router) 192.168.1.1 ─ router ── NAT, port 9000 → Pi ── 203.0.113.1 ─┐
 *   Pi eth0 192.168.1.50 ──┘                                                                            inet
 *   Pi "ppp0" 198.51.100.x/32 peer 10.64.64.64 ─── carrier (proxy ARP, routes the Pi's address) ─ 100.64.0.1 ─┘
 * </pre>
 * "inet" stands for the internet: it holds the probe target (192.0.2.10:443), an echo service that tells
 * each client the address it came from (192.0.2.30:7), the wired probes' targets (the defaults 1.1.1.1:443
 * and 8.8.8.8:443, and a "domestic" host 192.0.2.20:443; each target remembers who connected), and is
 * where the health checks are made from
 * (from 203.0.113.254 towards the router, from 100.64.0.2 towards the carrier). The Pi's "ppp0" is made by
 * the pppd stand-in when it dials ({@code dev.failberry.sim.ppp.LabLink}). The Pi's namespace starts
 * with what a Raspberry Pi OS install has: IP forwarding on (install.sh), a strict rp_filter, a
 * DHCP-style default route via the router with metric 100.
 *
 * <p>Names are unique per run ({@code fbl<pid>x<random>-pi}), so builds can run at the same time; every
 * namespace (and every process left in one) goes at {@link #close()}, at JVM exit, or at the next
 * lab's start once the JVM that made it is gone.
 */
final class NetLab implements AutoCloseable {
    static final String PI_LAN = "192.168.1.50";
    static final String ROUTER_LAN = "192.168.1.1";
    static final String LAN_HOST = "192.168.1.10";
    static final String ROUTER_WAN = "203.0.113.1";
    static final String PROBE = "192.0.2.10";
    static final String ECHO = "192.0.2.30";
    /** A host "in the same country" for the wired probes; the anycast resolvers are the defaults' own addresses. */
    static final String DOMESTIC = "192.0.2.20";

    static final List<String> ANYCAST = List.of("1.1.1.1", "8.8.8.8");
    static final String PEER = "10.64.64.64";
    static final int LAN_SERVICE_PORT = 8080;
    static final String IP = "/sbin/ip";
    static final String NFT = "/usr/sbin/nft";
    private static final Duration CMD = Duration.ofSeconds(20);
    private static volatile String missing;

    final String pi;
    final String router;
    final String carrier;
    final String inet;
    final String lan;
    private final List<String> namespaces;
    private final List<ServerSocket> servers = new ArrayList<>();
    private final java.util.Map<String, List<String>> clients = new java.util.concurrent.ConcurrentHashMap<>();
    private final Thread cleanup;
    private boolean closed;

    private NetLab(String prefix) {
        pi = prefix + "-pi";
        router = prefix + "-router";
        carrier = prefix + "-carrier";
        inet = prefix + "-inet";
        lan = prefix + "-lan";
        namespaces = List.of(pi, router, carrier, inet, lan);
        cleanup = new Thread(this::close, "netlab-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
    }

    /** Why the lab cannot run here (one line), or empty when it can. Checked once per JVM. */
    static synchronized Optional<String> missing() {
        if (missing == null) {
            missing = probe();
        }
        return missing.isEmpty() ? Optional.empty() : Optional.of(missing);
    }

    private static String probe() {
        if (!System.getProperty("os.name", "")
                .toLowerCase(java.util.Locale.ROOT)
                .contains("linux")) {
            return "not Linux";
        }
        if (new com.sun.security.auth.module.UnixSystem().getUid() != 0) {
            return "needs root (network namespaces)";
        }
        for (String tool : List.of(IP, NFT)) {
            if (!Files.isExecutable(Path.of(tool))) {
                return tool + " missing (apt-get install iproute2 nftables)";
            }
        }
        String ns = "fbl" + ProcessHandle.current().pid() + "probe";
        try {
            String e = firstError(
                    run(IP, "netns", "add", ns),
                    run(IP, "-n", ns, "link", "add", "a0", "type", "veth", "peer", "name", "b0"),
                    run(IP, "-n", ns, "link", "add", "br0", "type", "bridge"),
                    new CommandRunner().run(List.of(NFT, "-c", "-f", "-"), "table inet failberry_probe {}\n", CMD));
            return e == null ? "" : "network namespaces, veth or bridge not available: " + e;
        } finally {
            run(IP, "netns", "del", ns);
        }
    }

    static NetLab create() throws Exception {
        sweepStale();
        String prefix = "fbl" + ProcessHandle.current().pid() + "x"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
        NetLab lab = new NetLab(prefix);
        try {
            lab.build();
        } catch (Exception | AssertionError e) {
            lab.close();
            throw e;
        }
        return lab;
    }

    private void build() throws Exception {
        for (String ns : namespaces) {
            must(IP, "netns", "add", ns);
            must(IP, "-n", ns, "link", "set", "lo", "up");
        }
        // the LAN: a bridge in the router, the Pi and a LAN host on it
        ip(router, "link", "add", "br0", "type", "bridge");
        ip(router, "link", "set", "br0", "up");
        ip(router, "addr", "add", ROUTER_LAN + "/24", "dev", "br0");
        ip(router, "link", "add", "lanpi", "type", "veth", "peer", "name", "eth0", "netns", pi);
        ip(router, "link", "add", "lanhost", "type", "veth", "peer", "name", "eth0", "netns", lan);
        for (String port : List.of("lanpi", "lanhost")) {
            ip(router, "link", "set", port, "master", "br0");
            ip(router, "link", "set", port, "up");
        }
        sysctl(pi, "net/ipv4/ip_forward", "1");
        sysctl(pi, "net/ipv4/conf/all/rp_filter", "1");
        sysctl(pi, "net/ipv4/conf/default/rp_filter", "1");
        ip(pi, "addr", "add", PI_LAN + "/24", "dev", "eth0");
        ip(pi, "link", "set", "eth0", "up");
        ip(pi, "route", "add", "default", "via", ROUTER_LAN, "dev", "eth0", "proto", "dhcp", "metric", "100");
        ip(lan, "addr", "add", LAN_HOST + "/24", "dev", "eth0");
        ip(lan, "link", "set", "eth0", "up");
        ip(lan, "route", "add", "default", "via", ROUTER_LAN);
        // the wired router's WAN, with NAT and a port forward of the health port to the Pi
        ip(router, "link", "add", "wan0", "type", "veth", "peer", "name", "rtr0", "netns", inet);
        ip(router, "addr", "add", ROUTER_WAN + "/24", "dev", "wan0");
        ip(router, "link", "set", "wan0", "up");
        ip(router, "route", "add", "default", "via", "203.0.113.254");
        sysctl(router, "net/ipv4/ip_forward", "1");
        nft(router, """
                table ip nat {
                	chain prerouting {
                		type nat hook prerouting priority dstnat; policy accept;
                		iifname "wan0" tcp dport 9000 dnat to 192.168.1.50:9000
                	}
                	chain postrouting {
                		type nat hook postrouting priority srcnat; policy accept;
                		oifname "wan0" masquerade
                	}
                }
                """);
        // the carrier: routes the Pi's mobile addresses to the link, answers ARP for the internet on it
        ip(carrier, "link", "add", "cin0", "type", "veth", "peer", "name", "car0", "netns", inet);
        ip(carrier, "addr", "add", "100.64.0.1/30", "dev", "cin0");
        ip(carrier, "link", "set", "cin0", "up");
        ip(carrier, "route", "add", "default", "via", "100.64.0.2");
        sysctl(carrier, "net/ipv4/ip_forward", "1");
        sysctl(carrier, "net/ipv4/conf/default/proxy_arp", "1");
        // the internet
        ip(inet, "addr", "add", "203.0.113.254/24", "dev", "rtr0");
        ip(inet, "link", "set", "rtr0", "up");
        ip(inet, "addr", "add", "100.64.0.2/30", "dev", "car0");
        ip(inet, "link", "set", "car0", "up");
        ip(inet, "route", "add", "198.51.100.0/24", "via", "100.64.0.1");
        ip(inet, "addr", "add", PROBE + "/32", "dev", "lo");
        ip(inet, "addr", "add", ECHO + "/32", "dev", "lo");
        ip(inet, "addr", "add", DOMESTIC + "/32", "dev", "lo");
        for (String a : ANYCAST) {
            ip(inet, "addr", "add", a + "/32", "dev", "lo");
        }
        sysctl(inet, "net/ipv4/ip_forward", "1");
        serve(inet, PROBE, 443, "probe target");
        serve(inet, ECHO, 7, "echo");
        serve(inet, DOMESTIC, 443, "domestic");
        for (String a : ANYCAST) {
            serve(inet, a, 443, a);
        }
        serve(lan, "0.0.0.0", LAN_SERVICE_PORT, "lan service");
        serve(pi, "0.0.0.0", 2222, "pi ssh");
    }

    /**
     * A TCP service in {@code ns} that answers every connection with one line:
     * {@code <name>, you are <client address>}, then closes; {@link #clients} tells who connected.
     */
    void serve(String ns, String address, int port, String name) throws Exception {
        ServerSocket server = Netns.call(ns, () -> {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(address, port));
            return s;
        });
        servers.add(server);
        Thread t = new Thread(
                () -> {
                    while (!server.isClosed()) {
                        try (Socket c = server.accept()) {
                            clients.computeIfAbsent(name, k -> new java.util.concurrent.CopyOnWriteArrayList<>())
                                    .add(c.getInetAddress().getHostAddress());
                            c.getOutputStream()
                                    .write((name + ", you are "
                                                    + c.getInetAddress().getHostAddress() + "\n")
                                            .getBytes(StandardCharsets.US_ASCII));
                        } catch (IOException e) {
                            // closed, or a client that went away
                        }
                    }
                },
                "netlab-" + name);
        t.setDaemon(true);
        t.start();
    }

    /** The addresses that connected to service {@code name} so far, in order. */
    List<String> clients(String name) {
        return List.copyOf(clients.getOrDefault(name, List.of()));
    }

    /**
     * A download in {@code ns}: every connection gets an endless stream of zeros, {@code bytesPerSecond}
     * paced in 16 KiB writes (a link of that speed), until the client goes away or a write stalls.
     */
    void serveStream(String ns, String address, int port, int bytesPerSecond) throws Exception {
        ServerSocket server = Netns.call(ns, () -> {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(address, port));
            return s;
        });
        servers.add(server);
        Thread t = new Thread(
                () -> {
                    byte[] chunk = new byte[16 * 1024];
                    long pause = 1000L * chunk.length / bytesPerSecond;
                    while (!server.isClosed()) {
                        try (Socket c = server.accept()) {
                            c.setSoTimeout(2000);
                            OutputStream out = c.getOutputStream();
                            while (true) {
                                out.write(chunk);
                                Thread.sleep(pause); // the link's speed, not a wait for something
                            }
                        } catch (IOException | InterruptedException e) {
                            // the client went away (or the stream was cut): next one
                        }
                    }
                },
                "netlab-stream");
        t.setDaemon(true);
        t.start();
    }

    /** What a download from {@code ns} received: its bytes and when each read returned. */
    record Download(List<long[]> reads, long bytes) {
        /** Monotonic nanos of the last read that returned data. */
        long lastReadNanos() {
            return reads.isEmpty() ? -1 : reads.get(reads.size() - 1)[0];
        }

        /** When the cumulative count first reached {@code bytes} (monotonic nanos), or -1. */
        long nanosAt(long count) {
            for (long[] r : reads) {
                if (r[1] >= count) {
                    return r[0];
                }
            }
            return -1;
        }
    }

    /**
     * Downloads from {@code address:port} in {@code ns}, bound to {@code source}, until nothing arrives for
     * {@code stall} or {@code max} has passed.
     */
    Download download(String ns, String source, String address, int port, Duration stall, Duration max)
            throws Exception {
        return Netns.call(ns, () -> {
            List<long[]> reads = new ArrayList<>();
            long total = 0;
            try (Socket s = new Socket()) {
                s.bind(new InetSocketAddress(source, 0));
                s.connect(new InetSocketAddress(address, port), 3000);
                s.setSoTimeout((int) stall.toMillis());
                InputStream in = s.getInputStream();
                byte[] buf = new byte[64 * 1024];
                long end = System.nanoTime() + max.toNanos();
                while (System.nanoTime() < end) {
                    int n;
                    try {
                        n = in.read(buf);
                    } catch (java.net.SocketTimeoutException e) {
                        break;
                    }
                    if (n < 0) {
                        break;
                    }
                    total += n;
                    reads.add(new long[] {System.nanoTime(), total});
                }
            }
            return new Download(reads, total);
        });
    }

    /** The rx + tx byte counters of {@code dev} in {@code ns}, from {@code ip -s link}. */
    long linkBytes(String ns, String dev) {
        String out = show(ns, "-s", "-o", "link", "show", "dev", dev);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("RX:.*?\\\\\\s+(\\d+)\\s.*?TX:.*?\\\\\\s+(\\d+)\\s")
                .matcher(out);
        if (!m.find()) {
            throw new AssertionError("no counters in: " + out);
        }
        return Long.parseLong(m.group(1)) + Long.parseLong(m.group(2));
    }

    /** Connects from {@code ns} (optionally from {@code source}) and returns the service's line. */
    String line(String ns, String source, String address, int port, Duration timeout) throws Exception {
        return Netns.call(ns, () -> {
            try (Socket s = new Socket()) {
                if (source != null) {
                    s.bind(new InetSocketAddress(source, 0));
                }
                s.connect(new InetSocketAddress(address, port), (int) timeout.toMillis());
                s.setSoTimeout((int) timeout.toMillis());
                return new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            }
        });
    }

    /** Whether a TCP connection from {@code ns} to {@code address:port} is accepted within {@code timeout}. */
    boolean connects(String ns, String address, int port, Duration timeout) throws Exception {
        return connects(ns, null, address, port, timeout);
    }

    /** The same from {@code source} (null: any). */
    boolean connects(String ns, String source, String address, int port, Duration timeout) throws Exception {
        return Netns.call(ns, () -> {
            try (Socket s = new Socket()) {
                if (source != null) {
                    s.bind(new InetSocketAddress(source, 0));
                }
                s.connect(new InetSocketAddress(address, port), (int) timeout.toMillis());
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** A plain HTTP/1.0 GET from {@code ns} (no connection reuse across namespaces): status line and body. */
    String http(String ns, String address, int port, String path, String host) throws Exception {
        return Netns.call(ns, () -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(address, port), 3000);
                s.setSoTimeout(5000);
                OutputStream out = s.getOutputStream();
                out.write(("GET " + path + " HTTP/1.0\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                InputStream in = s.getInputStream();
                String text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                String status = text.lines().findFirst().orElse("");
                int body = text.indexOf("\r\n\r\n");
                return status.replaceFirst("^HTTP/1\\.[01] ", "") + " | " + (body < 0 ? "" : text.substring(body + 4));
            }
        });
    }

    /**
     * A GET as Route53's HTTP checkers send it (HTTP/1.1, their User-Agent, the record's name as Host),
     * reading until the server closes: status and body.
     */
    String http11(String ns, String address, int port, String path, String host, String userAgent) throws Exception {
        return Netns.call(ns, () -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(address, port), 3000);
                s.setSoTimeout(5000);
                s.getOutputStream()
                        .write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: " + userAgent
                                        + "\r\nAccept: */*\r\nConnection: close\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                String text = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                String status = text.lines().findFirst().orElse("");
                int body = text.indexOf("\r\n\r\n");
                return status.replaceFirst("^HTTP/1\\.[01] ", "") + " | " + (body < 0 ? "" : text.substring(body + 4));
            }
        });
    }

    /** {@code ip -n ns ARGS}; fails the test when it fails. */
    void ip(String ns, String... args) {
        List<String> cmd = new ArrayList<>(List.of(IP, "-n", ns));
        cmd.addAll(List.of(args));
        must(cmd.toArray(String[]::new));
    }

    /** The output of {@code ip -n ns ARGS} (fails the test when it fails). */
    String show(String ns, String... args) {
        List<String> cmd = new ArrayList<>(List.of(IP, "-n", ns));
        cmd.addAll(List.of(args));
        var r = new CommandRunner().run(cmd, CMD);
        if (!r.ok()) {
            throw new AssertionError(String.join(" ", cmd) + ": " + r.output());
        }
        return r.output();
    }

    /** {@code nft list ruleset} etc. inside {@code ns}. */
    CommandRunner.Result nftIn(String ns, String... args) {
        List<String> cmd = new ArrayList<>(List.of(IP, "netns", "exec", ns, NFT));
        cmd.addAll(List.of(args));
        return new CommandRunner().run(cmd, CMD);
    }

    /** Loads {@code ruleset} with {@code nft -f -} inside {@code ns}; fails the test when nft refuses it. */
    void nft(String ns, String ruleset) {
        var r = new CommandRunner().run(List.of(IP, "netns", "exec", ns, NFT, "-f", "-"), ruleset, CMD);
        if (!r.ok()) {
            throw new AssertionError("nft in " + ns + ": " + r.output());
        }
    }

    /** Writes {@code /proc/sys/<key>} inside {@code ns}. */
    void sysctl(String ns, String key, String value) throws Exception {
        Netns.call(ns, () -> Files.writeString(Path.of("/proc/sys", key), value + "\n"));
    }

    String readSysctl(String ns, String key) throws Exception {
        return Netns.call(ns, () -> Files.readString(Path.of("/proc/sys", key)).strip());
    }

    private static void must(String... cmd) {
        var r = new CommandRunner().run(List.of(cmd), CMD);
        if (!r.ok()) {
            throw new AssertionError(String.join(" ", cmd) + ": " + r.describe() + ": " + r.output());
        }
    }

    private static CommandRunner.Result run(String... cmd) {
        return new CommandRunner().run(List.of(cmd), CMD);
    }

    private static String firstError(CommandRunner.Result... results) {
        for (var r : results) {
            if (!r.ok()) {
                return String.join(" ", r.command()) + ": " + r.output().strip();
            }
        }
        return null;
    }

    /** Deletes namespaces left by lab JVMs that are gone (killed before their cleanup ran). */
    private static void sweepStale() {
        var r = new CommandRunner().run(List.of(IP, "netns", "list"), CMD);
        for (String line : r.output().split("\n")) {
            String name = line.trim().split("\\s+")[0];
            var m = java.util.regex.Pattern.compile("fbl(\\d+)x[0-9a-f]+-[a-z]+")
                    .matcher(name);
            if (m.matches()
                    && ProcessHandle.of(Long.parseLong(m.group(1)))
                                    .map(ProcessHandle::isAlive)
                                    .orElse(false)
                            == false) {
                killProcessesIn(name);
                run(IP, "netns", "del", name);
            }
        }
    }

    /** Kills what still runs in a namespace of ours (the daemon and its stand-ins, if a test left them). */
    private static void killProcessesIn(String ns) {
        var r = new CommandRunner().run(List.of(IP, "netns", "pids", ns), CMD);
        for (String pid : r.output().split("\\s+")) {
            if (pid.matches("\\d+")) {
                ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (ServerSocket s : servers) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        for (String ns : namespaces) {
            killProcessesIn(ns);
        }
        for (String ns : namespaces) {
            run(IP, "netns", "del", ns);
        }
        if (Thread.currentThread() != cleanup) {
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException ignored) {
                // shutting down already
            }
        }
    }
}
