package dev.failberry.dns;

import static dev.failberry.dns.DnsTestSupport.v4;
import static dev.failberry.dns.DnsTestSupport.v6;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failberry.time.TimeSource;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.WireParseException;

/** Tables for the pure parts of {@link AuthoritativeDns}: suffixes, queries, answers read from messages, failure reasons. */
class AuthoritativeDnsPureTest {
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "a.b.example.com       | a.b.example.com,b.example.com,example.com",
                "LTE.Home.Example.COM. | lte.home.example.com,home.example.com,example.com",
                "example.com           | example.com",
                "localhost             | ''"
            })
    void suffixesDownToTwoLabels(String name, String expected) {
        assertThat(String.join(",", AuthoritativeDns.suffixes(name))).isEqualTo(expected);
    }

    @Test
    void nameServerValuesBecomeHostNames() {
        assertThat(AuthoritativeDns.nsHosts(
                        List.of("NS-1.AwsDns-01.com.", "ns-1.awsdns-01.com", "ns2.example.net.", ".")))
                .containsExactly("ns-1.awsdns-01.com", "ns2.example.net");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "A    | 192.0.2.1                 | 192.0.2.1",
                "A    | ' 192.0.2.1 '             | 192.0.2.1",
                "AAAA | 2001:db8:0:0:0:0:0:1      | 2001:db8::1",
                "AAAA | 2001:db8::1               | 2001:db8::1",
                "A    | 192.0.2.1,192.0.2.2       | ''",
                "A    | ''                        | ''",
                "A    | 2001:db8::1               | ''",
                "AAAA | 192.0.2.1                 | ''",
                "A    | 300.0.2.1                 | ''",
                "A    | ns1.example.com.          | ''"
            })
    void singleAddressOfTheType(RecordType type, String values, String expected) {
        List<String> list = values.isEmpty() ? List.of() : List.of(values.split(","));
        Optional<String> parsed = AuthoritativeDns.singleAddress(list, type).map(a -> a.getHostAddress());
        Optional<String> want = expected.isEmpty()
                ? Optional.empty()
                : Optional.of((type == RecordType.A ? v4(expected) : v6(expected)).getHostAddress());
        assertThat(parsed).isEqualTo(want);
    }

    /** An answer to {@code query} with the given response code and AA flag, and these answer records. */
    static Message answer(Message query, int rcode, boolean aa, org.xbill.DNS.Record... records) {
        Message m = new Message(query.getHeader().getID());
        m.getHeader().setFlag(Flags.QR);
        if (aa) {
            m.getHeader().setFlag(Flags.AA);
        }
        m.getHeader().setRcode(rcode);
        m.addRecord(query.getQuestion(), Section.QUESTION);
        for (var r : records) {
            m.addRecord(r, Section.ANSWER);
        }
        return m;
    }

    static Name name(String s) throws Exception {
        return Name.fromString(s);
    }

    @ParameterizedTest(name = "[{index}] rcode {0}, AA {1}, authoritative wanted {2} -> {3}")
    @CsvSource(
            delimiter = '|',
            value = {
                "0 | true  | true  | ''",
                "3 | true  | true  | ''", // NXDOMAIN: the name does not exist
                "0 | false | true  | answer not authoritative", // a resolver answering from its cache
                "3 | false | true  | answer not authoritative",
                "0 | false | false | ''", // discovery asks resolvers: AA not needed
                "5 | false | true  | refused", // a server not authoritative for the zone
                "5 | true  | false | refused",
                "2 | true  | true  | server failure",
                "1 | true  | true  | format error",
                "4 | true  | true  | not implemented",
                "9 | true  | true  | response code 9"
            })
    void answersAreUsableOnlyWithTheRightCodeAndFlag(int rcode, boolean aa, boolean authoritative, String why)
            throws Exception {
        Message q = DnsExchange.query("lte.home.example.com", "A", false);
        assertThat(DnsExchange.refusal(answer(q, rcode, aa), authoritative))
                .isEqualTo(why.isEmpty() ? Optional.empty() : Optional.of(why));
    }

    @Test
    void queriesAskWithOrWithoutRecursion() throws Exception {
        Message plain = DnsExchange.query("LTE.Home.example.com", "AAAA", false);
        Message recursive = DnsExchange.query("example.com.", "NS", true);
        assertThat(plain.getHeader().getFlag(Flags.RD)).isFalse();
        assertThat(recursive.getHeader().getFlag(Flags.RD)).isTrue();
        assertThat(plain.getQuestion().getName()).isEqualTo(name("lte.home.example.com."));
        assertThat(plain.getQuestion().getType()).isEqualTo(org.xbill.DNS.Type.AAAA);
        assertThat(recursive.getQuestion().getName()).isEqualTo(name("example.com."));
    }

    @Test
    void valuesOfTheAskedTypeFromTheAnswerSection() throws Exception {
        Message q = DnsExchange.query("lte.home.example.com", "A", false);
        Name lte = name("LTE.home.example.com.");
        Name target = name("other.example.net.");
        Message m = answer(
                q,
                Rcode.NOERROR,
                true,
                new CNAMERecord(name("alias.example.com."), DClass.IN, 60, lte),
                new ARecord(lte, DClass.IN, 60, InetAddress.getByName("192.0.2.1")),
                new ARecord(target, DClass.IN, 60, InetAddress.getByName("192.0.2.9")),
                new NSRecord(name("example.com."), DClass.IN, 60, name("NS-1.AwsDns-01.com.")));

        assertThat(DnsExchange.values(m, "lte.home.example.com", "A", true)).containsExactly("192.0.2.1");
        assertThat(DnsExchange.values(m, "lte.home.example.com", "A", false)).containsExactly("192.0.2.1", "192.0.2.9");
        assertThat(DnsExchange.values(m, "example.com", "NS", false)).containsExactly("NS-1.AwsDns-01.com.");
        assertThat(DnsExchange.values(m, "lte.home.example.com", "AAAA", true)).isEmpty();
    }

    @Test
    void onlyTheAnswerToOurQueryIsTaken() throws Exception {
        Message q = DnsExchange.query("lte.home.example.com", "A", false);
        int id = q.getHeader().getID();
        byte[] ours = answer(q, Rcode.NOERROR, true).toWire();

        assertThat(DnsExchange.parse(ours, id)).isPresent();
        assertThat(DnsExchange.parse(ours, (id + 1) & 0xFFFF))
                .as("another query's answer")
                .isEmpty();
        assertThat(DnsExchange.parse(q.toWire(), id))
                .as("a query, not a response")
                .isEmpty();
        assertThat(DnsExchange.parse(new byte[] {1, 2, 3}, id)).as("garbage").isEmpty();
    }

    @Test
    void failureReasonsInAFewWords() {
        assertThat(DnsExchange.reason(new SocketTimeoutException("Receive timed out")))
                .isEqualTo("timed out");
        assertThat(DnsExchange.reason(new PortUnreachableException("ICMP Port Unreachable")))
                .isEqualTo("port unreachable");
        assertThat(DnsExchange.reason(new ConnectException("Connection refused")))
                .isEqualTo("connection refused");
        assertThat(DnsExchange.reason(new UnknownHostException("nowhere.invalid")))
                .isEqualTo("unknown host nowhere.invalid");
        assertThat(DnsExchange.reason(new WireParseException("end of input")))
                .isEqualTo("malformed answer: end of input");
        assertThat(DnsExchange.reason(new IOException("Network is\n unreachable")))
                .isEqualTo("IOException Network is unreachable");
        assertThat(DnsExchange.reason(new IOException())).isEqualTo("IOException");
    }

    @Test
    void rejectsUselessSettings() {
        assertThatThrownBy(() -> AuthoritativeDns.Servers.fixed(List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AuthoritativeDns.Servers.discover(List.of(), 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AuthoritativeDns(
                        "x.example.com", AuthoritativeDns.Servers.discover(), Duration.ZERO, TimeSource.SYSTEM))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(AuthoritativeDns.Servers.discover()).isEqualTo(new AuthoritativeDns.Servers.Discover(List.of(), 53));
    }
}
