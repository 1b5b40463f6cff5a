package dev.failberry.modem;

import dev.failberry.config.FailberryConfig;
import dev.failberry.modem.parse.IdentityParser;
import dev.failberry.modem.parse.ModemIdentity;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The modem init sequence as data: each step is a command, its timeout and what to make of the answer
 * (like ModemManager's command tables). SIM handling, vendor extras and the APN follow in the monitor
 * because they branch on what was learnt here.
 */
final class InitSequence {
    /** Go on with the next step, or stop the sequence (the monitor decides when to try again). */
    enum Outcome { CONTINUE, STOP }

    /** One command of the sequence. */
    record Step(String command, Duration timeout, Function<AtResult, Outcome> handler) {
    }

    private InitSequence() {
    }

    static List<Step> steps(FailberryConfig.Modem config, ModemFacts facts, Consumer<ModemIdentity> identified) {
        Duration t = config.commandTimeout();
        return List.of(
                // wake-up probe: any reply will do (echo may still be on)
                new Step("AT", t, r -> Outcome.CONTINUE),
                new Step("ATE0", t, r -> Outcome.CONTINUE),
                // numeric +CME ERROR codes, so SIM problems can be told apart
                new Step("AT+CMEE=1", t, r -> Outcome.CONTINUE),
                new Step("ATI", t, r -> {
                    if (r.isOk()) {
                        var p = IdentityParser.ati(r.lines());
                        if (p.isOk()) {
                            facts.identity = p.value().orElse(facts.identity);
                        }
                    }
                    return Outcome.CONTINUE;
                }),
                new Step("AT+CGMI", t, r -> {
                    if (facts.identity.manufacturer() == null && r.isOk()) {
                        var p = IdentityParser.value(r.lines());
                        if (p.isOk()) {
                            facts.identity = facts.identity.withManufacturer(p.value());
                        }
                    }
                    return Outcome.CONTINUE;
                }),
                new Step("AT+CGMM", t, r -> {
                    if (facts.identity.model() == null && r.isOk()) {
                        var p = IdentityParser.value(r.lines());
                        if (p.isOk()) {
                            facts.identity = facts.identity.withModel(p.value());
                        }
                    }
                    return Outcome.CONTINUE;
                }),
                new Step("AT+CGSN", t, r -> {
                    if (facts.identity.imei() == null && r.isOk()) {
                        var p = IdentityParser.imei(r.lines());
                        if (p.isOk()) {
                            facts.identity = facts.identity.withImei(p.value());
                        }
                    }
                    identified.accept(facts.identity);
                    return Outcome.CONTINUE;
                }),
                // registration URCs with location, for both circuit- and packet-switched domains
                new Step("AT+CREG=2", t, r -> Outcome.CONTINUE),
                new Step("AT+CGREG=2", t, r -> Outcome.CONTINUE),
                // operator names in long alphanumeric form
                new Step("AT+COPS=3,0", t, r -> Outcome.CONTINUE));
    }
}
