package dev.failberry.sim.aws;

import dev.failberry.dns.Ips;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The hosted zone's authoritative name server over UDP on loopback, for {@link LoopbackAws}: answers A
 * and AAAA from the simple (no set identifier) records, NS at the apex with {@code ns1.<zone>} and A for
 * that name with the responder's own address; NOERROR with no answers for a name that exists (or has
 * names below it) without that type, NXDOMAIN for a name in the zone that does not, REFUSED for names
 * outside the zone or a class other than IN. Wildcards are not expanded. Every answer has AA set.
 * Malformed packets are dropped. One daemon thread blocks in {@code receive}.
 */
final class DnsResponder implements AutoCloseable {
    /** TTL of the synthesized NS and glue records, as Route53 uses for its NS set. */
    static final long NS_TTL = 172_800;
    private static final long DEFAULT_TTL = 300;
    private static final int RECEIVE_BUFFER = 4096;

    /** Where the records come from; called on the responder thread for each well-formed query. */
    @FunctionalInterface
    interface Zone {
        /** The zone's records to answer {@code query} from, or empty to drop the query unanswered. */
        Optional<List<Route53Sim.Rrset>> lookup(DnsQuery query);
    }

    /** What to answer: the response code, whether authoritative, and the answer records. */
    record Outcome(int rcode, boolean authoritative, List<DnsWire.Answer> answers) {
    }

    private final String zoneName;
    private final Zone zone;
    private final DatagramSocket socket;
    private final Thread thread;

    private DnsResponder(String zoneName, Zone zone, DatagramSocket socket) {
        this.zoneName = zoneName;
        this.zone = zone;
        this.socket = socket;
        this.thread = new Thread(this::serve, "loopback-dns");
        thread.setDaemon(true);
    }

    /** Binds 127.0.0.1:{@code port} (0: ephemeral) and starts answering for {@code zoneName} (normalized). */
    static DnsResponder start(int port, String zoneName, Zone zone) throws SocketException {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        DnsResponder responder = new DnsResponder(zoneName, zone, socket);
        responder.thread.start();
        return responder;
    }

    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    private void serve() {
        byte[] buffer = new byte[RECEIVE_BUFFER];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
                handle(packet);
            } catch (IOException | RuntimeException e) {
                // closed (the loop ends) or one bad packet (dropped); either way nothing to answer
            }
        }
    }

    private void handle(DatagramPacket packet) throws IOException {
        Optional<DnsWire.Query> parsed = DnsWire.parseQuery(packet.getData(), packet.getLength());
        if (parsed.isEmpty()) {
            return;
        }
        DnsWire.Query q = parsed.get();
        Optional<List<Route53Sim.Rrset>> records = zone.lookup(
                new DnsQuery(q.name(), DnsWire.typeName(q.type()), q.recursionDesired()));
        if (records.isEmpty()) {
            return;
        }
        Outcome o = answer(zoneName, socket.getLocalAddress(), records.get(), q.name(), q.type(), q.qclass());
        byte[] out = DnsWire.response(q, o.rcode(), o.authoritative(), o.answers());
        socket.send(new DatagramPacket(out, out.length, packet.getSocketAddress()));
    }

    /**
     * What the zone {@code zoneName}, holding {@code records} and served from {@code self}, answers to
     * {@code name}/{@code type}/{@code qclass}. Values that are not addresses of the asked type are left
     * out. Pure.
     */
    static Outcome answer(String zoneName, InetAddress self, List<Route53Sim.Rrset> records, String name, int type,
                          int qclass) {
        boolean inZone = name.equals(zoneName) || name.endsWith("." + zoneName);
        if (qclass != DnsWire.CLASS_IN || !inZone) {
            return new Outcome(DnsWire.REFUSED, false, List.of());
        }
        String nsHost = nameServer(zoneName);
        List<DnsWire.Answer> answers = new ArrayList<>();
        if (name.equals(zoneName) && type == DnsWire.TYPE_NS) {
            answers.add(new DnsWire.Answer(DnsWire.TYPE_NS, NS_TTL, DnsWire.encodeName(nsHost)));
        }
        if (name.equals(nsHost) && type == DnsWire.TYPE_A) {
            answers.add(new DnsWire.Answer(DnsWire.TYPE_A, NS_TTL, self.getAddress()));
        }
        boolean exists = name.equals(zoneName) || name.equals(nsHost);
        int wantedLength = type == DnsWire.TYPE_A ? 4 : type == DnsWire.TYPE_AAAA ? 16 : -1;
        for (Route53Sim.Rrset r : records) {
            if (r.name().equals(name)) {
                exists = true;
                if (r.setIdentifier() == null && wantedLength > 0 && DnsWire.typeName(type).equals(r.type())) {
                    for (String v : r.values()) {
                        Ips.parse(v).map(InetAddress::getAddress).filter(b -> b.length == wantedLength)
                                .ifPresent(b -> answers.add(new DnsWire.Answer(type,
                                        r.ttl() == null ? DEFAULT_TTL : r.ttl(), b)));
                    }
                }
            } else if (r.name().endsWith("." + name)) {
                exists = true; // an empty non-terminal: names below it exist
            }
        }
        return new Outcome(exists ? DnsWire.NOERROR : DnsWire.NXDOMAIN, true, List.copyOf(answers));
    }

    /** The name the zone's NS record names: {@code ns1.<zone>}. */
    static String nameServer(String zoneName) {
        return "ns1." + zoneName;
    }

    /**
     * Closes the socket; the thread's {@code receive} fails and the thread ends on its own (not joined:
     * it may be waiting for {@link LoopbackAws}'s lock, which the caller holds).
     */
    @Override
    public void close() {
        socket.close();
    }
}
