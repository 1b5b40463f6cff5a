package dev.failberry.dns;

import static dev.failberry.dns.DnsTestSupport.RECORD;
import static dev.failberry.dns.DnsTestSupport.v4;
import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.config.FailberryConfig;
import dev.failberry.sim.aws.Fault;
import dev.failberry.sim.aws.LoopbackAws;
import dev.failberry.sim.aws.Operation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dns push} against {@link LoopbackAws}, with the link's addresses supplied through the seam. */
class DnsPushTest {
    @TempDir
    Path dir;

    LoopbackAws aws;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<InetAddress> ppp0 = List.of();

    @BeforeEach
    void setUp() throws Exception {
        aws = LoopbackAws.start();
    }

    @AfterEach
    void tearDown() {
        aws.close();
    }

    int push(FailberryConfig config, Optional<InetAddress> ip, boolean dryRun) {
        out.reset();
        err.reset();
        return DnsPush.run(
                config,
                LoopbackAws.credentials(),
                name -> name.equals("ppp0") ? ppp0 : List.of(),
                ip,
                dryRun,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void pushesTheGivenIpThenFindsNothingToDo() throws Exception {
        FailberryConfig config = LoopbackDnsConfig.route53Config(aws, dir, "dns.route53.wait-for-insync = true");

        assertThat(push(config, Optional.of(v4("198.51.100.7")), false)).isZero();
        assertThat(out())
                .contains("setting lte.home.example.com A: nothing -> 198.51.100.7 (UPSERT, TTL 60)")
                .contains("published: UPSERT [A] TTL 60, change C")
                .contains("INSYNC after 0 s");
        assertThat(aws.recordValue(RECORD, "A")).contains("198.51.100.7");

        int changes = aws.count(Operation.CHANGE_RRSETS);
        assertThat(push(config, Optional.of(v4("198.51.100.7")), false)).isZero();
        assertThat(out()).contains("lte.home.example.com A already holds 198.51.100.7; nothing to do");
        assertThat(aws.count(Operation.CHANGE_RRSETS)).isEqualTo(changes);
    }

    @Test
    void dryRunChangesNothing() throws Exception {
        FailberryConfig config = LoopbackDnsConfig.route53Config(aws, dir, "");
        aws.putRecord(RECORD, "A", 60, "198.51.100.1");

        assertThat(push(config, Optional.of(v4("198.51.100.7")), true)).isZero();
        assertThat(out()).contains("would set lte.home.example.com A: 198.51.100.1 -> 198.51.100.7");
        assertThat(aws.mutatingCount()).isZero();
        assertThat(aws.recordValue(RECORD, "A")).contains("198.51.100.1");
    }

    @Test
    void usesTheLinkAddressWhenNoIpIsGiven() throws Exception {
        FailberryConfig config = LoopbackDnsConfig.route53Config(aws, dir, "");
        assertThat(push(config, Optional.empty(), false)).isEqualTo(1);
        assertThat(err()).contains("no --ip given and ppp0 has no IPv4 address");

        ppp0 = List.of(v4("198.51.100.9"));
        assertThat(push(config, Optional.empty(), false)).isZero();
        assertThat(aws.recordValue(RECORD, "A")).contains("198.51.100.9");
    }

    @Test
    void exitCodesForConfigRefusalAndUnreachable() throws Exception {
        assertThat(push(DnsTestSupport.config(dir, ""), Optional.of(v4("198.51.100.7")), false))
                .isEqualTo(2);
        assertThat(err()).contains("dns.provider is none");

        FailberryConfig config = LoopbackDnsConfig.route53Config(
                aws, dir, "aws.api-call-timeout = 2s\naws.api-call-attempt-timeout = 1s");
        aws.failAlways(Operation.CHANGE_RRSETS, Fault.ACCESS_DENIED);
        assertThat(push(config, Optional.of(v4("198.51.100.7")), false)).isEqualTo(1);
        assertThat(err()).contains("AccessDenied").doesNotContain("\tat ");

        aws.clearFaults();
        aws.stop();
        assertThat(push(config, Optional.of(v4("198.51.100.7")), false)).isEqualTo(3);
        assertThat(err()).contains("could not reach the endpoint");
    }

    @Test
    void functionUrlLeavesFromTheLinkAddress() throws Exception {
        FailberryConfig config = DnsTestSupport.config(dir, """
                dns.provider = lambda
                dns.record = "%s"
                dns.lambda.function-url = "%s"
                dns.lambda.shared-secret = "loopback-shared-secret"
                """.formatted(RECORD, aws.functionUrl()));
        assertThat(push(config, Optional.empty(), false)).isEqualTo(1);
        assertThat(err()).contains("ppp0 has no IPv4 address");

        ppp0 = List.of(v4("127.0.0.2"));
        assertThat(push(config, Optional.empty(), false)).isZero();
        assertThat(out())
                .contains("asking lambda-url to set lte.home.example.com A to the address it sees from 127.0.0.2")
                .contains("published: updated to 127.0.0.2");
        assertThat(aws.requests(Operation.FUNCTION_URL))
                .allSatisfy(r -> assertThat(r.sourceAddress()).isEqualTo("127.0.0.2"));

        assertThat(push(config, Optional.of(v4("198.51.100.7")), false)).isEqualTo(1);
        assertThat(err()).contains("is not an address of ppp0");
    }
}
