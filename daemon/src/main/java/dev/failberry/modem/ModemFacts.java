package dev.failberry.modem;

import dev.failberry.modem.ModemStatus.Condition;
import dev.failberry.modem.parse.ModemIdentity;
import dev.failberry.modem.parse.Registration;
import dev.failberry.modem.parse.RegistrationParser;
import dev.failberry.modem.parse.RegistrationState;
import dev.failberry.modem.parse.SignalParsers;
import dev.failberry.modem.parse.SimState;
import java.util.Locale;

/**
 * What one modem session has learnt so far; turned into a {@link ModemStatus} to publish. Written by the
 * step handlers on the modem thread (or by {@code failberry modem info} on its only thread).
 */
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

    /** Reads one {@code +CREG/+CGREG/+CEREG} line, solicited or not; returns false if it did not parse. */
    boolean registrationLine(String line) {
        var p = RegistrationParser.parse(line);
        if (!p.isOk()) {
            return false;
        }
        Registration reg = p.value();
        switch (reg.domain()) {
            case CS -> cs = reg;
            case PS -> ps = reg;
            default -> eps = reg;
        }
        return true;
    }

    /** Takes a signal on the CSQ scale (0..31, 99 unknown), from {@code +CSQ} or a vendor URC. */
    boolean signal(int csqIndex) {
        var s = SignalParsers.csq("+CSQ: " + csqIndex + ",99");
        if (!s.isOk()) {
            return false;
        }
        csq = s.value().rssiIndex();
        rssiDbm = s.value().rssiDbm();
        return true;
    }

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

    /** A condition and why, as the registration facts stand. */
    record Assessment(Condition condition, String why) {}

    /** What the registration facts mean: registered (home or roaming), denied, or searching. */
    Assessment registration() {
        Registration best = bestRegistration();
        if (best == null) {
            return new Assessment(Condition.SEARCHING, "registration unknown");
        }
        var state = best.state().simplified();
        if (best.state().isRegistered()) {
            return new Assessment(
                    Condition.REGISTERED,
                    "registered " + (state.isRoaming() ? "roaming" : "home")
                            + (operator == null ? "" : " on " + operator));
        }
        if (state == RegistrationState.DENIED) {
            return new Assessment(Condition.DENIED, "registration denied by the network");
        }
        return new Assessment(Condition.SEARCHING, best.state().description());
    }

    ModemStatus status(ModemStatus.Condition condition, String port, int timeouts, String detail) {
        Registration best = bestRegistration();
        return new ModemStatus(
                condition,
                port,
                identity.manufacturer(),
                identity.model(),
                identity.revision(),
                identity.imei(),
                sim == null ? null : simLabel(sim),
                best == null ? null : registrationLabel(best.state()),
                operator,
                technology != null
                        ? technology
                        : best != null && best.act() != null ? best.act().label() : null,
                csq,
                rssiDbm,
                timeouts,
                detail);
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
