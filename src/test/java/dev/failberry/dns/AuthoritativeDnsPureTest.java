package dev.failberry.dns;

import static dev.failberry.dns.DnsTestSupport.v4;
import static dev.failberry.dns.DnsTestSupport.v6;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failberry.config.HostPort;
import dev.failberry.time.TimeSource;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.naming.CommunicationException;
import javax.naming.NameNotFoundException;
import javax.naming.NamingException;
import javax.naming.OperationNotSupportedException;
import javax.naming.ServiceUnavailableException;
import javax.naming.directory.BasicAttribute;
import javax.naming.directory.BasicAttributes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Tables for the pure parts of {@link AuthoritativeDns}: URLs, suffixes, JNDI values, failure reasons. */
class AuthoritativeDnsPureTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''                                | dns:",
            "127.0.0.1:5353                    | dns://127.0.0.1:5353",
            "::1:53                            | dns://[::1]:53",
            "2001:db8::53:53,ns1.example.com:53 | dns://[2001:db8::53]:53 dns://ns1.example.com:53"})
    void providerUrls(String servers, String url) {
        List<HostPort> list = servers.isEmpty() ? List.of() : Arrays.stream(servers.split(",")).map(s -> {
            int colon = s.lastIndexOf(':');
            return new HostPort(s.substring(0, colon), Integer.parseInt(s.substring(colon + 1)));
        }).toList();
        assertThat(AuthoritativeDns.providerUrl(list)).isEqualTo(url);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "a.b.example.com       | a.b.example.com,b.example.com,example.com",
            "LTE.Home.Example.COM. | lte.home.example.com,home.example.com,example.com",
            "example.com           | example.com",
            "localhost             | ''"})
    void suffixesDownToTwoLabels(String name, String expected) {
        assertThat(String.join(",", AuthoritativeDns.suffixes(name))).isEqualTo(expected);
    }

    @Test
    void nameServerValuesBecomeHostNames() {
        assertThat(AuthoritativeDns.nsHosts(List.of("NS-1.AwsDns-01.com.", "ns-1.awsdns-01.com", "ns2.example.net.", ".")))
                .containsExactly("ns-1.awsdns-01.com", "ns2.example.net");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "A    | 192.0.2.1                 | 192.0.2.1",
            "A    | ' 192.0.2.1 '             | 192.0.2.1",
            "AAAA | 2001:db8:0:0:0:0:0:1      | 2001:db8::1",
            "AAAA | 2001:db8::1               | 2001:db8::1",
            "A    | 192.0.2.1,192.0.2.2       | ''",
            "A    | ''                        | ''",
            "A    | 2001:db8::1               | ''",
            "AAAA | 192.0.2.1                 | ''",
            "A    | 300.0.2.1                 | ''",
            "A    | ns1.example.com.          | ''"})
    void singleAddressOfTheType(RecordType type, String values, String expected) {
        List<String> list = values.isEmpty() ? List.of() : List.of(values.split(","));
        Optional<String> parsed = AuthoritativeDns.singleAddress(list, type).map(a -> a.getHostAddress());
        Optional<String> want = expected.isEmpty() ? Optional.empty()
                : Optional.of((type == RecordType.A ? v4(expected) : v6(expected)).getHostAddress());
        assertThat(parsed).isEqualTo(want);
    }

    @Test
    void attributeValuesAsStrings() throws Exception {
        BasicAttributes attrs = new BasicAttributes(true);
        BasicAttribute a = new BasicAttribute("A", true);
        a.add("192.0.2.1");
        a.add("192.0.2.1");
        attrs.put(a);
        BasicAttribute ns = new BasicAttribute("NS");
        ns.add(new StringBuilder("ns1.example.com."));
        attrs.put(ns);

        assertThat(AuthoritativeDns.values(attrs, "A")).containsExactly("192.0.2.1", "192.0.2.1");
        assertThat(AuthoritativeDns.values(attrs, "NS")).containsExactly("ns1.example.com.");
        assertThat(AuthoritativeDns.values(attrs, "AAAA")).isEmpty();
        assertThat(AuthoritativeDns.values(new BasicAttributes(), "A")).isEmpty();
    }

    @Test
    void failureReasonsInAFewWords() {
        assertThat(AuthoritativeDns.reason(withRoot(new CommunicationException("DNS error"), new SocketTimeoutException())))
                .isEqualTo("timed out");
        assertThat(AuthoritativeDns.reason(withRoot(new CommunicationException("DNS error"),
                new PortUnreachableException("ICMP Port Unreachable")))).isEqualTo("port unreachable");
        assertThat(AuthoritativeDns.reason(new OperationNotSupportedException("DNS service refused [response code 5]")))
                .isEqualTo("refused");
        assertThat(AuthoritativeDns.reason(new OperationNotSupportedException("DNS operation not supported [response code 4]")))
                .isEqualTo("not implemented");
        assertThat(AuthoritativeDns.reason(new ServiceUnavailableException("DNS server failure [response code 2]")))
                .isEqualTo("server failure");
        assertThat(AuthoritativeDns.reason(new NamingException("DNS error [response code 9]"))).isEqualTo("response code 9");
        assertThat(AuthoritativeDns.reason(new NameNotFoundException("DNS response not authoritative")))
                .isEqualTo("answer not authoritative");
        assertThat(AuthoritativeDns.reason(withRoot(new NamingException("Unknown DNS server: nowhere.invalid"),
                new java.net.UnknownHostException("nowhere.invalid:\n  Name or service not known"))))
                .isEqualTo("Unknown DNS server: nowhere.invalid: UnknownHostException nowhere.invalid: Name or service not known");
        assertThat(AuthoritativeDns.reason(new CommunicationException())).isEqualTo("CommunicationException");
    }

    @Test
    void nxdomainIsTellableFromANonAuthoritativeAnswer() {
        assertThat(AuthoritativeDns.notAuthoritative(new NameNotFoundException("DNS response not authoritative"))).isTrue();
        assertThat(AuthoritativeDns.notAuthoritative(new NameNotFoundException("DNS name not found [response code 3]"))).isFalse();
        assertThat(AuthoritativeDns.notAuthoritative(new NameNotFoundException())).isFalse();
    }

    @Test
    void rejectsUselessSettings() {
        assertThatThrownBy(() -> AuthoritativeDns.Servers.fixed(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AuthoritativeDns.Servers.discover(List.of(), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AuthoritativeDns("x.example.com", AuthoritativeDns.Servers.discover(), Duration.ZERO,
                TimeSource.SYSTEM)).isInstanceOf(IllegalArgumentException.class);
        assertThat(AuthoritativeDns.Servers.discover()).isEqualTo(new AuthoritativeDns.Servers.Discover(List.of(), 53));
    }

    private static NamingException withRoot(NamingException e, Throwable root) {
        e.setRootCause(root);
        return e;
    }
}
