package dev.failberry.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EntryCodecTest {
    static Entry sample() {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("action", "usb-power-cycle");
        detail.put("result", "ok");
        detail.put("attempt", 2);
        detail.put("verified", true);
        return new Entry(
                Entry.Kind.EVENT,
                7,
                123_456,
                1_767_225_600_000L,
                "recovery",
                "RECOVERING",
                "modem silent:\t3 AT timeouts\nback\\slash",
                detail);
    }

    private static String line(Entry e) {
        return new String(EntryCodec.encode(e), StandardCharsets.UTF_8);
    }

    @Test
    void roundTripKeepsEveryFieldWithTabsNewlinesAndBackslashesEscaped() {
        Entry e = sample();
        byte[] bytes = EntryCodec.encode(e);
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertThat(text).endsWith("\n").matches("[0-9a-f]{8} E\t7\t123456\t1767225600000\trecovery\tRECOVERING\t.*\n");
        assertThat(text.chars().filter(c -> c == '\n').count()).as("one line").isEqualTo(1);
        EntryCodec.Decoded d = EntryCodec.decode(bytes, 0, bytes.length - 1);
        assertThat(d.problem()).isNull();
        assertThat(d.entry())
                .isEqualTo(new Entry(
                        Entry.Kind.EVENT,
                        7,
                        123_456,
                        1_767_225_600_000L,
                        "recovery",
                        "RECOVERING",
                        "modem silent:\t3 AT timeouts\nback\\slash",
                        Map.of("action", "usb-power-cycle", "result", "ok", "attempt", 2L, "verified", true)));
        assertThat(d.entry().detail().keySet()).containsExactly("action", "result", "attempt", "verified");
    }

    @Test
    void everyKindRoundTripsAndDetailKeysThatAreNotNamesAreDropped() {
        for (Entry.Kind k : Entry.Kind.values()) {
            Entry e = new Entry(k, 1, 0, 0, "n", "s", "r", Map.of("Bad Key", "x", "ok", "é ünïcode"));
            byte[] b = EntryCodec.encode(e);
            Entry back = EntryCodec.decode(b, 0, b.length - 1).entry();
            assertThat(back.kind()).isEqualTo(k);
            assertThat(back.detail()).containsExactly(Map.entry("ok", "é ünïcode"));
        }
    }

    static Stream<Arguments> damaged() {
        String good = line(sample());
        String body = good.substring(0, good.length() - 1);
        char[] flipped = body.toCharArray();
        flipped[30] = flipped[30] == 'a' ? 'b' : 'a';
        String wrongKind = payloadWithCrc("Z\t1\t0\t0\tx\ty\tz");
        String shortLine = payloadWithCrc("T\t1\t0\t0\tx");
        String badNumber = payloadWithCrc("T\t1\tzero\t0\tx\ty\tz");
        String badDetail = payloadWithCrc("T\t1\t0\t0\tx\ty\tz\tnoequals");
        char[] zeros = new char[40];
        return Stream.of(
                Arguments.of("a bit flipped on the card", new String(flipped), "checksum mismatch"),
                Arguments.of("cut short by a power cut", body.substring(0, 40), "checksum mismatch"),
                Arguments.of("zeros left by the file system after a crash", new String(zeros), "not a journal line"),
                Arguments.of("empty line", "", "empty line"),
                Arguments.of("another program's text", "hello world, this is not a journal", "not a journal line"),
                Arguments.of("unknown kind (a newer version?)", wrongKind, "unknown record kind"),
                Arguments.of("too few fields", shortLine, "too few fields"),
                Arguments.of("number field not a number", badNumber, "malformed number"),
                Arguments.of("detail without '='", badDetail, "malformed detail field"));
    }

    private static String payloadWithCrc(String payload) {
        var crc = new java.util.zip.CRC32();
        byte[] p = payload.getBytes(StandardCharsets.UTF_8);
        crc.update(p);
        String h = Long.toHexString(crc.getValue());
        return "0".repeat(8 - h.length()) + h + " " + payload;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("damaged")
    void aDamagedLineIsRefusedWithItsReason(String what, String text, String reason) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        EntryCodec.Decoded d = EntryCodec.decode(b, 0, b.length);
        assertThat(d.entry()).as(what).isNull();
        assertThat(d.problem()).isEqualTo(reason);
    }

    @Test
    void decodesInsideALargerBuffer() {
        byte[] a = EntryCodec.encode(sample());
        byte[] both = Arrays.copyOf(a, a.length * 2);
        System.arraycopy(a, 0, both, a.length, a.length);
        assertThat(EntryCodec.decode(both, a.length, both.length - 1).entry()).isEqualTo(sample());
    }
}
