package dev.failberry.http;

import dev.failberry.config.FailberryConfig;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.GracefulShutdownHandler;
import java.net.InetSocketAddress;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.OptionMap;
import org.xnio.Options;

/**
 * The two HTTP listeners on one small Undertow server (one I/O thread, two worker threads): the public
 * health listener and the loopback admin listener, each with its own root handler so that nothing but
 * {@code /health} is reachable from outside. Limits: request head size, request-parse and idle timeouts,
 * a connection cap set as a server socket option (where XNIO actually reads it), no HTTP/2, no server
 * banner. The Host header check (present on HTTP/1.1, only one, well formed, else 400) is Undertow's own:
 * since 2.3.x its {@code HttpReadListener} wraps every root handler in {@code HostHeaderHandler}, so
 * wrapping it again here only ran the same regular expression twice per request (measured: about 8 % of
 * the health listener's throughput).
 */
public final class HttpListeners implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpListeners.class);

    private final Undertow server;
    private final GracefulShutdownHandler publicRoot;
    private final GracefulShutdownHandler adminRoot;

    public HttpListeners(FailberryConfig.Health health, FailberryConfig.Admin admin, HttpHandler healthHandler,
                         HttpHandler adminHandler) {
        this.publicRoot = new GracefulShutdownHandler(healthHandler);
        this.adminRoot = new GracefulShutdownHandler(adminHandler);
        OptionMap publicSocket = OptionMap.builder()
                .set(Options.CONNECTION_HIGH_WATER, health.maxConnections())
                .set(Options.CONNECTION_LOW_WATER, Math.max(1, health.maxConnections() * 9 / 10))
                .set(Options.BACKLOG, 128)
                .getMap();
        OptionMap adminSocket = OptionMap.builder()
                .set(Options.CONNECTION_HIGH_WATER, 16)
                .set(Options.CONNECTION_LOW_WATER, 14)
                .getMap();
        this.server = Undertow.builder()
                .setIoThreads(1)
                .setWorkerThreads(2)
                .setBufferSize(4096)
                .setDirectBuffers(false)
                .setServerOption(UndertowOptions.ENABLE_HTTP2, false)
                .setServerOption(UndertowOptions.MAX_HEADER_SIZE, health.maxHeaderSize())
                .setServerOption(UndertowOptions.MAX_HEADERS, 64)
                .setServerOption(UndertowOptions.MAX_PARAMETERS, 16)
                .setServerOption(UndertowOptions.MAX_COOKIES, 16)
                .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, 64L * 1024)
                .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, (int) health.requestTimeout().toMillis())
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, (int) health.idleTimeout().toMillis())
                .setServerOption(UndertowOptions.IDLE_TIMEOUT, (int) health.idleTimeout().toMillis())
                .setServerOption(UndertowOptions.ALWAYS_SET_DATE, false)
                .setServerOption(UndertowOptions.RECORD_REQUEST_START_TIME, false)
                .setWorkerOption(Options.WORKER_NAME, "failberry-http")
                .addListener(new Undertow.ListenerBuilder().setType(Undertow.ListenerType.HTTP)
                        .setHost(health.bind()).setPort(health.port()).setRootHandler(publicRoot)
                        .setOverrideSocketOptions(publicSocket))
                .addListener(new Undertow.ListenerBuilder().setType(Undertow.ListenerType.HTTP)
                        .setHost(admin.bind()).setPort(admin.port()).setRootHandler(adminRoot)
                        .setOverrideSocketOptions(adminSocket))
                .build();
    }

    public void start() {
        server.start();
        log.info("health listener on {}, admin listener on {}", publicAddress(), adminAddress());
    }

    public InetSocketAddress publicAddress() {
        return address(0);
    }

    public InetSocketAddress adminAddress() {
        return address(1);
    }

    private InetSocketAddress address(int index) {
        List<Undertow.ListenerInfo> infos = server.getListenerInfo();
        return (InetSocketAddress) infos.get(index).getAddress();
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
        server.stop();
    }
}
