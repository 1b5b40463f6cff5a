package dev.failberry.http;

import io.undertow.server.AbstractServerConnection;
import io.undertow.server.ExchangeCompletionListener;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.XnioExecutor;
import org.xnio.channels.AcceptingChannel;

/**
 * Keeps a listener answering fresh requests however many idle or slow connections other clients hold
 * (issue 21: 600 idle sockets took {@code /health} offline, because the listener stopped accepting at its
 * connection cap and new clients queued in the kernel behind connections that sat 10 s waiting for a
 * first request). It is the listener's accept handler, and it never stops accepting; instead:
 * <ul>
 * <li>An address (an IPv6 client: its /64, which one host owns whole) holds at most {@code perAddress}
 *     connections; further ones from it are closed at once. One house or one attacker can only crowd
 *     itself out, and closing right after accept is the cheapest answer to a client that reopens every
 *     socket we close (no HTTP state is built for it).</li>
 * <li>All clients together hold at most {@code total}. Past that, a connection from an address that
 *     holds fewer than the average of the addresses holding any gets in by closing the least recently
 *     used idle connection of anyone (an idle keep-alive connection that has not sent a request for a
 *     while goes first; a fresh checker connection, the most recent, last); one from an address that
 *     holds its share or more is closed at once. So dozens of addresses that fill the listener still
 *     cannot keep out a Route53 checker (which holds one connection or two: its checks of both records
 *     may overlap), and their reconnects cost an accept and a close each, not an HTTP connection set up
 *     and torn down.</li>
 * <li>A connection that has not completed a request within {@code firstRequest} of its accept is
 *     closed (Undertow's own timers only start at the first byte, or wait the keep-alive idle time), so
 *     the connections an address may hold turn over every {@code firstRequest} at the latest.</li>
 * <li>A connection whose request is being handled (an admin operation on a worker thread) is never
 *     closed to make room; when every connection is busy, the new one is closed.</li>
 * </ul>
 * Counts are exact: XNIO calls every close listener set on a connection (it chains them), Undertow's
 * included.
 *
 * <p>Threading: accept, request start and the deadline run on the listener's I/O thread; a request's
 * end and a close may run on a worker thread, so the bookkeeping is synchronized (uncontended: one I/O
 * thread).
 */
final class ConnectionGuard implements ChannelListener<AcceptingChannel<StreamConnection>> {
    private static final Logger log = LoggerFactory.getLogger(ConnectionGuard.class);
    private static final long REPORT_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    /**
     * @param total        connections held at most by all clients together
     * @param perAddress   connections held at most by one address (IPv6: one /64); {@code total} or more
     *                     for a listener whose clients all share one address (the loopback admin
     *                     listener): then, when full, any newcomer closes the least recently used idle one
     * @param firstRequest time from accept to a complete first request
     */
    record Limits(int total, int perAddress, Duration firstRequest) {
        Limits {
            if (total < 1 || perAddress < 1 || firstRequest.isNegative() || firstRequest.isZero()) {
                throw new IllegalArgumentException(
                        "bad connection limits " + total + "/" + perAddress + "/" + firstRequest);
            }
        }

        /** True when clients are not told apart by address (see {@code perAddress}). */
        boolean oneAddress() {
            return perAddress >= total;
        }
    }

    /** What the guard did so far; for tests, the metrics and the log line. */
    record Counts(
            int open, long accepted, long refusedForAddress, long closedForTotal, long refused, long noFirstRequest) {}

    /** One connection, in the list of all connections, least recently used first. */
    private static final class Entry {
        final StreamConnection connection;
        final Object address;
        boolean busy;
        boolean requested;
        XnioExecutor.Key deadline;
        Entry prev;
        Entry next;

        Entry(StreamConnection connection, Object address) {
            this.connection = connection;
            this.address = address;
        }
    }

