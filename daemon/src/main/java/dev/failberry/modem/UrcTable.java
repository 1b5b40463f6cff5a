package dev.failberry.modem;

import dev.failberry.modem.vendor.Vendor;
import java.util.List;
import java.util.function.BiFunction;

/**
 * What each unsolicited line means, as data: a list of handlers tried in order, each reading the line
 * into {@link ModemFacts} and saying what changed. Registration lines (all three domains, solicited or
 * not, as ModemManager routes them into one updater) come first; then the vendor's signal and access
 * technology URCs (Huawei {@code ^RSSI}/{@code ^MODE}, ZTE {@code +ZPASR}). Anything else was already
 * swallowed by the port's URC table.
 */
final class UrcTable {
    /** What a URC changed. */
    enum Effect {
        /** Not this handler's line. */
        NONE,
        /** Registration changed: re-assess the condition. */
        REGISTRATION,
        /** A fact for the status changed (signal, technology): publish. */
        FACTS
    }

    /** One entry: reads a line (given the vendor of the session) into the facts; NONE if not its line. */
    @FunctionalInterface
    interface Handler extends BiFunction<String, Vendor, Effect> {}

    private final List<Handler> handlers;

    UrcTable(ModemFacts facts) {
        this.handlers = List.of(
                (line, vendor) -> {
                    if (!isRegistration(line)) {
                        return Effect.NONE;
                    }
                    facts.registrationLine(line);
                    return Effect.REGISTRATION;
                },
                (line, vendor) -> vendor.signalFromUrc(line)
                        .map(csq -> facts.signal(csq) ? Effect.FACTS : Effect.NONE)
                        .orElse(Effect.NONE),
                (line, vendor) -> vendor.technologyFromUrc(line)
                        .map(t -> {
                            facts.technology = t;
                            return Effect.FACTS;
                        })
                        .orElse(Effect.NONE));
    }

    /** The effect of the first handler that recognises the line, or {@link Effect#NONE}. */
    Effect apply(String line, Vendor vendor) {
        for (Handler h : handlers) {
            Effect e = h.apply(line, vendor);
            if (e != Effect.NONE) {
                return e;
            }
        }
        return Effect.NONE;
    }

    static boolean isRegistration(String line) {
        return line.regionMatches(true, 0, "+CREG", 0, 5)
                || line.regionMatches(true, 0, "+CGREG", 0, 6)
                || line.regionMatches(true, 0, "+CEREG", 0, 6);
    }
}
