package dev.failberry.modem;

import dev.failberry.config.FailberryConfig;
import dev.failberry.modem.Step.Outcome;
import dev.failberry.modem.parse.OperatorParser;
import dev.failberry.modem.parse.SignalParsers;
import java.time.Duration;
import java.util.List;

/**
 * One round of polling as data: signal, circuit- and packet-switched registration, operator. Read-only
 * (no setting is changed), so {@code failberry modem info} runs the same steps without a daemon.
 */
final class PollSequence {
    /** ModemManager waits 10 s for the registration queries (mm-broadband-modem.c). */
    static final Duration REGISTRATION_TIMEOUT = Duration.ofSeconds(10);

    private PollSequence() {}

    static List<Step> steps(FailberryConfig.Modem config, ModemFacts facts) {
        return steps(config.commandTimeout(), facts);
    }

    static List<Step> steps(Duration t, ModemFacts facts) {
        return List.of(
                new Step("AT+CSQ", t, r -> {
                    if (r.isOk()) {
                        var s = SignalParsers.csq(r.lines());
                        if (s.isOk()) {
                            facts.signal(s.value().rssiIndex());
                        }
                    }
                    return Outcome.NEXT;
                }),
                new Step("AT+CREG?", REGISTRATION_TIMEOUT, r -> registration(r, facts)),
                new Step("AT+CGREG?", REGISTRATION_TIMEOUT, r -> registration(r, facts)),
                new Step("AT+COPS?", t, r -> {
                    if (r.isOk()) {
                        var o = OperatorParser.copsQuery(r.lines());
                        if (o.isOk()) {
                            facts.operator = o.value().hasOperator() ? o.value().operator() : null;
                            if (o.value().act() != null && o.value().hasOperator()) {
                                facts.technology = o.value().act().label();
                            }
                        }
                    }
                    return Outcome.NEXT;
                }));
    }

    private static Outcome registration(AtResult r, ModemFacts facts) {
        r.lines().forEach(facts::registrationLine);
        return Outcome.NEXT;
    }
}
