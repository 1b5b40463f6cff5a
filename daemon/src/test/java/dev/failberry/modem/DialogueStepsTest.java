package dev.failberry.modem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.failberry.modem.ModemStatus.Condition;
import dev.failberry.modem.Step.Outcome;
import dev.failberry.modem.vendor.Vendor;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The dialogue is data: its steps run here against canned answers, no port and no thread. Replies are the
 * captures already used by the parser tables (ModemManager's test-modem-helpers.c and Huawei plugin
 * tests, the research notes' samples).
 */
class DialogueStepsTest {
    private static final Duration T = Duration.ofSeconds(3);

    @TempDir
    Path dir;

    private static AtResult ok(String command, String... lines) {
        List<String> raw = new java.util.ArrayList<>(List.of(lines));
        raw.add("OK");
        return new AtResult(command, AtResult.Status.OK, List.of(lines), null, null, null, raw, Duration.ofMillis(20));
    }

    private static AtResult cme(String command, int code) {
        return new AtResult(
                command,
                AtResult.Status.CME_ERROR,
                List.of(),
                code,
                String.valueOf(code),
                null,
                List.of("+CME ERROR: " + code),
                Duration.ofMillis(20));
    }

    @Test
    void aPollRoundFillsTheFactsFromCapturedReplies() {
        ModemFacts facts = new ModemFacts();
        List<Step> steps = PollSequence.steps(T, facts);
        assertThat(steps).extracting(Step::command).containsExactly("AT+CSQ", "AT+CREG?", "AT+CGREG?", "AT+COPS?");
        List<AtResult> answers = List.of(
                ok("AT+CSQ", "+CSQ: 17,99"),
                ok("AT+CREG?", "+CREG: 2,1,\"1234\",\"001122BB\""),
                ok("AT+CGREG?", "+CGREG: 2,5,\"8BE3\",\"00002B5D\",3"),
                ok("AT+COPS?", "+COPS: 0,0,\"vodafone ES\",2"));
        for (int i = 0; i < steps.size(); i++) {
            assertThat(steps.get(i).handler().apply(answers.get(i))).isEqualTo(Outcome.NEXT);
        }
        assertThat(facts.csq).isEqualTo(17);
        assertThat(facts.rssiDbm).isEqualTo(-79);
        assertThat(facts.operator).isEqualTo("vodafone ES");
        ModemFacts.Assessment a = facts.registration();
        assertThat(a.condition()).isEqualTo(Condition.REGISTERED);
        assertThat(a.why()).isEqualTo("registered roaming on vodafone ES"); // packet-switched decides
    }

    static Stream<Arguments> simAnswers() {
        return Stream.of(
                arguments(ok("AT+CPIN?", "+CPIN: READY"), null, null),
                arguments(cme("AT+CPIN?", 14), Condition.SIM_BUSY, Duration.ofSeconds(2)),
                arguments(cme("AT+CPIN?", 10), Condition.NO_SIM, Duration.ofSeconds(30)),
                arguments(cme("AT+CPIN?", 13), Condition.NO_SIM, Duration.ofSeconds(30)),
                arguments(ok("AT+CPIN?", "+CPIN: SIM PUK"), Condition.SIM_LOCKED, null),
                arguments(ok("AT+CPIN?", "+CPIN: SIM PIN"), Condition.SIM_LOCKED, null)); // no modem.pin configured
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("simAnswers")
    void theSimStepSaysWhatComesNext(AtResult answer, Condition stopIn, Duration retryAfter) throws Exception {
        var config = dev.failberry.config.ConfigLoader.fromUserConfig(com.typesafe.config.ConfigFactory.empty(), "t")
                .modem();
        var sim = new SimSteps(config, new ModemFacts(), () -> Vendor.of("huawei"), new PinGuard(dir, Instant::now));
        Outcome o = sim.steps().get(0).handler().apply(answer);
        if (stopIn == null) {
            assertThat(o).isEqualTo(Outcome.NEXT);
        } else {
            assertThat(o).isInstanceOfSatisfying(Outcome.Stop.class, s -> {
                assertThat(s.condition()).isEqualTo(stopIn);
                assertThat(s.retryAfter()).isEqualTo(retryAfter);
            });
        }
    }

    @Test
    void aSimThatWantsThePinBranchesIntoIccidAndAttemptsBeforeAnyPinIsSent() throws Exception {
        var config = dev.failberry.config.ConfigLoader.fromUserConfig(
                        com.typesafe.config.ConfigFactory.parseString("failberry.modem.pin = \"4711\""), "t")
                .modem();
        var sim = new SimSteps(config, new ModemFacts(), () -> Vendor.of("huawei"), new PinGuard(dir, Instant::now));
        Outcome o = sim.steps().get(0).handler().apply(ok("AT+CPIN?", "+CPIN: SIM PIN"));
        Step iccid = ((Outcome.Then) o).steps().get(0);
        assertThat(iccid.command()).isEqualTo("AT^ICCID?");
        Step attempts = ((Outcome.Then) iccid.handler().apply(ok("AT^ICCID?", "^ICCID: 8944200053671052499")))
                .steps()
                .get(0);
        assertThat(attempts.command()).isEqualTo("AT^CPIN?");
        Step pin = ((Outcome.Then) attempts.handler().apply(ok("AT^CPIN?", "^CPIN: SIM PIN,3,10,3,10,3")))
                .steps()
                .get(0);
        assertThat(pin.command()).isEqualTo("AT+CPIN=\"4711\"");
        // with one attempt left the branch ends before the PIN
        var careful = new SimSteps(
                config, new ModemFacts(), () -> Vendor.of("huawei"), new PinGuard(dir.resolve("b"), Instant::now));
        Step i2 = ((Outcome.Then) careful.steps().get(0).handler().apply(ok("AT+CPIN?", "+CPIN: SIM PIN")))
                .steps()
                .get(0);
        Step a2 = ((Outcome.Then) i2.handler().apply(ok("AT^ICCID?", "^ICCID: 8944200053671052499")))
                .steps()
                .get(0);
        assertThat(a2.handler().apply(ok("AT^CPIN?", "^CPIN: SIM PIN,1,10,1,10,3")))
                .isInstanceOf(Outcome.Stop.class);
    }

    @Test
    void urcsAreReadByTheTable() {
        ModemFacts facts = new ModemFacts();
        UrcTable urcs = new UrcTable(facts);
        Vendor huawei = Vendor.of("huawei");
        assertThat(urcs.apply("+CREG: 1,\"1F00\",\"79D903\",7", huawei)).isEqualTo(UrcTable.Effect.REGISTRATION);
        assertThat(facts.cs).isNotNull();
        assertThat(urcs.apply("^RSSI:12", huawei)).isEqualTo(UrcTable.Effect.FACTS);
        assertThat(facts.rssiDbm).isEqualTo(-89);
        assertThat(urcs.apply("^MODE:5,4", huawei)).isEqualTo(UrcTable.Effect.FACTS);
        assertThat(facts.technology).isEqualTo("UMTS");
        assertThat(urcs.apply("^BOOT:35323129,0,0,0,26", huawei)).isEqualTo(UrcTable.Effect.NONE);
        assertThat(urcs.apply("^RSSI:12", Vendor.of("zte"))).isEqualTo(UrcTable.Effect.NONE);
    }
}
