package dev.failberry.sim.aws;

import dev.failberry.dns.Ips;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The hosted zone's authoritative name server over UDP on loopback, for {@link LoopbackAws}: answers A
 * and AAAA from the simple (no set identifier) records, NS at the apex with {@code ns1.<zone>} and A for
 * that name with the responder's own address; NOERROR with no answers for a name that exists (or has
 * names below it) without that type, NXDOMAIN for a name in the zone that does not, REFUSED for names
 * outside the zone or a class other than IN. Wildcards are not expanded. Every answer has AA set.
 * Malformed packets are dropped. Over TCP on the same port number it answers the same (RFC 7766 framing:
 * a two-byte length before each message, one query per connection), without the 512-byte limit; the
 * zone can have UDP answers truncated ({@code TC}, no records) to send clients there. One daemon thread
 * blocks in {@code receive}, another in {@code accept}.
 */
final class DnsResponder implements AutoCloseable {
    /** TTL of the synthesized NS and glue records, as Route53 uses for its NS set. */
    static final long NS_TTL = 172_800;

    private static final long DEFAULT_TTL = 300;
    private static final int RECEIVE_BUFFER = 4096;
    /** How long a restart on the same port waits for the closed responder to let go of it. */
    static final java.time.Duration REBIND = java.time.Duration.ofSeconds(3);

    /** Where the records come from; called on the responder thread for each well-formed query. */
    @FunctionalInterface
    interface Zone {
        /** The zone's records to answer {@code query} from, or empty to drop the query unanswered. */
        Optional<List<Route53Sim.Rrset>> lookup(DnsQuery query, boolean tcp);

        /** Whether UDP answers are sent truncated (TC set, no records), as an answer too large for UDP is. */
        default boolean truncateUdp() {
            return false;
        }
    }

    /** What to answer: the response code, whether authoritative, and the answer records. */
    record Outcome(int rcode, boolean authoritative, List<DnsWire.Answer> answers) {}

    private final String zoneName;
    private final Zone zone;
    private final DatagramSocket socket;
    private final ServerSocket tcp;
    private final Thread thread;
    private final Thread tcpThread;

    private DnsResponder(String zoneName, Zone zone, DatagramSocket socket, ServerSocket tcp) {
        this.zoneName = zoneName;
        this.zone = zone;
        this.socket = socket;
        this.tcp = tcp;
        this.thread = new Thread(this::serve, "loopback-dns");
        thread.setDaemon(true);
        this.tcpThread = new Thread(this::serveTcp, "loopback-dns-tcp");
        tcpThread.setDaemon(true);
    }

    /**
     * Binds 127.0.0.1:{@code port} (0: ephemeral) over UDP and TCP and starts answering for
     * {@code zoneName} (normalized).
     */
    static DnsResponder start(int port, String zoneName, Zone zone) throws IOException {
        return start(InetAddress.getLoopbackAddress(), port, zoneName, zone);
    }

    /**
     * As {@link #start(int, String, Zone)}, on {@code address} (the network lab's "internet").
     *
     * <p>A given port (a {@link LoopbackAws#restart()}) may still be held for a moment by the responder that
     * was closed on it: a socket closed while its thread is blocked in {@code accept} or {@code receive}
     * is released by the kernel only when that call returns, i.e. once the thread is scheduled again (late
     * on a loaded machine). So binding a given port is tried again for up to {@link #REBIND} before failing.
     */
    static DnsResponder start(InetAddress address, int port, String zoneName, Zone zone) throws IOException {
        long deadline = System.nanoTime() + REBIND.toNanos();
        for (int attempt = 0; ; attempt++) {
            DatagramSocket socket = null;
            ServerSocket tcp = new ServerSocket();
            try {
                socket = new DatagramSocket(new InetSocketAddress(address, port));
                tcp.setReuseAddress(true);
                tcp.bind(new InetSocketAddress(address, socket.getLocalPort()), 16);
            } catch (java.net.BindException e) {
                if (socket != null) {
                    socket.close();
                }
                tcp.close();
                if (port == 0 && attempt < 20) {
                    continue; // the ephemeral UDP port's number is taken over TCP: another one
                }
                if (port == 0 || System.nanoTime() > deadline) {
                    throw e;
                }
                pause();
                continue;
            } catch (IOException | RuntimeException e) {
                if (socket != null) {
                    socket.close();
                }
                tcp.close();
                throw e;
            }
            DnsResponder responder = new DnsResponder(zoneName, zone, socket, tcp);
            responder.thread.start();
            responder.tcpThread.start();
            return responder;
        }
    }

    private static void pause() throws java.io.InterruptedIOException {
        try {
            Thread.sleep(20); // the old socket's thread is being scheduled: nothing to await but the kernel
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting for port to be released");
        }
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
        Optional<byte[]> out = respond(packet.getData(), packet.getLength(), false);
        if (out.isPresent()) {
            socket.send(new DatagramPacket(out.get(), out.get().length, packet.getSocketAddress()));
        }
    }

    private void serveTcp() {
        while (!tcp.isClosed()) {
            try (Socket client = tcp.accept()) {
                client.setSoTimeout(5000);
                DataInputStream in = new DataInputStream(client.getInputStream());
                byte[] query = in.readNBytes(in.readUnsignedShort());
                Optional<byte[]> out = respond(query, query.length, true);
                if (out.isPresent()) {
                    DataOutputStream o = new DataOutputStream(client.getOutputStream());
                    o.writeShort(out.get().length);
                    o.write(out.get());
                    o.flush();
                }
            } catch (IOException | RuntimeException e) {
                // closed (the loop ends) or one bad connection (dropped)
            }
        }
    }

    /** The response to one query packet; empty to drop it (malformed, or the zone says so). */
    private Optional<byte[]> respond(byte[] packet, int length, boolean overTcp) {
        Optional<DnsWire.Query> parsed = DnsWire.parseQuery(packet, length);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        DnsWire.Query q = parsed.get();
        Optional<List<Route53Sim.Rrset>> records =
                zone.lookup(new DnsQuery(q.name(), DnsWire.typeName(q.type()), q.recursionDesired()), overTcp);
        if (records.isEmpty()) {
            return Optional.empty();
        }
        Outcome o = answer(zoneName, socket.getLocalAddress(), records.get(), q.name(), q.type(), q.qclass());
        int limit = overTcp ? 65_535 : zone.truncateUdp() ? DnsWire.HEADER + q.question().length : DnsWire.MAX_UDP;
        return Optional.of(DnsWire.response(q, o.rcode(), o.authoritative(), o.answers(), limit));
    }

    /**
     * What the zone {@code zoneName}, holding {@code records} and served from {@code self}, answers to
     * {@code name}/{@code type}/{@code qclass}. Values that are not addresses of the asked type are left
     * out. Pure.
     */
    static Outcome answer(
            String zoneName, InetAddress self, List<Route53Sim.Rrset> records, String name, int type, int qclass) {
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
                if (r.setIdentifier() == null
                        && wantedLength > 0
                        && DnsWire.typeName(type).equals(r.type())) {
                    for (String v : r.values()) {
                        Ips.parse(v)
                                .map(InetAddress::getAddress)
                                .filter(b -> b.length == wantedLength)
                                .ifPresent(b -> answers.add(
                                        new DnsWire.Answer(type, r.ttl() == null ? DEFAULT_TTL : r.ttl(), b)));
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
        try {
            tcp.close();
        } catch (IOException e) {
            // closing
        }
    }
}
