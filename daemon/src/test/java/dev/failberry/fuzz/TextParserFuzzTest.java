package dev.failberry.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.failberry.config.DnsNames;
import dev.failberry.dns.Ips;
import dev.failberry.json.Json;
import dev.failberry.ppp.IpClassifier;
import dev.failberry.ppp.PppdEvent;
import dev.failberry.ppp.PppdOutputParser;
import dev.failberry.ppp.PppdVersion;
import dev.failberry.testutil.LookupRecorder;
import dev.failberry.usb.UhubctlOutput;
import dev.failberry.usb.UhubctlReport;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * The line and literal parsers outside the modem: pppd output, pppd version, uhubctl output, IP
 * literals (both parsers, which must never resolve a name), DNS record names and the flat JSON of the
 * DNS protocols, against random text and mutations of real input.
 */
@AddLifecycleHook(FuzzCampaign.class)
class TextParserFuzzTest {

    static final List<String> PPPD = List.of(
            "pppd 2.4.9 started by root, uid 0",
            "Serial connection established.",
            "Connect script failed",
            "Using interface ppp0",
            "Connect: ppp0 <--> /dev/ttyUSB0",
            "local  IP address 100.72.13.5",
            "remote IP address 10.64.64.64",
            "primary   DNS address 194.25.0.60",
            "secondary DNS address 194.25.0.68",
            "Modem hangup",
            "LCP terminated by peer",
            "No response to 3 echo-requests",
            "Serial link appears to be disconnected.",
            "Connection terminated.",
            "Connect time 39.7 minutes.",
            "Connect time 0.1 minutes.",
            "Sent 1234 bytes, received 98765432109 bytes.",
            "Terminating on signal 15",
            "Terminating on signal 2.",
            "Hangup (SIGHUP)",
            "Exit.",
            "local  IP address 10.1.2.3\r",
            "pppd version 2.4.9",
            "pppd version 2.5.0",
            "pppd version 2.4");

    static final List<String> UHUBCTL = List.of(
            "Current status for hub 1-1 [0424:9514, USB 2.00, 5 ports, ppps]\n  Port 2: 0503 power highspeed enable connect [12d1:1506]\n"
                    + "Sent power off request\nNew status for hub 1-1 [0424:9514, USB 2.00, 5 ports, ppps]\n  Port 2: 0000 off\n",
            "Sent power on request\n",
            "No compatible devices detected at location 1-1!\nRun with -h to get usage info.\n",
            "Failed to control port power!\n: Permission denied\n",
            "Failed to control port power!\n: Broken pipe\n",
            "There were permission problems while accessing USB.\nTo fix this, run this tool as root using 'sudo uhubctl'\n",
            "Error: changing port state for multiple hubs at once is not supported.\n",
            "Failed to set port status by writing to /sys/bus/usb/devices/1-1:1.0/1-1-port2/disable (Permission denied)\n",
            "Invalid command line syntax!\n",
            "Bad port spec 'x'\n",
            "Error initializing USB!\n",
            "Reset failed!\n");

    static final List<String> LITERALS = List.of(
            "1.2.3.4",
            "100.72.13.5",
            "10.0.0.1",
            "255.255.255.255",
            "0.0.0.0",
            "::1",
            "2001:db8::1",
            "2a01:4f8:c0c:1::1",
            "fe80::1",
            "::ffff:1.2.3.4",
            "::",
            "192.0.2.1",
            " 8.8.8.8\n");

    static final List<String> NAMES = List.of(
            "lte.home.example.com",
            "Lte.Home.Example.COM.",
            "\\052.example.com.",
            "a\\100b.example",
            "example.com",
            "xn--bcher-kva.example.",
            "",
            ".");

