package dev.failberry.modem.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class ParsedTest {

    @Test
    void okCarriesItsValue() {
        Parsed<Integer> ok = Parsed.ok(17);

        assertThat(ok.isOk()).isTrue();
        assertThat(ok.value()).isEqualTo(17);
        assertThat(ok.orElse(0)).isEqualTo(17);
        assertThat(ok.map(n -> n * 2).value()).isEqualTo(34);
        assertThat(ok.failureReason()).isNull();
    }

    @Test
    void failedKeepsReasonAndAClippedInput() {
        Parsed<Integer> failed = Parsed.failed("bad", "x".repeat(1000));

        assertThat(failed.isOk()).isFalse();
        assertThat(failed.orElse(-1)).isEqualTo(-1);
        assertThat(failed.map(n -> n * 2).failureReason()).isEqualTo("bad");
        assertThat(((Parsed.Failed<Integer>) failed).input()).startsWith("xxx").endsWith("...(1000 chars)");
        assertThatThrownBy(failed::value)
                .isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("bad");
    }

    @Test
    void failedOfNullInputSaysSo() {
        assertThat(SignalParsers.csq((String) null)).isEqualTo(Parsed.failed("not a +CSQ: <rssi>,<ber> line", null));
    }
}
