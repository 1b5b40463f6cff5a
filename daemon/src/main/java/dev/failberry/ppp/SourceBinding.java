package dev.failberry.ppp;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.nio.channels.SocketChannel;

/**
 * Decides the source address a probe socket is bound to, so probes and the public-IP check leave with
 * the link's own address and can never succeed through the wired link. Production uses
 * {@link #LINK_ADDRESS}; {@code demo} and tests use {@link #fixed} (e.g. 127.0.0.1) because the fake
 * link's address does not exist on the machine. There is no unbound fallback: if binding fails, the
 * probe fails.
 */
@FunctionalInterface
public interface SourceBinding {
    /** The local address to bind to for a link whose local IP is {@code linkIp}. */
    InetAddress sourceFor(InetAddress linkIp);

    /** Production: bind to the link's own local IP. */
    SourceBinding LINK_ADDRESS = linkIp -> linkIp;

    /** Stand-in for demo/tests: always bind to {@code address}. */
    static SourceBinding fixed(InetAddress address) {
        return linkIp -> address;
    }

    /** An unconnected socket already bound to the source address for {@code linkIp}; throws if binding fails. */
    default Socket boundSocket(InetAddress linkIp) throws IOException {
        InetAddress source = sourceFor(linkIp);
        Socket s = new Socket();
        try {
            s.bind(new InetSocketAddress(source, 0));
        } catch (IOException | RuntimeException e) {
            s.close();
            throw new IOException("cannot bind to " + source.getHostAddress() + ": " + e.getMessage(), e);
        }
        return s;
    }

    /**
     * A non-blocking channel already bound to the source address for {@code linkIp} (for connects that run
     * side by side); throws if binding fails.
     */
    default SocketChannel boundChannel(InetAddress linkIp) throws IOException {
        InetAddress source = sourceFor(linkIp);
        SocketChannel c = SocketChannel.open(
                source instanceof Inet4Address ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6);
        try {
            c.configureBlocking(false);
            c.bind(new InetSocketAddress(source, 0));
        } catch (IOException | RuntimeException e) {
            c.close();
            throw new IOException("cannot bind to " + source.getHostAddress() + ": " + e.getMessage(), e);
        }
        return c;
    }
}
