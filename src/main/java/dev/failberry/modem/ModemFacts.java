package dev.failberry.modem;

import dev.failberry.modem.parse.ModemIdentity;
import dev.failberry.modem.parse.Registration;
import dev.failberry.modem.parse.RegistrationState;
import dev.failberry.modem.parse.SimState;
import java.util.Locale;

/** What one modem session has learnt so far; turned into a {@link ModemStatus} to publish. */
final class ModemFacts {
    ModemIdentity identity = ModemIdentity.empty();
    SimState sim;
    Registration cs;
    Registration ps;
    Registration eps;
    String operator;
    String technology;
    Integer csq;
    Integer rssiDbm;

    /** Packet-switched registration decides (data is what we need); circuit-switched when PS is unknown. */
    Registration bestRegistration() {
        for (Registration r : new Registration[] {ps, eps, cs}) {
            if (r != null && r.state().isRegistered()) {
                return r;
            }
        }
        if (ps != null) {
            return ps;
        }
        return eps != null ? eps : cs;
    }

    ModemStatus status(ModemStatus.Condition condition, String port, int timeouts, String detail) {
        Registration best = bestRegistration();
        return new ModemStatus(condition, port, identity.manufacturer(), identity.model(), identity.revision(),
                identity.imei(), sim == null ? null : simLabel(sim), best == null ? null : registrationLabel(best.state()),
                operator, technology != null ? technology : best != null && best.act() != null ? best.act().label() : null,
                csq, rssiDbm, timeouts, detail);
    }

    static String simLabel(SimState s) {
        return switch (s) {
            case READY -> "ready";
            case SIM_PIN -> "pin required";
            case SIM_PUK -> "puk required";
            case NOT_INSERTED -> "absent";
            case FAILURE, WRONG -> "failed";
            case BUSY -> "busy";
            default -> s.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        };
    }

    static String registrationLabel(RegistrationState s) {
        return switch (s.simplified()) {
            case HOME -> "home";
            case ROAMING -> "roaming";
            case SEARCHING -> "searching";
            case DENIED -> "denied";
            case IDLE -> "idle";
            default -> "unknown";
        };
    }
}
