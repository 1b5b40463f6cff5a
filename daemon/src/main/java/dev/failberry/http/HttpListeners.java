package dev.failberry.http;

import dev.failberry.config.FailberryConfig;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.connector.ByteBufferPool;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.GracefulShutdownHandler;
import io.undertow.server.protocol.http.HttpOpenListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.Xnio;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptingChannel;

/**
 * The two HTTP listeners on one small XNIO worker (one I/O thread, two worker threads): the public
 * health listener and the loopback admin listener, each with its own root handler so that nothing but
 * {@code /health} is reachable from outside. Assembled from Undertow's parts rather than with
 * {@code Undertow.builder()}, because the builder offers no hook between accept and HTTP: each listener's
 * accept handler is a {@link ConnectionGuard}, which keeps it answering fresh requests under thousands
 * of idle or slow connections (per-address and total limits that close the least recently used idle
 * connection instead of refusing new ones, a first-request deadline). Also: request head size,
 * request-parse and idle timeouts, no HTTP/2, no server banner. The Host header check (present on
 * HTTP/1.1, only one, well formed, else 400) is Undertow's own: its {@code HttpReadListener} wraps every
 * root handler in {@code HostHeaderHandler}.
 */
public final class HttpListeners implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpListeners.class);
    /** Connections the admin listener holds at most; it is loopback-only, so one address. */
    static final int ADMIN_CONNECTIONS = 16;
    /**
     * Kernel accept queue of each listener. Accepting never stops (the guard closes instead), but a client
     * that reopens every socket we close keeps up to one connect per socket in flight; a queue shorter than
     * that drops SYNs, and a dropped SYN costs a checker a one-second retransmit (measured: 511 overflows
     * with 1,024 under the 2,000-socket flood, none with 4,096). Linux caps it at
     * {@code net.core.somaxconn} (4,096 by default since kernel 5.4); the queue costs memory only when full.
     */
    static final int BACKLOG = 4096;
    /** jboss-logging's system property naming its back-end ({@link #prepare()}). */
    static final String JBOSS_LOGGING_PROVIDER = "org.jboss.logging.provider";

    private final FailberryConfig.Health health;
    private final FailberryConfig.Admin admin;
    private final GracefulShutdownHandler publicRoot;
    private final GracefulShutdownHandler adminRoot;
    private final ConnectionGuard publicGuard;
    private final ConnectionGuard adminGuard;
    private XnioWorker worker;
    private AcceptingChannel<StreamConnection> publicServer;
    private AcceptingChannel<StreamConnection> adminServer;

    public HttpListeners(
            FailberryConfig.Health health,
            FailberryConfig.Admin admin,
            HttpHandler healthHandler,
            HttpHandler adminHandler) {
        this.health = health;
        this.admin = admin;
        this.publicRoot = new GracefulShutdownHandler(healthHandler);
        this.adminRoot = new GracefulShutdownHandler(adminHandler);
        ByteBufferPool buffers = new DefaultByteBufferPool(false, 4096, -1, 4);
        OptionMap options = OptionMap.builder()
                .set(UndertowOptions.BUFFER_PIPELINED_DATA, true)
                .set(UndertowOptions.ENABLE_HTTP2, false)
                .set(UndertowOptions.MAX_HEADER_SIZE, health.maxHeaderSize())
                .set(UndertowOptions.MAX_HEADERS, 64)
                .set(UndertowOptions.MAX_PARAMETERS, 16)
                .set(UndertowOptions.MAX_COOKIES, 16)
                .set(UndertowOptions.MAX_ENTITY_SIZE, 64L * 1024)
                .set(UndertowOptions.REQUEST_PARSE_TIMEOUT, (int)
                        health.requestTimeout().toMillis())
                .set(UndertowOptions.NO_REQUEST_TIMEOUT, (int)
                        health.idleTimeout().toMillis())
                .set(UndertowOptions.IDLE_TIMEOUT, (int) health.idleTimeout().toMillis())
                .set(UndertowOptions.ALWAYS_SET_DATE, false)
                .set(UndertowOptions.RECORD_REQUEST_START_TIME, false)
                .getMap();
        var publicOpen = new HttpOpenListener(buffers, options);
        var adminOpen = new HttpOpenListener(buffers, options);
        this.publicGuard = new ConnectionGuard(
                "health",
                new ConnectionGuard.Limits(
                        health.maxConnections(), health.maxConnectionsPerAddress(), health.requestTimeout()),
                publicOpen);
        // Loopback only: every client has the same address, so there is no per-address limit; when all 16
        // are taken, the least recently used idle one makes room (and `status` always gets in).
        this.adminGuard = new ConnectionGuard(
                "admin",
                new ConnectionGuard.Limits(ADMIN_CONNECTIONS, ADMIN_CONNECTIONS, health.requestTimeout()),
                adminOpen);
        publicOpen.setRootHandler(publicGuard.track(publicRoot));
        adminOpen.setRootHandler(adminGuard.track(adminRoot));
    }

    /**
     * Loads and initialises the HTTP stack, which needs no configuration: jboss-logging's choice of
     * back-end and XNIO's provider. {@code failberry run} calls it on a second thread while the main one
     * reads the configuration; {@link #start()} does whatever is left. Safe to call more than once.
     *
     * <p>jboss-logging (XNIO's and Undertow's logging facade) is told to use SLF4J, where it would end up
     * anyway: looking for JBoss LogManager first, it initialises {@code java.util.logging} (about 80
     * classes and the JDK's logging.properties) for nothing. An administrator's own
     * {@code org.jboss.logging.provider} is left alone.
     */
    public static void prepare() {
        if (System.getProperty(JBOSS_LOGGING_PROVIDER) == null) {
            System.setProperty(JBOSS_LOGGING_PROVIDER, "slf4j");
        }
        NoPlatformMBeans.during(() -> Xnio.getInstance(Undertow.class.getClassLoader()));
    }

    /** Binds both listeners; throws (after cleaning up) when one cannot bind, e.g. a port in use. */
    public void start() {
        prepare();
        try {
            worker = NoPlatformMBeans.during(() -> {
                try {
                    return Xnio.getInstance(Undertow.class.getClassLoader())
                            .createWorker(OptionMap.builder()
                                    .set(Options.WORKER_IO_THREADS, 1)
                                    .set(Options.WORKER_TASK_CORE_THREADS, 2)
                                    .set(Options.WORKER_TASK_MAX_THREADS, 2)
                                    .set(Options.TCP_NODELAY, true)
                                    .set(Options.CORK, true)
                                    .set(Options.WORKER_NAME, "failberry-http")
                                    .getMap());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            OptionMap socket = OptionMap.builder()
                    .set(Options.TCP_NODELAY, true)
                    .set(Options.REUSE_ADDRESSES, true)
                    .set(Options.BACKLOG, BACKLOG)
                    .getMap();
            publicServer = bind(worker, "health", health.bind(), health.port(), publicGuard, socket);
            adminServer = bind(worker, "admin", admin.bind(), admin.port(), adminGuard, socket);
        } catch (IOException e) {
            stopWorker(Duration.ZERO);
            throw new UncheckedIOException(e);
        }
        publicServer.resumeAccepts();
        adminServer.resumeAccepts();
        log.info("health listener on {}, admin listener on {}", publicAddress(), adminAddress());
    }

    /** Binds one listener; a failure names the listener and its address (the JDK's message does not). */
    private static AcceptingChannel<StreamConnection> bind(
            XnioWorker worker, String name, String host, int port, ConnectionGuard guard, OptionMap socket)
            throws IOException {
        try {
            return worker.createStreamConnectionServer(
                    new InetSocketAddress(InetAddress.getByName(host), port), guard, socket);
        } catch (java.net.BindException e) {
            throw new java.net.BindException(name + " listener " + host + ":" + port + ": " + e.getMessage());
        }
    }

    public InetSocketAddress publicAddress() {
        return publicServer.getLocalAddress(InetSocketAddress.class);
    }

    public InetSocketAddress adminAddress() {
        return adminServer.getLocalAddress(InetSocketAddress.class);
    }

    /** The public listener's connection counts (tests, bench). */
    ConnectionGuard.Counts publicCounts() {
        return publicGuard.counts();
    }

    /** The admin listener's connection counts (tests). */
    ConnectionGuard.Counts adminCounts() {
        return adminGuard.counts();
    }

    /** Stops accepting, lets in-flight requests finish (up to one second), then closes. */
    @Override
    public void close() {
        publicRoot.shutdown();
        adminRoot.shutdown();
        try {
            publicRoot.awaitShutdown(1000);
            adminRoot.awaitShutdown(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stopWorker(Duration.ofSeconds(2));
    }

    private void stopWorker(Duration wait) {
        IoUtils.safeClose(publicServer);
        IoUtils.safeClose(adminServer);
        if (worker == null) {
            return;
        }
        worker.shutdown();
        try {
            if (!worker.awaitTermination(wait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            worker.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
