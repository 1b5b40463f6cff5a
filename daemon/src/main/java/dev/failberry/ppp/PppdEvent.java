package dev.failberry.ppp;

import java.time.Duration;

/** A meaningful line of pppd's output (with {@code nodetach} pppd logs to stdout), as a typed event. */
public sealed interface PppdEvent {
    /** {@code pppd 2.4.9 started by root, uid 0}. */
    record Started(String version) implements PppdEvent {}

    /** {@code Serial connection established.}: the connect script (chat) succeeded. */
    record SerialConnected() implements PppdEvent {}

    /** {@code Connect script failed}. */
    record ConnectScriptFailed() implements PppdEvent {}

    /** {@code Using interface ppp0}. */
    record UsingInterface(String name) implements PppdEvent {}

    /** {@code Connect: ppp0 <--> /dev/ttyUSB0}. */
    record Connect(String iface, String device) implements PppdEvent {}

    /** {@code local  IP address 10.1.2.3}: IPCP is up, the link carries IP. */
    record LocalIp(String address) implements PppdEvent {}

    /** {@code remote IP address 10.64.64.64}. */
    record RemoteIp(String address) implements PppdEvent {}

    /** {@code primary   DNS address ...} and {@code secondary DNS address ...}. */
    record Dns(boolean primary, String address) implements PppdEvent {}

    /** {@code Modem hangup}. */
    record ModemHangup() implements PppdEvent {}

    /** {@code LCP terminated by peer}. */
    record LcpTerminatedByPeer() implements PppdEvent {}

    /** {@code No response to 3 echo-requests}. */
    record EchoTimeout(int requests) implements PppdEvent {}

    /** {@code Serial link appears to be disconnected.}. */
    record LinkDisconnected() implements PppdEvent {}

    /** {@code Connection terminated.}. */
    record ConnectionTerminated() implements PppdEvent {}

    /** {@code Connect time 39.7 minutes.}. */
    record ConnectTime(Duration time) implements PppdEvent {}

    /** {@code Sent 1234 bytes, received 5678 bytes.}. */
    record ByteCounts(long sent, long received) implements PppdEvent {}

    /** {@code Terminating on signal 15}. */
    record TerminatingOnSignal(int signal) implements PppdEvent {}

    /** {@code Hangup (SIGHUP)}. */
    record HangupSignal() implements PppdEvent {}

    /** {@code Exit.}. */
    record Exit() implements PppdEvent {}
}
