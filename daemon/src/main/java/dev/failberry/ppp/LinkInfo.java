package dev.failberry.ppp;

import java.net.InetAddress;
import java.time.Instant;
import java.util.List;

/**
 * An established link: a PPP link as pppd reported it, or an Ethernet-type stick's interface with its
 * DHCP address.
 *
 * @param interfaceName e.g. {@code ppp0}
 * @param device        the tty pppd runs on (for an Ethernet-type link: the USB device, or the interface)
 * @param localIp       our address on the link (dotted quad, validated)
 * @param remoteIp      the peer's address (3G sticks usually report 10.64.64.64; an Ethernet link: its gateway)
 * @param dns           DNS servers the peer offered (only with {@code usepeerdns}), primary first
 * @param since         when the link came up (wall clock, for people)
 * @param gateway       the next hop of a link that has one (an Ethernet-type stick: 192.168.8.1 or the DHCP
 *                      router); null for a point-to-point link (PPP)
 */
public record LinkInfo(
        String interfaceName,
        String device,
        String localIp,
        String remoteIp,
        List<String> dns,
        Instant since,
        String gateway) {

    public LinkInfo {
        dns = List.copyOf(dns);
    }

    /** A point-to-point link (PPP): no gateway. */
    public LinkInfo(
            String interfaceName, String device, String localIp, String remoteIp, List<String> dns, Instant since) {
        this(interfaceName, device, localIp, remoteIp, dns, since, null);
    }

    public InetAddress localAddress() {
        return IpClassifier.parseLiteral(localIp).orElseThrow(() -> new IllegalStateException("bad IP " + localIp));
    }

    public IpClassifier.IpClass ipClass() {
        return IpClassifier.classify(localAddress());
    }
}