    static final List<String> JSON = List.of(
            "{\"execution_mode\":\"set\",\"ddns_hostname\":\"lte.example.com\"}",
            "{\"return_status\":\"success\",\"return_message\":\"ok\",\"code\":201,\"ok\":true,\"x\":null}",
            "{\"a\":{\"b\":[1,2,{\"c\":\"d\"}]}}",
            "{}",
            "{\"s\":\"\\u0000\\n\\\"\\\\ \\ud83d\\ude00\"}");

    @Provide
    Arbitrary<String> pppd() {
        return TextMutator.around(PPPD);
    }

    @Provide
    Arbitrary<String> uhubctl() {
        return TextMutator.around(UHUBCTL);
    }

    @Provide
    Arbitrary<String> literals() {
        return TextMutator.around(LITERALS);
    }

    @Provide
    Arbitrary<String> names() {
        return TextMutator.around(NAMES);
    }

    @Provide
    Arbitrary<String> json() {
        Arbitrary<String> deep =
                Arbitraries.integers().between(1, 20_000).map(n -> "{\"a\":" + "[".repeat(n) + "]".repeat(n) + "}");
        return Arbitraries.oneOf(TextMutator.around(JSON), deep);
    }

    @Property(tries = 1000, seed = "8200")
    void pppdLinesGiveConsistentEvents(@ForAll("pppd") String line) {
        Optional<PppdEvent> e = PppdOutputParser.parse(line);
        assertThat(e).isNotNull();
        e.ifPresent(ev -> {
            if (ev instanceof PppdEvent.LocalIp ip) {
                assertDottedQuad(ip.address());
            } else if (ev instanceof PppdEvent.RemoteIp ip) {
                assertDottedQuad(ip.address());
            } else if (ev instanceof PppdEvent.Dns dns) {
                assertDottedQuad(dns.address());
            } else if (ev instanceof PppdEvent.EchoTimeout t) {
                assertThat(t.requests()).isNotNegative();
            } else if (ev instanceof PppdEvent.ConnectTime t) {
                assertThat(t.time().isNegative())
                        .as("connect time %s from %s", t.time(), line)
                        .isFalse();
            } else if (ev instanceof PppdEvent.ByteCounts b) {
                assertThat(b.sent()).isNotNegative();
                assertThat(b.received()).isNotNegative();
            } else if (ev instanceof PppdEvent.TerminatingOnSignal s) {
                assertThat(s.signal()).isNotNegative();
            } else if (ev instanceof PppdEvent.Started s) {
                assertThat(s.version()).isNotBlank();
            }
        });

        Optional<PppdVersion> v = PppdVersion.parse(line);
        v.ifPresent(ver -> {
            assertThat(List.of(ver.major(), ver.minor(), ver.patch()))
                    .allSatisfy(n -> assertThat(n).isBetween(0, 999));
            assertThat(PppdVersion.parse("pppd version " + ver)).contains(ver);
        });
    }

    private static void assertDottedQuad(String address) {
        assertThat(address).matches("\\d{1,3}(\\.\\d{1,3}){3}");
        assertThat(Ips.parse(address))
                .as("pppd's %s is an IPv4 literal", address)
                .get()
                .isInstanceOf(Inet4Address.class);
    }

    @Property(tries = 500, seed = "8201")
    void uhubctlOutputGivesAConsistentReport(@ForAll("uhubctl") String output) {
        UhubctlReport r = UhubctlOutput.parse(output);
        long lines = output.lines().count();
        assertThat(r.offRequests()).isNotNegative();
        assertThat(r.onRequests()).isNotNegative();
        assertThat(r.offRequests() + r.onRequests() + r.problems().size())
                .isLessThanOrEqualTo((int) Math.max(lines, 1));
        assertThat(r.problems()).allSatisfy(p -> {
            assertThat(p.kind()).isNotNull();
            assertThat(p.line()).isNotBlank();
        });
        assertThat(r.failure())
                .isEqualTo(r.problems().stream()
                        .filter(p -> p.kind() != UhubctlReport.Kind.SYSFS_FALLBACK)
                        .findFirst());
    }

