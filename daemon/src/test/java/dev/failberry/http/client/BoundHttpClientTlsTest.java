package dev.failberry.http.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.failberry.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The source-bound client over TLS, as it talks to a real function URL: a local HTTPS server with a
 * certificate for {@code localhost} made by the JDK's keytool. Checks the bound source address, the
 * JSON POST, and that host-name verification is on.
 */
class BoundHttpClientTlsTest {
    @TempDir
    Path dir;

    HttpsServer server;
    SSLContext trustingClient;

    @BeforeEach
    void setUp() throws Exception {
        Path ks = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-alias",
                        "server",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-dname",
                        "CN=localhost",
                        "-ext",
                        "SAN=dns:localhost",
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        ks.toString(),
                        "-storepass",
                        "changeit",
                        "-keypass",
                        "changeit")
                .redirectErrorStream(true)
                .start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue())
                .as(new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isZero();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ks)) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, "changeit".toCharArray());
        SSLContext serverCtx = SSLContext.getInstance("TLS");
        serverCtx.init(kmf.getKeyManagers(), null, null);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        trustingClient = SSLContext.getInstance("TLS");
        trustingClient.init(null, tmf.getTrustManagers(), null);

        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        server.setHttpsConfigurator(new HttpsConfigurator(serverCtx));
        server.createContext("/", ex -> {
            try (ex) {
                String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                byte[] out = Json.of(
                                "return_status",
                                "success",
                                "return_message",
                                ex.getRemoteAddress().getAddress().getHostAddress(),
                                "echo",
                                body,
                                "host",
                                ex.getRequestHeaders().getFirst("Host"))
                        .getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(201, out.length);
                ex.getResponseBody().write(out);
            }
        });
        server.start();
    }

    @AfterEach
    void tearDown() {
        server.stop(0);
    }

    @Test
    void postsOverTlsFromTheBoundSourceAddress() throws IOException {
        var client = new BoundHttpClient(trustingClient.getSocketFactory(), Duration.ofSeconds(5));
        URI url = URI.create("https://localhost:" + server.getAddress().getPort() + "/");

        BoundHttpClient.Response r =
                client.postJson(url, "{\"execution_mode\":\"get\"}", Optional.of(InetAddress.getByName("127.0.0.2")));

        assertThat(r.status()).isEqualTo(201);
        var json = Json.parseFlat(r.body());
        assertThat(json)
                .containsEntry("return_message", "127.0.0.2")
                .containsEntry("echo", "{\"execution_mode\":\"get\"}")
                .containsEntry("host", "localhost:" + server.getAddress().getPort());
    }

    @Test
    void verifiesTheServerName() {
        var client = new BoundHttpClient(trustingClient.getSocketFactory(), Duration.ofSeconds(5));
        URI byIp = URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/");
        assertThatThrownBy(() -> client.postJson(byIp, "{}", Optional.empty()))
                .isInstanceOf(SSLHandshakeException.class);

        var defaultTrust = new BoundHttpClient(Duration.ofSeconds(5));
        URI url = URI.create("https://localhost:" + server.getAddress().getPort() + "/");
        assertThatThrownBy(() -> defaultTrust.postJson(url, "{}", Optional.empty()))
                .isInstanceOf(SSLHandshakeException.class);
    }
}
