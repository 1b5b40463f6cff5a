package dev.failberry.hilink;

import java.net.Inet4Address;
import java.util.Optional;

/**
 * One poll of the stick: what the modem monitor reports for an Ethernet-type link, in the terms the
 * AT monitor uses (registration, operator, access technology, signal), from {@link HilinkClient#snapshot()}.
 * Signal and operator are optional: a firmware that refuses one of them still gives a snapshot.
 */
public record StickSnapshot(StickStatus status, Optional<Signal> signal, Optional<Operator> operator) {

    /** The stick's condition from the supervisor's point of view. */
    public enum Condition {
        /** No SIM, or the SIM is not valid. */
        NO_SIM,
        /** No network service (searching, or the network refused the SIM). */
        NO_SERVICE,
        /** Registered with service, but the stick's data connection is not up. */
        REGISTERED,
        /** The stick's data connection is up. */
        CONNECTED
    }

    public Condition condition() {
        if (status.sim() == StickStatus.Sim.ABSENT || status.sim() == StickStatus.Sim.INVALID) {
            return Condition.NO_SIM;
        }
        if (status.connection() == StickStatus.Connection.CONNECTED) {
            return Condition.CONNECTED;
        }
        if (!status.service() || status.networkType() == NetworkType.NO_SERVICE) {
            return Condition.NO_SERVICE;
        }
        return Condition.REGISTERED;
    }

    /** {@code LTE}, {@code LTE+}, {@code WCDMA}, ... as the status reply says. */
    public String accessTechnology() {
        return status.networkType().label();
    }

    /** RSSI in whole dBm, for the status field the AT monitor fills from {@code +CSQ}. */
    public Optional<Integer> rssiDbm() {
        return signal.flatMap(Signal::rssiDbm).map(d -> (int) Math.round(d));
    }

    public Optional<String> operatorName() {
        return operator.map(Operator::name).filter(n -> !n.isBlank());
    }

    public Optional<Inet4Address> wanAddress() {
        return status.wanAddress();
    }
}