    private final String name;
    private final Limits limits;
    private final ChannelListener<StreamConnection> next;
    private final Map<StreamConnection, Entry> entries = new HashMap<>();
    private final Map<Object, Integer> perAddress = new HashMap<>();
    private final ChannelListener<StreamConnection> onClose = this::closed;
    private final ExchangeCompletionListener onComplete = (exchange, nextListener) -> {
        finished(channelOf(exchange));
        nextListener.proceed();
    };
    private Entry first;
    private Entry last;
    private long accepted;
    private long refusedForAddress;
    private long closedForTotal;
    private long refused;
    private long noFirstRequest;
    private long reportedAt = System.nanoTime() - REPORT_EVERY_NANOS;
    private long closedSinceReport;

    /**
     * @param name a word for the log ({@code health}, {@code admin})
     * @param next where admitted connections go (Undertow's {@code HttpOpenListener})
     */
    ConnectionGuard(String name, Limits limits, ChannelListener<StreamConnection> next) {
        this.name = name;
        this.limits = limits;
        this.next = next;
    }

    /** Wraps the listener's root handler so that requests mark their connection used and busy. */
    HttpHandler track(HttpHandler handler) {
        return exchange -> {
            StreamConnection c = channelOf(exchange);
            if (c != null && started(c)) {
                exchange.addExchangeCompleteListener(onComplete);
            }
            handler.handleRequest(exchange);
        };
    }

    private static StreamConnection channelOf(HttpServerExchange exchange) {
        return exchange.getConnection() instanceof AbstractServerConnection a ? a.getChannel() : null;
    }

    @Override
    public void handleEvent(AcceptingChannel<StreamConnection> server) {
        StreamConnection c;
        try {
            c = server.accept();
        } catch (IOException e) {
            log.debug("{} listener: accept failed: {}", name, e.toString());
            return;
        }
        if (c != null) {
            admit(c);
        }
    }

    private void admit(StreamConnection c) {
        Object address = addressKey(c.getPeerAddress());
        Entry victim = null;
        Entry admitted = null;
        synchronized (this) {
            accepted++;
            int fromAddress = perAddress.getOrDefault(address, 0);
            if (fromAddress >= limits.perAddress() && !limits.oneAddress()) {
                refusedForAddress++;
                report(address, fromAddress);
            } else {
                if (entries.size() >= limits.total()) {
                    victim = limits.oneAddress() || belowAverage(fromAddress) ? oldestIdle() : null;
                    if (victim == null) {
                        refused++;
                    } else {
                        closedForTotal++;
                        unlink(victim);
                    }
                    report(address, fromAddress);
                }
                if (entries.size() < limits.total()) {
                    Entry e = new Entry(c, address);
                    link(e);
                    e.deadline = c.getIoThread()
                            .executeAfter(
                                    () -> firstRequestDue(e),
                                    limits.firstRequest().toMillis(),
                                    TimeUnit.MILLISECONDS);
                    admitted = e;
                }
            }
        }
        if (victim != null) {
            IoUtils.safeClose(victim.connection);
        }
        if (admitted == null) {
            IoUtils.safeClose(c);
            return;
        }
        c.setCloseListener(onClose);
        next.handleEvent(c);
    }

    /** Logs at most once a minute while limits close connections, with the count since the last line. */
    private void report(Object address, int fromAddress) {
        closedSinceReport++;
        long now = System.nanoTime();
        if (now - reportedAt >= REPORT_EVERY_NANOS) {
            if (limits.oneAddress()) {
                log.warn(
                        "{} listener: all {} connections taken; closing the least recently used idle one for each "
                                + "new one ({} since the last such line)",
                        name,
                        limits.total(),
                        closedSinceReport);
            } else {
                log.warn(
                        "{} listener: {} connections open, {} from {}; closing new ones beyond {} per address, "
                                + "and beyond {} in all those of addresses holding their share ({} closed since the "
                                + "last such line)",
                        name,
                        entries.size(),
                        fromAddress,
                        describe(address),
                        limits.perAddress(),
                        limits.total(),
                        closedSinceReport);
            }
            reportedAt = now;
            closedSinceReport = 0;
        }
    }

