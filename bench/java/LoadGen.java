import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The fallback load generator when wrk is not installed: CONNECTIONS keep-alive HTTP/1.1 connections on
 * loopback, each on its own thread, sending GET PATH back to back for SECONDS (after a 1 s warm-up that
 * is not counted). Prints one line: requests, rps, p50/p99/max latency in ms, errors.
 * Usage: java LoadGen HOST PORT PATH CONNECTIONS SECONDS
 */
public final class LoadGen {
    /** Latency histogram: 10 us buckets up to 1 s, everything slower in the last bucket. */
    private static final int BUCKETS = 100_001;

    private LoadGen() {}

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        String path = args[2];
        int connections = Integer.parseInt(args[3]);
        long seconds = Long.parseLong(args[4]);
        byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port
                        + "\r\nUser-Agent: failberry-bench\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        long start = System.nanoTime();
        long measureFrom = start + 1_000_000_000L;
        long end = measureFrom + seconds * 1_000_000_000L;
        AtomicLong errors = new AtomicLong();
        List<long[]> histograms = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            long[] h = new long[BUCKETS];
            histograms.add(h);
            Thread t = new Thread(() -> run(host, port, request, measureFrom, end, h, errors), "load-" + i);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        long[] all = new long[BUCKETS];
        for (long[] h : histograms) {
            for (int i = 0; i < BUCKETS; i++) {
                all[i] += h[i];
            }
        }
        long n = 0;
        int max = 0;
        for (int i = 0; i < BUCKETS; i++) {
            n += all[i];
            if (all[i] > 0) {
                max = i;
            }
        }
        System.out.printf(
                "requests=%d rps=%.0f p50_ms=%.3f p99_ms=%.3f max_ms=%.3f errors=%d%n",
                n, n / (double) seconds, percentile(all, n, 0.50), percentile(all, n, 0.99), max / 100.0, errors.get());
    }

    private static double percentile(long[] h, long n, double p) {
        long rank = (long) Math.ceil(p * n);
        long seen = 0;
        for (int i = 0; i < h.length; i++) {
            seen += h[i];
            if (seen >= rank && rank > 0) {
                return i / 100.0;
            }
        }
        return 0;
    }

    private static void run(
            String host, int port, byte[] request, long measureFrom, long end, long[] h, AtomicLong errors) {
        while (System.nanoTime() < end) {
            try (Socket s = new Socket()) {
                s.setTcpNoDelay(true);
                s.connect(new InetSocketAddress(host, port), 2000);
                s.setSoTimeout(5000);
                OutputStream out = s.getOutputStream();
                InputStream in = new BufferedInputStream(s.getInputStream(), 4096);
                while (true) {
                    long t0 = System.nanoTime();
                    if (t0 >= end) {
                        return;
                    }
                    out.write(request);
                    out.flush();
                    boolean keepAlive = readResponse(in);
                    long t1 = System.nanoTime();
                    if (t0 >= measureFrom) {
                        h[(int) Math.min(BUCKETS - 1, (t1 - t0) / 10_000)]++;
                    }
                    if (!keepAlive) {
                        break;
                    }
                }
            } catch (IOException e) {
                errors.incrementAndGet();
            }
        }
    }

    /** Reads one response (status line, headers, Content-Length body); returns whether the connection stays open. */
    private static boolean readResponse(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int contentLength = 0;
        boolean keepAlive = true;
        boolean first = true;
        while (true) {
            line.setLength(0);
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) {
                    throw new IOException("connection closed mid-response");
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            if (line.length() == 0) {
                break;
            }
            String l = line.toString();
            if (first) {
                first = false;
                if (!l.startsWith("HTTP/1.1 ")) {
                    throw new IOException("bad status line: " + l);
                }
                continue;
            }
            int colon = l.indexOf(':');
            if (colon > 0) {
                String name = l.substring(0, colon).trim();
                String value = l.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("Content-Length")) {
                    contentLength = Integer.parseInt(value);
                } else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) {
                    keepAlive = false;
                }
            }
        }
        for (int i = 0; i < contentLength; i++) {
            if (in.read() < 0) {
                throw new IOException("connection closed mid-body");
            }
        }
        return keepAlive;
    }
}
