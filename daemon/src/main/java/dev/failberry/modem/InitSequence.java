package dev.failberry.modem;

import dev.failberry.config.FailberryConfig;
import dev.failberry.modem.Step.Outcome;
import dev.failberry.modem.parse.IdentityParser;
import dev.failberry.modem.parse.ModemIdentity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The modem init sequence as data: each step is a command, its timeout and what to make of the answer
 * (like ModemManager's command tables). The SIM ({@link SimSteps}), the vendor's extras and the APN
 * ({@link ModemDialogue}) follow, because they branch on what was learnt here.
 */
final class InitSequence {
    private InitSequence() {}

    static List<Step> steps(FailberryConfig.Modem config, ModemFacts facts, Consumer<ModemIdentity> identified) {
        Duration t = config.commandTimeout();
        List<Step> steps = new ArrayList<>();
        // wake-up probe: any reply will do (echo may still be on)
        steps.add(Step.setting("AT", t));
        steps.add(Step.setting("ATE0", t));
        // numeric +CME ERROR codes, so SIM problems can be told apart
        steps.add(Step.setting("AT+CMEE=1", t));
        steps.addAll(identify(t, facts, identified));
        // registration URCs with location, for both circuit- and packet-switched domains
        steps.add(Step.setting("AT+CREG=2", t));
        steps.add(Step.setting("AT+CGREG=2", t));
        // operator names in long alphanumeric form
        steps.add(Step.setting("AT+COPS=3,0", t));
        return steps;
    }

    /** Who the modem is: read-only, also what {@code failberry modem info} asks without a daemon. */
    static List<Step> identify(Duration t, ModemFacts facts, Consumer<ModemIdentity> identified) {
        return List.of(
                new Step("ATI", t, r -> {
                    if (r.isOk()) {
                        var p = IdentityParser.ati(r.lines());
                        if (p.isOk()) {
                            facts.identity = p.value().orElse(facts.identity);
                        }
                    }
                    return Outcome.NEXT;
                }),
                new Step("AT+CGMI", t, r -> {
                    if (facts.identity.manufacturer() == null && r.isOk()) {
                        var p = IdentityParser.value(r.lines());
                        if (p.isOk()) {
                            facts.identity = facts.identity.withManufacturer(p.value());
                        }
                    }
                    return Outcome.NEXT;
                }),
                new Step("AT+CGMM", t, r -> {
                    if (facts.identity.model() == null && r.isOk()) {
                        var p = IdentityParser.value(r.lines());
                        if (p.isOk()) {
                            facts.identity = facts.identity.withModel(p.value());
                        }
                    }
                    return Outcome.NEXT;
                }),
                new Step("AT+CGSN", t, r -> {
                    if (facts.identity.imei() == null && r.isOk()) {
                        var p = IdentityParser.imei(r.lines());
                        if (p.isOk()) {
                            facts.identity = facts.identity.withImei(p.value());
                        }
                    }
                    identified.accept(facts.identity);
                    return Outcome.NEXT;
                }));
    }
}