    private static String describe(Object key) {
        return key instanceof Long prefix
                ? String.format(
                        "%x:%x:%x:%x::/64",
                        (prefix >>> 48) & 0xffff, (prefix >>> 32) & 0xffff, (prefix >>> 16) & 0xffff, prefix & 0xffff)
                : key instanceof InetAddress a ? a.getHostAddress() : String.valueOf(key);
    }

    /** Whether an address holding {@code held} holds less than the average of those that hold any. */
    private boolean belowAverage(int held) {
        return (long) held * perAddress.size() < entries.size();
    }

    private Entry oldestIdle() {
        for (Entry e = first; e != null; e = e.next) {
            if (!e.busy) {
                return e;
            }
        }
        return null;
    }

    private boolean started(StreamConnection c) {
        synchronized (this) {
            Entry e = entries.get(c);
            if (e == null) {
                return false;
            }
            e.requested = true;
            e.busy = true;
            if (e.deadline != null) {
                e.deadline.remove();
                e.deadline = null;
            }
            moveToEnd(e);
            return true;
        }
    }

    private void finished(StreamConnection c) {
        synchronized (this) {
            Entry e = entries.get(c);
            if (e != null) {
                e.busy = false;
                moveToEnd(e);
            }
        }
    }

    private void closed(StreamConnection c) {
        synchronized (this) {
            Entry e = entries.get(c);
            if (e != null) {
                unlink(e);
            }
        }
    }

    private void firstRequestDue(Entry e) {
        synchronized (this) {
            e.deadline = null;
            if (e.requested || entries.get(e.connection) != e) {
                return;
            }
            noFirstRequest++;
        }
        log.debug(
                "{} listener: no request from {} within {} ms; closing",
                name,
                e.connection.getPeerAddress(),
                limits.firstRequest().toMillis());
        IoUtils.safeClose(e.connection);
    }

    synchronized Counts counts() {
        return new Counts(entries.size(), accepted, refusedForAddress, closedForTotal, refused, noFirstRequest);
    }

    // ---- the list of connections, most recently used last -----------------------------------------

    private void link(Entry e) {
        entries.put(e.connection, e);
        perAddress.merge(e.address, 1, Integer::sum);
        append(e);
    }

    private void append(Entry e) {
        e.prev = last;
        e.next = null;
        if (last == null) {
            first = e;
        } else {
            last.next = e;
        }
        last = e;
    }

    private void unlink(Entry e) {
        entries.remove(e.connection);
        perAddress.computeIfPresent(e.address, (k, n) -> n == 1 ? null : n - 1);
        detach(e);
        if (e.deadline != null) {
            e.deadline.remove();
            e.deadline = null;
        }
    }

    /** Marks {@code e} the most recently used. */
    private void moveToEnd(Entry e) {
        if (last != e) {
            detach(e);
            append(e);
        }
    }

    private void detach(Entry e) {
        if (e.prev == null) {
            first = e.next;
        } else {
            e.prev.next = e.next;
        }
        if (e.next == null) {
            last = e.prev;
        } else {
            e.next.prev = e.prev;
        }
        e.prev = e.next = null;
    }

    /**
     * What counts as one client: an IPv4 address, or the /64 of an IPv6 address (a host gets a whole /64
     * and can use any address in it). IPv4-mapped addresses arrive as IPv4 from the JDK.
     */
    static Object addressKey(SocketAddress peer) {
        if (peer instanceof InetSocketAddress isa && isa.getAddress() != null) {
            InetAddress a = isa.getAddress();
            if (a instanceof Inet6Address) {
                return ByteBuffer.wrap(a.getAddress(), 0, 8).getLong();
            }
            return a;
        }
        return "unknown";
    }
}
