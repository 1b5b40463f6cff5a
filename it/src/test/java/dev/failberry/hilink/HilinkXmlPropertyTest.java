package dev.failberry.hilink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The reply reader and the field readers never throw, whatever the stick (or something in its place)
 * sends: captures cut, spliced and sprinkled with markup, entities and odd characters.
 */
class HilinkXmlPropertyTest {
    static final List<String> CAPTURES = List.of(
            "e3372-vodafone-de/sestokinfo.xml",
            "e3372-vodafone-de/error-125003.xml",
            "e3372-vodafone-de/device-signal.xml",
            "e3372-vodafone-de/monitoring-status.xml",
            "e3372-vodafone-de/traffic-statistics.xml",
            "e3372-webui-17.100/error-125002.xml",
            "e3372h-320-10.0.3.1/device-information.xml",
            "e3372h-320-10.0.3.1/state-login.xml",
            "e3372h-320-10.0.3.1/current-plmn.xml",
            "common/response-ok.xml");
    static final List<String> TOKENS = List.of(
            "<",
            ">",
            "</",
            "/>",
            "&",
            "&amp;",
            "&x;",
            "&#0;",
            "&#x110000;",
            "<![CDATA[",
            "]]>",
            "<!DOCTYPE response>",
            "<?xml version=\"1.0\"?>",
            "<error>",
            "<code>",
            "</code>",
            "-",
            "99999999999",
            "dBm",
            ">=",
            "\u0000",
            "\ufffd",
            "\ud800",
            "\r\n",
            "<html>",
            "<response>",
            "</response>",
            "SessionID=");

    @Provide
    Arbitrary<String> bodies() {
        Arbitrary<String> capture = Arbitraries.of(CAPTURES).map(HilinkRepliesTest::capture);
        Arbitrary<Integer> cut = Arbitraries.integers().between(0, 3000);
        Arbitrary<String> token = Arbitraries.of(TOKENS);
        return Combinators.combine(capture, cut, cut, token).as((c, a, b, t) -> {
            int from = Math.min(a, c.length());
            int to = Math.min(Math.max(from, b), c.length());
            return c.substring(0, from) + t + c.substring(to);
        });
    }

    @Property(tries = 500, seed = "18018")
    void neverThrows(@ForAll("bodies") String body) {
        Reply r = HilinkXml.parse(body);
        assertThat(r).isNotNull();
        if (r instanceof Reply.Fields f) {
            Replies.signal(f);
            Replies.status(f);
            Replies.operator(f);
            Replies.traffic(f);
            Replies.device(f);
            Replies.sesTok(f);
            Replies.loginState(f);
            f.values().keySet().forEach(k -> Replies.level(f, k));
        } else if (r instanceof Reply.Garbled g) {
            assertThat(g.reason()).doesNotContain("\n").hasSizeLessThan(200);
        }
        assertThat(Interpret.reply("/api/x", 200, body, f -> Optional.of(1))).isNotNull();
    }
}
