package dev.failberry.sim.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The simulator's name server: wire format tables, what the zone answers, and surviving bad packets. */
class DnsResponderTest {
    static final String ZONE = "example.com";
    static final List<Route53Sim.Rrset> RECORDS = List.of(
            rrset("lte.home.example.com", "A", null, 60L, "192.0.2.1"),
            rrset("lte.home.example.com", "AAAA", null, 60L, "2001:db8::1"),
            rrset("multi.example.com", "A", null, 30L, "192.0.2.1", "192.0.2.2"),
            rrset("failover.example.com", "A", "primary", 60L, "192.0.2.5"),
            rrset("odd.example.com", "A", null, null, "not-an-ip", "2001:db8::9", "192.0.2.7"),
            rrset("mail.example.com", "MX", null, 60L, "10 mx.example.com"));

    static Route53Sim.Rrset rrset(String name, String type, String setId, Long ttl, String... values) {
        return new Route53Sim.Rrset(name, type, setId, setId == null ? null : "PRIMARY", ttl, List.of(values), null);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "lte.home.example.com | 1  | 1 | 0 | true  | A 60 192.0.2.1",
                "lte.home.example.com | 28 | 1 | 0 | true  | AAAA 60 2001:db8:0:0:0:0:0:1",
                "lte.home.example.com | 2  | 1 | 0 | true  | ''",
                "home.example.com     | 1  | 1 | 0 | true  | ''",
                "nothere.example.com  | 1  | 1 | 3 | true  | ''",
                "example.com          | 2  | 1 | 0 | true  | NS 172800 ns1.example.com.",
                "example.com          | 1  | 1 | 0 | true  | ''",
                "ns1.example.com      | 1  | 1 | 0 | true  | A 172800 127.0.0.1",
                "ns1.example.com      | 28 | 1 | 0 | true  | ''",
                "multi.example.com    | 1  | 1 | 0 | true  | A 30 192.0.2.1;A 30 192.0.2.2",
                "failover.example.com | 1  | 1 | 0 | true  | ''",
                "odd.example.com      | 1  | 1 | 0 | true  | A 300 192.0.2.7",
                "mail.example.com     | 15 | 1 | 0 | true  | ''",
                "example.org          | 1  | 1 | 5 | false | ''",
                "notexample.com       | 1  | 1 | 5 | false | ''",
                "com                  | 2  | 1 | 5 | false | ''",
                "lte.home.example.com | 1  | 3 | 5 | false | ''"
            })
    void answersFromTheZone(String name, int type, int qclass, int rcode, boolean authoritative, String answers)
            throws Exception {
        DnsResponder.Outcome o =
                DnsResponder.answer(ZONE, InetAddress.getLoopbackAddress(), RECORDS, name, type, qclass);
        List<String> rendered = new ArrayList<>();
        for (DnsWire.Answer a : o.answers()) {
            rendered.add(DnsWire.typeName(a.type()) + " " + a.ttl() + " " + DnsProbe.rdata(a.type(), a.rdata()));
        }
        assertThat(o.rcode()).isEqualTo(rcode);
        assertThat(o.authoritative()).isEqualTo(authoritative);
        assertThat(String.join(";", rendered)).isEqualTo(answers);
    }

    @Test
    void parsesAQueryAndKeepsTheQuestionAsSent() {
        byte[] q = DnsProbe.query(0xBEEF, "LTE.Home.example.COM", 28, true);
        DnsWire.Query parsed = DnsWire.parseQuery(q, q.length).orElseThrow();
        assertThat(parsed.id()).isEqualTo(0xBEEF);
        assertThat(parsed.recursionDesired()).isTrue();
        assertThat(parsed.name()).isEqualTo("lte.home.example.com");
        assertThat(parsed.type()).isEqualTo(28);
        assertThat(parsed.qclass()).isEqualTo(1);
        assertThat(parsed.question()).isEqualTo(Arrays.copyOfRange(q, 12, q.length));
        assertThat(DnsWire.parseQuery(q, q.length - 1)).isEmpty();

        byte[] withOpt = Arrays.copyOf(q, q.length + 11);
        withOpt[11] = 1; // ARCOUNT 1: an EDNS OPT record after the question is ignored
        assertThat(DnsWire.parseQuery(withOpt, withOpt.length))
                .get()
                .extracting(DnsWire.Query::name)
                .isEqualTo("lte.home.example.com");
        byte[] root = HexFormat.of().parseHex("1234000000010000000000000000020001");
        assertThat(DnsWire.parseQuery(root, root.length))
                .get()
                .extracting(DnsWire.Query::name)
                .isEqualTo("");
    }

    @ParameterizedTest
    @CsvSource({
        "too short,            12340000000100000000",
        "a response (QR),      123480000001000000000000 03777777 00 0001 0001",
        "opcode 2 (status),    123410000001000000000000 03777777 00 0001 0001",
        "no question,          123400000000000000000000 03777777 00 0001 0001",
        "two questions,        123400000002000000000000 03777777 00 0001 0001",
        "label runs past end,  123400000001000000000000 09777777 00 0001 0001",
        "no root label,        123400000001000000000000 03777777",
        "no type and class,    123400000001000000000000 03777777 00 0001",
        "compression pointer,  123400000001000000000000 c00c 0001 0001",
        "label of 64 octets,   123400000001000000000000 40"
    })
    void dropsMalformedQueries(String what, String hex) {
        byte[] packet = HexFormat.of().parseHex(hex.replace(" ", ""));
        assertThat(DnsWire.parseQuery(packet, packet.length)).as(what).isEmpty();
    }

    @Test
    void dropsNamesWithDotsInLabelsOrLongerThan255Octets() {
        byte[] dotted = DnsProbe.query(1, "x", 1, false);
        dotted[13] = '.';
        assertThat(DnsWire.parseQuery(dotted, dotted.length)).isEmpty();

        String label = "a".repeat(63);
        String name254 = String.join(".", label, label, label, "a".repeat(61)); // 4 + 63*3 + 61 + 1 = 255 octets
        byte[] longest = DnsProbe.query(1, name254, 1, false);
        assertThat(DnsWire.parseQuery(longest, longest.length)).isPresent();
        byte[] tooLong = DnsProbe.query(1, name254 + "a", 1, false);
        assertThat(DnsWire.parseQuery(tooLong, tooLong.length)).isEmpty();
    }

    @Test
    void writesHeaderQuestionAndPointerOwnedAnswers() throws Exception {
        byte[] q = DnsProbe.query(0x0102, "lte.home.example.com", 1, true);
        DnsWire.Query query = DnsWire.parseQuery(q, q.length).orElseThrow();
        byte[] r = DnsWire.response(
                query, DnsWire.NOERROR, true, List.of(new DnsWire.Answer(1, 0x01020304L, new byte[] {(byte) 192, 0, 2, 1
                })));
        assertThat(HexFormat.of().formatHex(r, 0, 12)).isEqualTo("0102" + "8500" + "0001" + "0001" + "0000" + "0000");
        assertThat(Arrays.copyOfRange(r, 12, q.length)).isEqualTo(Arrays.copyOfRange(q, 12, q.length));
        assertThat(DnsProbe.answers(r)).containsExactly("A 16909060 192.0.2.1");

        byte[] nx = DnsWire.response(
                new DnsWire.Query(7, false, "x", 1, 1, query.question()), DnsWire.NXDOMAIN, false, List.of());
        assertThat(HexFormat.of().formatHex(nx, 0, 12)).isEqualTo("0007" + "8003" + "0001" + "0000" + "0000" + "0000");
    }

    @Test
    void responsesOver512OctetsAreTruncatedWithoutAnswers() throws Exception {
        byte[] q = DnsProbe.query(9, "multi.example.com", 1, false);
        DnsWire.Query query = DnsWire.parseQuery(q, q.length).orElseThrow();
        List<DnsWire.Answer> many = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            many.add(new DnsWire.Answer(1, 60, new byte[] {10, 0, 0, (byte) i}));
        }
        byte[] r = DnsWire.response(query, DnsWire.NOERROR, true, many);
        assertThat(DnsProbe.flags(r) & 0x0200).as("TC").isNotZero();
        assertThat(DnsProbe.answers(r)).isEmpty();
        assertThat(r.length).isLessThanOrEqualTo(DnsWire.MAX_UDP);
        assertThat(DnsWire.response(query, DnsWire.NOERROR, true, many.subList(0, 10)).length)
                .isEqualTo(12 + query.question().length + 10 * 16);
    }

    @Test
    void garbageAndFailingLookupsDoNotStopTheResponder() throws Exception {
        AtomicInteger failedLookups = new AtomicInteger();
        DnsResponder.Zone zone = (query, tcp) -> {
            if (query.name().startsWith("boom")) {
                failedLookups.incrementAndGet();
                throw new IllegalStateException("lookup failed");
            }
            return Optional.of(RECORDS);
        };
        try (DnsResponder responder = DnsResponder.start(0, ZONE, zone);
                DatagramSocket socket =
                        new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            InetSocketAddress server = responder.address();
            SplittableRandom random = new SplittableRandom(20260101);
            byte[] valid = DnsProbe.query(0x4242, "lte.home.example.com", 1, false);
            List<byte[]> garbage = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                byte[] b = new byte[random.nextInt(0, 700)];
                random.nextBytes(b);
                if (i % 2 == 0 && b.length > 5) {
                    b[2] &= 0x07; // a standard query with one question: past the header checks into the name
                    b[4] = 0;
                    b[5] = 1;
                }
                garbage.add(b);
            }
            for (int cut = 0; cut < valid.length; cut++) {
                garbage.add(Arrays.copyOf(valid, cut));
            }
            garbage.add(DnsProbe.query(0x0666, "boom.example.com", 1, false));
            // in batches, each followed by a valid query whose answer shows the batch was consumed (and
            // keeps the socket's receive buffer from overflowing)
            for (int from = 0; from < garbage.size(); from += 25) {
                for (byte[] g : garbage.subList(from, Math.min(garbage.size(), from + 25))) {
                    socket.send(new DatagramPacket(g, g.length, server));
                }
                byte[] answer = DnsProbe.ask(socket, server, valid, 0x4242, Duration.ofSeconds(5));

                assertThat(DnsProbe.rcode(answer)).isZero();
                assertThat(DnsProbe.authoritative(answer)).isTrue();
                assertThat(DnsProbe.answers(answer)).containsExactly("A 60 192.0.2.1");
            }
            assertThat(failedLookups.get()).as("the failing lookup was reached").isEqualTo(1);
        }
    }

    /**
     * A restart on the same port while the old socket is still being released (on a loaded machine the
     * closed responder's thread leaves {@code accept} late, and the kernel frees the port only then; seen as
     * "Address already in use" in LoopbackAwsTest's stop/restart under a full build): here another socket
     * holds the TCP port for a moment.
     */
    @Test
    void aPortStillBeingReleasedIsBoundOnceItIsFreeAndOneHeldForGoodIsABindError() throws Exception {
        int port = freeUdpPort();
        java.net.ServerSocket holder = new java.net.ServerSocket();
        holder.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        var release = java.util.concurrent.CompletableFuture.runAsync(
                () -> {
                    try {
                        holder.close();
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                },
                java.util.concurrent.CompletableFuture.delayedExecutor(
                        300, java.util.concurrent.TimeUnit.MILLISECONDS));
        try (DnsResponder responder = DnsResponder.start(port, ZONE, (q, tcp) -> Optional.of(RECORDS))) {
            assertThat(release).isDone();
            assertThat(responder.address().getPort()).isEqualTo(port);
            byte[] answer = DnsProbe.ask(
                    responder.address(), DnsProbe.query(7, "lte.home.example.com", 1, true), 7, Duration.ofSeconds(5));
            assertThat(DnsProbe.answers(answer)).containsExactly("A 60 192.0.2.1");
        }

        // another port: the responder just closed may itself hold its own for a moment (the race above)
        int other = freeUdpPort();
        try (java.net.ServerSocket held = new java.net.ServerSocket()) {
            held.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), other));
            long start = System.nanoTime();
            org.assertj.core.api.Assertions.assertThatThrownBy(
                            () -> DnsResponder.start(other, ZONE, (q, tcp) -> Optional.of(RECORDS)))
                    .isInstanceOf(java.net.BindException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(DnsResponder.REBIND);
        }
    }

    private static int freeUdpPort() throws java.io.IOException {
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return probe.getLocalPort();
        }
    }
}
