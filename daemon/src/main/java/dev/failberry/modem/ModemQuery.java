package dev.failberry.modem;

import dev.failberry.modem.ModemStatus.Condition;
import dev.failberry.modem.parse.SimState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code failberry modem info} without a daemon: the daemon's own read-only steps (identity, SIM state,
 * one poll round) and parsers over one open port, giving the same {@link ModemStatus} the daemon
 * publishes. Nothing is set on the modem and no PIN is sent; unsolicited lines are the port's business
 * and never part of the answer.
 */
public final class ModemQuery {
    private ModemQuery() {}

    /** Asks the modem on {@code port} (already open); stops at the first command it does not answer. */
    public static ModemStatus ask(AtPort port, Duration commandTimeout) {
        ModemFacts facts = new ModemFacts();
        List<Step> steps = new ArrayList<>(InitSequence.identify(commandTimeout, facts, id -> {}));
        steps.add(SimSteps.query(facts));
        steps.addAll(PollSequence.steps(commandTimeout, facts));
        for (Step step : steps) {
            AtResult r = port.send(step.command(), step.timeout());
            if (r.status() == AtResult.Status.GONE) {
                return facts.status(Condition.GONE, port.name(), 0, "the port closed or the modem vanished");
            }
            if (r.status() == AtResult.Status.TIMEOUT) {
                return facts.status(
                        Condition.HUNG,
                        port.name(),
                        1,
                        "no answer to " + step.command() + " within "
                                + step.timeout().toMillis() + " ms");
            }
            step.handler().apply(r);
        }
        return facts.status(
                condition(facts).condition(), port.name(), 0, condition(facts).why());
    }

    /** The condition as the daemon would report it: the SIM first, then registration. */
    static ModemFacts.Assessment condition(ModemFacts facts) {
        SimState s = facts.sim == null ? SimState.UNKNOWN : facts.sim;
        return switch (s) {
            case READY -> facts.registration();
            case BUSY -> new ModemFacts.Assessment(Condition.SIM_BUSY, "SIM busy");
            case NOT_INSERTED, FAILURE, WRONG ->
                new ModemFacts.Assessment(Condition.NO_SIM, "SIM " + ModemFacts.simLabel(s));
            case UNKNOWN -> facts.registration();
            default ->
                new ModemFacts.Assessment(
                        Condition.SIM_LOCKED, "SIM needs " + s.name().replace('_', ' '));
        };
    }
}
