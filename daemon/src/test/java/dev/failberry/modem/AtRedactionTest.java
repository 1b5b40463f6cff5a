package dev.failberry.modem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Secrets in AT command lines (and their echoes) are masked; the rest of the line stays readable. */
class AtRedactionTest {

    static Stream<Arguments> lines() {
        return Stream.of(
                arguments("AT+CPIN=\"4711\"", "AT+CPIN=****"),
                arguments("AT+CPIN=4711", "AT+CPIN=****"),
                arguments("at+cpin = \"4711\"", "at+cpin =****"),
                arguments("AT+CPIN=\"12345678\",\"4711\"", "AT+CPIN=****"), // PUK and the new PIN
                arguments("AT+CPIN2=\"0815\"", "AT+CPIN2=****"),
                arguments("AT^CPIN=\"4711\"", "AT^CPIN=****"),
                arguments("AT%CPIN=\"4711\"", "AT%CPIN=****"),
                arguments("AT+CLCK=\"SC\",1,\"4711\"", "AT+CLCK=\"SC\",1,****"),
                arguments("AT+CLCK=\"SC\",0,\"4711\",7", "AT+CLCK=\"SC\",0,****"),
                arguments("AT+CPWD=\"SC\",\"4711\",\"1234\"", "AT+CPWD=\"SC\",****"),
                arguments("AT+CSIM=26,\"0020000108313233340FFFFFFFFF\"", "AT+CSIM=26,****"),
                arguments("AT+CGAUTH=1,1,\"web\",\"s3cret\"", "AT+CGAUTH=1,1,****"),
                arguments("AT^AUTHDATA=1,1,\"\",\"s3cret\",\"web\"", "AT^AUTHDATA=1,1,****"),
                arguments("AT$QCPDPP=1,1,\"s3cret\",\"web\"", "AT$QCPDPP=1,1,****"),
                // chained: each command on its own; what follows the secret is kept
                arguments("AT+CSQ;+CPIN=\"4711\";+CREG?", "AT+CSQ;+CPIN=****;+CREG?"),
                arguments("AT+CLCK=\"SC\",1,\"47;11\";+CSQ", "AT+CLCK=\"SC\",1,****;+CSQ"),
                // an echo after line noise
                arguments("\u00ffAT+CPIN=\"4711\"", "\u00ffAT+CPIN=****"),
                // nothing secret
                arguments("AT+CPIN?", "AT+CPIN?"),
                arguments("AT+CPINR=\"SIM PIN\"", "AT+CPINR=\"SIM PIN\""),
                arguments("AT+CLCK=\"SC\",2", "AT+CLCK=\"SC\",2"),
                arguments("AT+CSQ", "AT+CSQ"),
                arguments("+CPIN: SIM PIN", "+CPIN: SIM PIN"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lines")
    void masksSecretsOnly(String line, String expected) {
        assertThat(AtRedaction.line(line)).isEqualTo(expected);
    }
}
