package dev.failberry.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The abuse from issue 21: many idle or slow connections to the health listener from a few addresses,
 * each reopened as soon as the server closes it (what {@code wrk -c600} or a script with 700 sockets
 * does), and the fresh requests a Route53 checker makes meanwhile. JDK only, so that
 * {@code bench/idle.sh} compiles this one file and points it at a running daemon.
 *
 * <p>Idle connections send nothing. Slow ones send a request line and a header, then one byte of a
 * header that never ends every {@link #TRICKLE_MILLIS}: the request is never complete.
 */
public final class ConnectionFlood implements AutoCloseable {
    static final long TRICKLE_MILLIS = 500;
    private static final byte[] SLOW_HEAD =
            "GET /health HTTP/1.1\r\nHost: flood\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);

    private final InetSocketAddress target;
    private final List<InetAddress> sources;
    private final int idle;
    private final int slow;
    private final Selector selector;
    private final Thread thread;
    private final AtomicLong opened = new AtomicLong();
    private final AtomicLong closedByServer = new AtomicLong();
    private final AtomicLong failedConnects = new AtomicLong();
    private volatile boolean running = true;
    private volatile int openNow;

    /** One attacking socket: which source it binds, whether it trickles, and when it trickles next. */
    private static final class Attacker {
        final InetAddress source;
        final boolean slow;
        SocketChannel channel;
        long nextTrickle;
        long reopenAt;

        Attacker(InetAddress source, boolean slow) {
            this.source = source;
            this.slow = slow;
        }
    }

    private final List<Attacker> attackers = new ArrayList<>();

    public ConnectionFlood(InetSocketAddress target, List<InetAddress> sources, int idle, int slow) throws IOException {
        this.target = target;
        this.sources = List.copyOf(sources);
        this.idle = idle;
        this.slow = slow;
        this.selector = Selector.open();
        this.thread = new Thread(this::loop, "connection-flood");
        thread.setDaemon(true);
    }

    public void start() {
        for (int i = 0; i < idle + slow; i++) {
            attackers.add(new Attacker(sources.get(i % sources.size()), i >= idle));
        }
        thread.start();
    }

    /** Connections opened so far (first opens and reopens). */
    public long opened() {
        return opened.get();
    }

    /** Connections the server closed (each was reopened). */
    public long closedByServer() {
        return closedByServer.get();
    }

    /** Connects that failed (refused, reset or timed out) and were retried. */
    public long failedConnects() {
        return failedConnects.get();
    }

    /** Sockets connected right now. */
    public int openNow() {
        return openNow;
    }

    private void loop() {
        ByteBuffer sink = ByteBuffer.allocate(4096);
        for (Attacker a : attackers) {
            open(a);
        }
        while (running) {
            try {
                selector.select(50);
            } catch (IOException e) {
                return;
            }
            for (SelectionKey key : selector.selectedKeys()) {
                Attacker a = (Attacker) key.attachment();
                try {
                    if (key.isValid() && key.isConnectable()) {
                        a.channel.finishConnect();
                        openNow++;
                        key.interestOps(SelectionKey.OP_READ);
                        if (a.slow) {
                            a.channel.write(ByteBuffer.wrap(SLOW_HEAD));
                            a.nextTrickle = System.nanoTime() + TRICKLE_MILLIS * 1_000_000;
                        }
                    } else if (key.isValid() && key.isReadable()) {
                        sink.clear();
                        if (a.channel.read(sink) < 0) {
                            closedByServer.incrementAndGet();
                            reopen(a, true);
                        }
                    }
                } catch (IOException e) {
                    reopen(a, key.interestOps() == SelectionKey.OP_READ);
                }
            }
            selector.selectedKeys().clear();
            long now = System.nanoTime();
            for (Attacker a : attackers) {
                if (a.channel == null && now >= a.reopenAt) {
                    open(a);
                } else if (a.slow && a.channel != null && a.nextTrickle != 0 && now >= a.nextTrickle) {
                    a.nextTrickle = now + TRICKLE_MILLIS * 1_000_000;
                    try {
                        a.channel.write(ByteBuffer.wrap(new byte[] {'x'}));
                    } catch (IOException e) {
                        closedByServer.incrementAndGet();
                        reopen(a, true);
                    }
                }
            }
        }
        for (Attacker a : attackers) {
            closeQuietly(a.channel);
        }
    }

    private void open(Attacker a) {
        a.nextTrickle = 0;
        try {
            SocketChannel c = SocketChannel.open();
            a.channel = c;
            c.configureBlocking(false);
            c.bind(new InetSocketAddress(a.source, 0));
            opened.incrementAndGet();
            if (c.connect(target)) {
                openNow++;
                c.register(selector, SelectionKey.OP_READ, a);
            } else {
                c.register(selector, SelectionKey.OP_CONNECT, a);
            }
        } catch (IOException e) {
            failedConnects.incrementAndGet();
            closeQuietly(a.channel);
            a.channel = null;
            a.reopenAt = System.nanoTime() + 100_000_000L;
        }
    }

    /** Closes and opens again at once; after a failed connect, a tenth of a second later. */
    private void reopen(Attacker a, boolean wasConnected) {
        if (wasConnected) {
            openNow--;
        } else {
            failedConnects.incrementAndGet();
        }
        closeQuietly(a.channel);
        a.channel = null;
        if (wasConnected) {
            open(a);
        } else {
            a.reopenAt = System.nanoTime() + 100_000_000L;
        }
    }

    private static void closeQuietly(SocketChannel c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing a socket we no longer use
            }
        }
    }

    @Override
    public void close() throws IOException {
        running = false;
        selector.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        selector.close();
    }

    /** Probe results: the latency of each probe in milliseconds, or -1 for one that failed. */
    public record Probes(long[] millis) {
        public int failures() {
            return (int) Arrays.stream(millis).filter(m -> m < 0).count();
        }

        public double successRate() {
            return millis.length == 0 ? 0 : 1.0 - (double) failures() / millis.length;
        }

        /** The p-th percentile (0-100) of all probes, a failure counting as the deadline. */
        public long percentile(double p, long deadlineMillis) {
            long[] sorted = Arrays.stream(millis)
                    .map(m -> m < 0 ? deadlineMillis : m)
                    .sorted()
                    .toArray();
            int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
        }

        public String summary(long deadlineMillis) {
            return String.format(
                    "probes %d, success %.1f %%, latency ms p50 %d p90 %d p99 %d max %d",
                    millis.length,
                    successRate() * 100,
                    percentile(50, deadlineMillis),
                    percentile(90, deadlineMillis),
                    percentile(99, deadlineMillis),
                    percentile(100, deadlineMillis));
        }
    }

    /**
     * {@code count} fresh requests one after another, {@code gapMillis} apart, as a health checker makes
     * them: connect, {@code GET path}, read the status line; one that takes longer than
     * {@code deadlineMillis} in all (connect included, like {@code curl -m 2}) or does not answer
     * {@code expectStatus} (any status when it is 0) failed.
     */
    public static Probes probe(
            InetSocketAddress target,
            InetAddress source,
            String path,
            int count,
            long gapMillis,
            long deadlineMillis,
            int expectStatus)
            throws InterruptedException {
        long[] out = new long[count];
        for (int i = 0; i < count; i++) {
            out[i] = probeOnce(target, source, path, deadlineMillis, expectStatus);
            Thread.sleep(gapMillis);
        }
        return new Probes(out);
    }

    static long probeOnce(
            InetSocketAddress target, InetAddress source, String path, long deadlineMillis, int expectStatus) {
        long start = System.nanoTime();
        try (Socket s = new Socket()) {
            if (source != null) {
                s.bind(new InetSocketAddress(source, 0));
            }
            s.connect(target, (int) deadlineMillis);
            long left = deadlineMillis - (System.nanoTime() - start) / 1_000_000;
            if (left <= 0) {
                return -1;
            }
            s.setSoTimeout((int) left);
            s.getOutputStream()
                    .write(("GET " + path + " HTTP/1.1\r\nHost: " + target.getHostString() + ":" + target.getPort()
                                    + "\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            String status = statusLine(s.getInputStream());
            long millis = (System.nanoTime() - start) / 1_000_000;
            boolean expected = expectStatus <= 0
                    ? status.startsWith("HTTP/1.1 ")
                    : status.startsWith("HTTP/1.1 " + expectStatus + " ");
            return expected && millis <= deadlineMillis ? millis : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    private static String statusLine(InputStream in) throws IOException {
        var b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            b.append((char) c);
        }
        return b.toString();
    }

    /**
     * {@code java ConnectionFlood HOST:PORT IDLE SLOW PROBES SOURCE...}: floods, waits until every socket
     * was opened once, probes {@code /health} (any status: a living listener is what is measured), prints
     * one line of figures and keeps the flood up for {@code HOLD_SECONDS} (env, default 0) so that a caller
     * can sample the server meanwhile.
     */
    public static void main(String[] args) throws Exception {
        String[] hp = args[0].split(":");
        var target = new InetSocketAddress(hp[0], Integer.parseInt(hp[1]));
        int idle = Integer.parseInt(args[1]);
        int slow = Integer.parseInt(args[2]);
        int probes = Integer.parseInt(args[3]);
        List<InetAddress> sources = new ArrayList<>();
        for (int i = 4; i < args.length; i++) {
            sources.add(InetAddress.getByName(args[i]));
        }
        try (var flood = new ConnectionFlood(target, sources, idle, slow)) {
            flood.start();
            while (flood.opened() < idle + slow) {
                Thread.sleep(50);
            }
            Thread.sleep(2 * TRICKLE_MILLIS);
            Probes p = probe(target, null, "/health", probes, 20, 2000, 0);
            System.out.println(p.summary(2000) + "; flood opened " + flood.opened() + ", closed by server "
                    + flood.closedByServer() + ", failed connects " + flood.failedConnects());
            System.out.flush();
            long hold = Long.parseLong(System.getenv().getOrDefault("HOLD_SECONDS", "0"));
            Thread.sleep(hold * 1000);
        }
    }
}