    @Property(tries = 1000, seed = "8202")
    void ipLiteralsParseWithoutEverResolvingAName(@ForAll("literals") String text) {
        try (LookupRecorder dns = LookupRecorder.install()) {
            Optional<InetAddress> a = Ips.parse(text);
            Optional<InetAddress> b = IpClassifier.parseLiteral(text);
            assertThat(dns.drain()).as("names resolved while parsing %s", text).isEmpty();

            a.ifPresent(ip -> {
                // a literal re-parses to itself, and the v4/v6 kind follows the text
                assertThat(Ips.parse(ip.getHostAddress())).contains(ip);
                assertThat(ip instanceof Inet4Address).isEqualTo(!text.contains(":"));
                assertThat(IpClassifier.classify(ip)).isNotNull();
            });
            b.ifPresent(ip -> {
                IpClassifier.IpClass c = IpClassifier.classify(ip);
                assertThat(c).isNotNull();
                assertThat(c.inboundReachable()).isEqualTo(c == IpClassifier.IpClass.PUBLIC);
            });
            if (text.strip().matches("[0-9.]+")) {
                assertThat(b).as("both parsers agree on dotted quads: %s", text).isEqualTo(a);
            }
            assertThat(dns.drain()).isEmpty();
        }
    }

    @Property(tries = 300, seed = "8203")
    void everyAddressHasAClass(@ForAll @Size(min = 4, max = 4) byte[] v4, @ForAll @Size(min = 16, max = 16) byte[] v6)
            throws UnknownHostException {
        for (InetAddress a : List.of(InetAddress.getByAddress(v4), InetAddress.getByAddress(v6))) {
            IpClassifier.IpClass c = IpClassifier.classify(a);
            assertThat(c).isNotNull();
            assertThat(c.natted()).isEqualTo(c == IpClassifier.IpClass.PRIVATE || c == IpClassifier.IpClass.CGNAT);
        }
    }

    @Property(tries = 500, seed = "8204")
    void recordNamesNormalizeWithoutThrowing(@ForAll("names") String name) {
        String n = DnsNames.normalize(name);
        assertThat(n).isNotNull().isEqualTo(n.toLowerCase(java.util.Locale.ROOT));
        assertThat(n.length()).isLessThanOrEqualTo(name.length());
        assertThat(DnsNames.same(name, name)).isTrue();
        assertThat(DnsNames.same(name, flipAsciiCase(name))).isTrue();
        if (name.indexOf('\\') < 0 && !name.endsWith(".")) {
            assertThat(DnsNames.same(name, name + ".")).isTrue();
        }
    }

    private static String flipAsciiCase(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            b.append(c >= 'a' && c <= 'z' ? (char) (c - 32) : c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
        }
        return b.toString();
    }

    @Property(tries = 500, seed = "8205")
    void flatJsonParsesOrSaysItIsNotAnObject(@ForAll("json") String text) {
        try {
            Map<String, String> m = Json.parseFlat(text);
            assertThat(m).isNotNull();
        } catch (IllegalArgumentException documented) {
            assertThat(documented).hasMessageStartingWith("not a JSON object");
        }
    }

    @Property(tries = 300, seed = "8206")
    void flatJsonRoundTripsAnyFlatObject(@ForAll @Size(max = 8) Map<String, String> values) {
        // object() writes keys in order; parse() does not keep it (Typesafe's object is a hash map)
        Map<String, String> ordered = new LinkedHashMap<>(values);
        assertThat(Json.parseFlat(Json.write(ordered))).containsExactlyInAnyOrderEntriesOf(ordered);
    }

    @Property(tries = 50, seed = "8207")
    void nonObjectsAreRefusedWithTheDocumentedException(@ForAll("json") String text) {
        assertThatThrownBy(() -> Json.parseFlat("[" + text + "]")).isInstanceOf(IllegalArgumentException.class);
    }
}
