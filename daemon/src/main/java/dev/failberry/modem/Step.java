package dev.failberry.modem;

import dev.failberry.modem.ModemStatus.Condition;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One AT exchange of the modem dialogue, as data (like ModemManager's {@code MMBaseModemAtCommand}
 * tables): the command, how long to wait for its final result, and what the answer means for the rest of
 * the dialogue. Handlers read the answer into {@link ModemFacts} and return an {@link Outcome}; they never
 * touch the port, so the sequences can be run by the daemon's session and by {@code failberry modem info}
 * alike, and tested from captured replies.
 *
 * @param command the command line (may carry a secret such as a PIN: it is masked wherever it is logged)
 * @param timeout how long to wait for the final result
 * @param handler what the answer means; called only for an answer (TIMEOUT and GONE are the session's)
 */
record Step(String command, Duration timeout, Function<AtResult, Outcome> handler) {

    Step {
        Objects.requireNonNull(command);
        Objects.requireNonNull(timeout);
        Objects.requireNonNull(handler);
    }

    /** A step whose answer changes nothing (a setting; an error is tolerated). */
    static Step setting(String command, Duration timeout) {
        return new Step(command, timeout, r -> Outcome.NEXT);
    }

    /** What a step's answer means for the rest of the dialogue. */
    sealed interface Outcome {
        /** Go on with the next step. */
        Outcome NEXT = new Next();

        /** Go on with the next step. */
        record Next() implements Outcome {}

        /** Run these steps first, then the rest: the dialogue branches on what it learnt. */
        record Then(List<Step> steps) implements Outcome {
            public Then {
                steps = List.copyOf(steps);
            }

            static Then of(Step... steps) {
                return new Then(List.of(steps));
            }
        }

        /**
         * End the dialogue here, in {@code condition} for {@code why}; start it again from the top after
         * {@code retryAfter}, or never on its own when that is null (a SIM that needs its PUK: no command can
         * help, only a person or a new port).
         */
        record Stop(Condition condition, String why, Duration retryAfter) implements Outcome {
            public Stop {
                Objects.requireNonNull(condition);
                Objects.requireNonNull(why);
            }
        }
    }
}
