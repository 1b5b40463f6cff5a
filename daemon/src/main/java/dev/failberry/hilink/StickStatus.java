package dev.failberry.hilink;

import java.net.Inet4Address;
import java.util.Optional;

/**
 * {@code /api/monitoring/status}: the stick's own connection, the access technology, the SIM, and the
 * stick's WAN address. Newer firmware (E3372h-320 11.x/10.x) left {@code WanIPAddress} out of this
 * reply; it is then in {@code /api/device/information} (see {@link HilinkClient#wanAddress()}).
 *
 * @param connectionCode the raw {@code ConnectionStatus} (900-903; other numbers are failure reasons)
 * @param simCode        the raw {@code SimStatus} (1 valid, 255 no SIM)
 * @param service        {@code ServiceStatus} 2: the network offers service
 * @param signalBars     {@code SignalIcon} out of {@code maxBars}
 */
record StickStatus(
        Connection connection,
        int connectionCode,
        NetworkType networkType,
        Sim sim,
        int simCode,
        boolean service,
        boolean roaming,
        Optional<Integer> signalBars,
        Optional<Integer> maxBars,
        Optional<Inet4Address> wanAddress) {

    /** The stick's mobile data connection. */
    public enum Connection {
        CONNECTING,
        CONNECTED,
        DISCONNECTED,
        DISCONNECTING,
        /** A number outside 900-903: the web UI shows it as a reason the connection failed. */
        FAILED,
        UNKNOWN;

        static Connection of(int code) {
            return switch (code) {
                case 900 -> CONNECTING;
                case 901 -> CONNECTED;
                case 902 -> DISCONNECTED;
                case 903 -> DISCONNECTING;
                case -1 -> UNKNOWN;
                default -> FAILED;
            };
        }
    }

    /** The SIM as the status reply sees it. */
    public enum Sim {
        READY,
        ABSENT,
        INVALID,
        UNKNOWN;

        static Sim of(int code) {
            return switch (code) {
                case 1 -> READY;
                case 255 -> ABSENT;
                case -1 -> UNKNOWN;
                default -> INVALID;
            };
        }
    }
}
