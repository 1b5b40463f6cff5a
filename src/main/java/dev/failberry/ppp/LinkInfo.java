package dev.failberry.ppp;

import java.net.InetAddress;
import java.time.Instant;
import java.util.List;

/**
 * An established PPP link as pppd reported it.
 *
 * @param interfaceName e.g. {@code ppp0}
 * @param device        the tty pppd runs on
 * @param localIp       our address on the link (dotted quad, validated)
 * @param remoteIp      the peer's address (3G sticks usually report 10.64.64.64)
 * @param dns           DNS servers the peer offered (only with {@code usepeerdns}), primary first
 * @param since         when the link came up (wall clock, for people)
 */
public record LinkInfo(String interfaceName, String device, String localIp, String remoteIp, List<String> dns,
        Instant since) {

    public LinkInfo {
        dns = List.copyOf(dns);
    }

    public InetAddress localAddress() {
        return IpClassifier.parseLiteral(localIp).orElseThrow(() -> new IllegalStateException("bad IP " + localIp));
    }

    public IpClassifier.IpClass ipClass() {
        return IpClassifier.classify(localAddress());
    }
}
