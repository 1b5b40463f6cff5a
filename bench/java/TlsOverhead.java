import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.failberry.http.client.BoundHttpClient;
import java.io.FileInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * What TLS adds to one request on a new connection, as the daemon's {@link BoundHttpClient} makes it (JDK 17
 * TLS, one request per connection): the same POST (a heartbeat-sized body and answer) over plain HTTP and
 * over HTTPS to a loopback server, counted by nftables in the output hook (IP packets, both directions).
 * The server presents ONE self-signed RSA-2048 certificate (KEYSTORE, a PKCS12 file, password changeit);
 * AWS's endpoints send a longer chain: add the difference (README). Needs root (nft).
 * Usage (classpath: target/failberry.jar): java TlsOverhead KEYSTORE ROUNDS
 */
public final class TlsOverhead {
    private TlsOverhead() {}

    public static void main(String[] args) throws Exception {
        char[] pw = "changeit".toCharArray();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = new FileInputStream(args[0])) {
            ks.load(in, pw);
        }
        int rounds = Integer.parseInt(args[1]);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, pw);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(kmf.getKeyManagers(), null, null);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, tmf.getTrustManagers(), null);

        byte[] answer = new byte[2]; // the CBOR "{}" CloudWatch answers PutMetricData with
        HttpServer plain = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        HttpsServer tls = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        tls.setHttpsConfigurator(new HttpsConfigurator(server));
        for (HttpServer s : List.of(plain, tls)) {
            s.createContext("/", ex -> {
                ex.getRequestBody().readAllBytes();
                ex.sendResponseHeaders(200, answer.length);
                ex.getResponseBody().write(answer);
                ex.close();
            });
            s.start();
        }
        byte[] body = new byte[130]; // the heartbeat's CBOR body
        Map<String, String> headers = Map.of("Authorization", "x".repeat(300), "X-Amz-Date", "20261202T040037Z");
        String table = "fbtls" + ProcessHandle.current().pid();
        nft("add", "table", "inet", table);
        nft("add chain inet " + table + " out { type filter hook output priority 0 ; }");
        for (HttpServer s : List.of(plain, tls)) {
            int port = s.getAddress().getPort();
            nft("add rule inet " + table + " out tcp dport " + port + " counter comment \"p" + port + "\"");
            nft("add rule inet " + table + " out tcp sport " + port + " counter comment \"p" + port + "\"");
        }
        try {
            BoundHttpClient http = new BoundHttpClient(client.getSocketFactory(), Duration.ofSeconds(10));
            long[] result = new long[2];
            int i = 0;
            for (HttpServer s : List.of(plain, tls)) {
                String scheme = s == tls ? "https" : "http";
                URI url = URI.create(scheme + "://localhost:" + s.getAddress().getPort() + "/");
                long before = bytes(table, s.getAddress().getPort());
                for (int r = 0; r < rounds; r++) {
                    http.send(
                            new BoundHttpClient.Request("POST", url, headers, Optional.of("application/cbor"), body),
                            Optional.empty());
                }
                result[i++] = (bytes(table, s.getAddress().getPort()) - before) / rounds;
            }
            System.out.printf(
                    "plain_bytes=%d tls_bytes=%d tls_adds=%d (one %s certificate)%n",
                    result[0], result[1], result[1] - result[0], "self-signed RSA-2048");
        } finally {
            nft("delete", "table", "inet", table);
            plain.stop(0);
            tls.stop(0);
        }
    }

    private static long bytes(String table, int port) throws Exception {
        Matcher m = Pattern.compile("counter packets \\d+ bytes (\\d+) comment \"p" + port + "\"")
                .matcher(nft("list", "table", "inet", table));
        long sum = 0;
        while (m.find()) {
            sum += Long.parseLong(m.group(1));
        }
        return sum;
    }

    private static String nft(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add("nft");
        cmd.addAll(List.of(args)); // nft joins its arguments into one command line
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(cmd + ": " + out);
        }
        return out;
    }
}
