package dev.failberry.ppp;

import dev.failberry.config.HostPort;
import dev.failberry.http.client.BoundHttpClient;
import dev.failberry.ppp.ProbeResult.Check;
import dev.failberry.time.TimeSource;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One round of probes from one source address: every TCP target is connected to at the same time
 * (non-blocking connects on one selector, so a round of dead targets takes {@code timeout}, not
 * {@code timeout} per target, and needs no thread per target), then the optional HTTP 204 check. Blocking
 * I/O: runs on a probe thread, never on the scheduler's.
 */
final class RoundChecks {
    private RoundChecks() {}

    static List<Check> run(
            List<HostPort> targets,
            Optional<URI> httpUrl,
            InetAddress from,
            SourceBinding binding,
            Duration timeout,
            TimeSource clock) {
        List<Check> checks = new ArrayList<>(tcp(targets, from, binding, timeout, clock));
        httpUrl.ifPresent(url -> checks.add(http(url, from, binding, timeout, clock)));
        return checks;
    }

    private static List<Check> tcp(
            List<HostPort> targets, InetAddress from, SourceBinding binding, Duration timeout, TimeSource clock) {
        int n = targets.size();
        Check[] out = new Check[n];
        if (n == 0) {
            return List.of();
        }
        SocketChannel[] channels = new SocketChannel[n];
        long[] started = new long[n];
        long deadline = clock.nanoTime() + timeout.toNanos();
        try (Selector selector = Selector.open()) {
            int pending = 0;
            for (int i = 0; i < n; i++) {
                HostPort t = targets.get(i);
                try {
                    // a name is resolved here, on the probe thread (the JDK caches answers for 30 s)
                    InetSocketAddress to = new InetSocketAddress(t.host(), t.port());
                    if (to.isUnresolved()) {
                        out[i] = failed(t, "cannot resolve " + t.host());
                        continue;
                    }
                    channels[i] = binding.boundChannel(from);
                    started[i] = clock.nanoTime();
                    if (channels[i].connect(to)) {
                        out[i] = new Check(t.toString(), true, Duration.ofNanos(clock.nanoTime() - started[i]), null);
                    } else {
                        channels[i].register(selector, SelectionKey.OP_CONNECT, i);
                        pending++;
                    }
                } catch (IOException | RuntimeException e) {
                    out[i] = failed(t, message(e));
                }
            }
            while (pending > 0) {
                long left = deadline - clock.nanoTime();
                if (left <= 0) {
                    break;
                }
                selector.select(Math.max(1, left / 1_000_000));
                for (SelectionKey key : selector.selectedKeys()) {
                    int i = (Integer) key.attachment();
                    key.cancel();
                    pending--;
                    try {
                        channels[i].finishConnect();
                        out[i] = new Check(
                                targets.get(i).toString(), true, Duration.ofNanos(clock.nanoTime() - started[i]), null);
                    } catch (IOException | RuntimeException e) {
                        out[i] = failed(targets.get(i), message(e));
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            for (int i = 0; i < n; i++) {
                if (out[i] == null) {
                    out[i] = failed(targets.get(i), "cannot probe: " + message(e));
                }
            }
        } finally {
            for (SocketChannel c : channels) {
                close(c);
            }
        }
        for (int i = 0; i < n; i++) {
            if (out[i] == null) {
                out[i] = failed(targets.get(i), "no answer within " + timeout.toMillis() + " ms");
            }
        }
        return List.of(out);
    }

    private static Check http(URI url, InetAddress from, SourceBinding binding, Duration timeout, TimeSource clock) {
        long start = clock.nanoTime();
        try {
            var response = new BoundHttpClient(timeout).get(url, Optional.of(binding.sourceFor(from)));
            if (response.status() != 204) {
                return new Check(url.toString(), false, null, "HTTP " + response.status() + " instead of 204");
            }
            return new Check(url.toString(), true, Duration.ofNanos(clock.nanoTime() - start), null);
        } catch (IOException | RuntimeException e) {
            return new Check(url.toString(), false, null, message(e));
        }
    }

    private static Check failed(HostPort target, String error) {
        return new Check(target.toString(), false, null, error);
    }

    private static String message(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static void close(SocketChannel c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // nothing was sent on it
            }
        }
    }
}
