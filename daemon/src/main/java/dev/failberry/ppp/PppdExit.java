package dev.failberry.ppp;

/**
 * Why pppd ended: its exit status (pppd(8), {@code pppd.h}) mapped to a reason, plus the reasons the
 * link supervisor itself causes (stop, connect timeout, start failure), and why an Ethernet-type link
 * (which has no pppd) went down, so both kinds report a {@link LinkDown} the same way. {@link #fatal()} marks causes
 * a redial cannot fix (bad options, no kernel PPP, not root): the link goes FAILED instead of redialling.
 */
public enum PppdExit {
    OK(0, "pppd exited normally", false),
    FATAL_ERROR(1, "pppd fatal error", false),
    OPTION_ERROR(2, "pppd rejected its options", true),
    NOT_ROOT(3, "pppd is not setuid-root and we are not root", true),
    NO_KERNEL_PPP(4, "the kernel has no PPP support", true),
    SIGNAL(5, "pppd terminated by a signal", false),
    LOCK_FAILED(6, "serial port is locked by another process", false),
    OPEN_FAILED(7, "could not open the serial port", false),
    CONNECT_SCRIPT_FAILED(8, "connect script (dial) failed", false),
    PTY_FAILED(9, "pty command failed", false),
    NEGOTIATION_FAILED(10, "PPP negotiation failed", false),
    PEER_AUTH_FAILED(11, "peer failed to authenticate", false),
    IDLE_TIMEOUT(12, "link idle timeout", false),
    CONNECT_TIME_LIMIT(13, "connect time limit reached", false),
    CALLBACK(14, "callback negotiated", false),
    PEER_DEAD(15, "peer not responding to LCP echo", false),
    MODEM_HANGUP(16, "modem hung up", false),
    LOOPBACK(17, "serial loopback detected", false),
    INIT_FAILED(18, "init script failed", false),
    AUTH_TO_PEER_FAILED(19, "authentication to peer failed", false),
    TRAFFIC_LIMIT(20, "traffic limit reached", false),
    CNID_AUTH_FAILED(21, "CNID authentication failed", false),
    /** Exit status outside pppd's table (e.g. 128+n when killed by a signal). */
    UNKNOWN(-1, "pppd exited with an unknown status", false),
    /** pppd could not be started at all (missing or not executable). */
    START_FAILED(-2, "pppd could not be started", true),
    /** No {@code local IP address} within {@code ppp.connect-timeout}; the supervisor killed pppd. */
    CONNECT_TIMEOUT(-3, "no IP address within the connect timeout", false),
    /** The supervisor stopped pppd (stop, redial or shutdown). */
    STOPPED(-4, "stopped by the daemon", false),
    /** An Ethernet-type link: the stick's network interface went away (unplugged, rebooting, power cut). */
    INTERFACE_GONE(-5, "the stick's network interface went away", false),
    /** An Ethernet-type link: the interface lost its IPv4 address (DHCP lease lost or released). */
    ADDRESS_LOST(-6, "the interface lost its address", false),
    /** An Ethernet-type link: the interface is there but has no carrier (down, or the stick stopped it). */
    NO_CARRIER(-7, "the interface has no carrier", false);

    private final int code;
    private final String text;
    private final boolean fatal;

    PppdExit(int code, String text, boolean fatal) {
        this.code = code;
        this.text = text;
        this.fatal = fatal;
    }

    /** The reason for pppd exit status {@code status}. */
    public static PppdExit ofStatus(int status) {
        if (status >= 0 && status <= 21) {
            return values()[status];
        }
        return UNKNOWN;
    }

    /**
     * Who ended pppd, from its exit status, the supervisor's reason if it signalled pppd ({@code ourKill},
     * else null) and whether pppd had announced its own end before that signal ({@code endingOnItsOwn}:
     * "Modem hangup", a dead peer, a failed connect script). The supervisor ended it when it signalled it,
     * unless pppd was already going down by itself and exited with a status of its own (16 after
     * "Modem hangup" although a SIGTERM followed). pppd exits 5 after SIGTERM; a process killed outright
     * reports 128 + the signal: those are always the supervisor's doing.
     */
    public static PppdExit attribute(int exitStatus, PppdExit ourKill, boolean endingOnItsOwn) {
        boolean bySignal = exitStatus == SIGNAL.code || exitStatus > 128;
        if (ourKill != null && (bySignal || !endingOnItsOwn)) {
            return ourKill;
        }
        return ofStatus(exitStatus);
    }

    /** pppd's exit status for this reason, or a negative number for supervisor-side reasons. */
    public int code() {
        return code;
    }

    /** Short human text for logs and status. */
    public String text() {
        return text;
    }

    /** True when redialling cannot help (configuration or installation problem). */
    public boolean fatal() {
        return fatal;
    }
}
