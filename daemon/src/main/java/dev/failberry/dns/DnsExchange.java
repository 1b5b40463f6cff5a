package dev.failberry.dns;

import dev.failberry.config.HostPort;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.WireParseException;

/**
 * One DNS question to one server and its answer, for {@link AuthoritativeDns}: dnsjava's {@link Message}
 * on the wire (response code, AA and TC flags and records as typed values), sent over UDP and asked again
 * over TCP (RFC 7766 framing) when the UDP answer is truncated. Blocking, on the calling thread, each
 * socket closed after use: nothing runs between verifications (dnsjava's own resolvers would keep a
 * selector thread that wakes every second). The static functions are pure.
 */
final class DnsExchange {
    private static final Logger log = LoggerFactory.getLogger(DnsExchange.class);
    /** The largest answer read over UDP (no EDNS is sent, so servers keep to 512 bytes and set TC beyond). */
    private static final int UDP_BUFFER = 4096;

    private final Duration timeout;

    /** @param timeout for each of the UDP and the TCP exchange */
    DnsExchange(Duration timeout) {
        this.timeout = timeout;
    }

    /** One exchange with one server: over UDP, again over TCP when the UDP answer is truncated (TC). */
    Message ask(InetSocketAddress server, Message query) throws IOException {
        byte[] wire = query.toWire();
        int id = query.getHeader().getID();
        Message answer = udp(server, wire, id);
        if (answer.getHeader().getFlag(Flags.TC)) {
            log.debug("dns: truncated answer from {}; asking over TCP", server);
            answer = tcp(server, wire, id);
        }
        return answer;
    }

    private Message udp(InetSocketAddress server, byte[] wire, int id) throws IOException {
        try (DatagramSocket socket = new DatagramSocket()) {
            // connected: an ICMP port unreachable comes back as PortUnreachableException
            socket.connect(server);
            socket.send(new DatagramPacket(wire, wire.length));
            long deadline = System.nanoTime() + timeout.toNanos();
            byte[] buf = new byte[UDP_BUFFER];
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    throw new SocketTimeoutException("timed out");
                }
                socket.setSoTimeout((int) left);
                DatagramPacket packet = new DatagramPacket(buf, buf.length);
                socket.receive(packet);
                Optional<Message> answer = parse(Arrays.copyOf(buf, packet.getLength()), id);
                if (answer.isPresent()) {
                    return answer.get();
                }
                // another query's late answer, or garbage: keep waiting for ours
            }
        }
    }

    private Message tcp(InetSocketAddress server, byte[] wire, int id) throws IOException {
        int ms = (int) timeout.toMillis();
        try (Socket socket = new Socket()) {
            socket.connect(server, ms);
            socket.setSoTimeout(ms);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeShort(wire.length);
            out.write(wire);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] answer = in.readNBytes(in.readUnsignedShort());
            return parse(answer, id)
                    .orElseThrow(() -> new WireParseException("answer over TCP does not match the query"));
        }
    }

    /** The socket address of {@code server} (a literal, or a name resolved by the system). */
    static InetSocketAddress address(HostPort server) throws UnknownHostException {
        InetSocketAddress a = new InetSocketAddress(server.host(), server.port());
        if (a.isUnresolved()) {
            throw new UnknownHostException(server.host());
        }
        return a;
    }

    /** A query for {@code type} at {@code name} (class IN), with or without the RD flag. */
    static Message query(String name, String type, boolean recursive) throws IOException {
        Name n;
        try {
            n = Name.fromString(name.endsWith(".") ? name : name + ".");
        } catch (TextParseException e) {
            throw new IOException("not a DNS name: " + name, e);
        }
        Message q = Message.newQuery(Record.newRecord(n, Type.value(type), DClass.IN));
        if (!recursive) {
            q.getHeader().unsetFlag(Flags.RD);
        }
        return q;
    }

    /** {@code wire} as the answer to query {@code id}; empty when it is not one (another id, not a response, garbage). */
    static Optional<Message> parse(byte[] wire, int id) {
        try {
            Message m = new Message(wire);
            return m.getHeader().getID() == id && m.getHeader().getFlag(Flags.QR) ? Optional.of(m) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Why {@code answer} cannot be used, in a few words; empty for a usable one: NOERROR, or NXDOMAIN
     * (the name does not exist), with the AA flag when {@code authoritative} answers are required.
     */
    static Optional<String> refusal(Message answer, boolean authoritative) {
        int rcode = answer.getRcode();
        if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
            return Optional.of(rcodeReason(rcode));
        }
        if (authoritative && !answer.getHeader().getFlag(Flags.AA)) {
            return Optional.of("answer not authoritative");
        }
        return Optional.empty();
    }

    /** An error response code in a few words. */
    static String rcodeReason(int rcode) {
        return switch (rcode) {
            case Rcode.FORMERR -> "format error";
            case Rcode.SERVFAIL -> "server failure";
            case Rcode.NXDOMAIN -> "no such name";
            case Rcode.NOTIMP -> "not implemented";
            case Rcode.REFUSED -> "refused";
            default -> "response code " + rcode;
        };
    }

    /**
     * The values of the {@code type} records in {@code answer}'s answer section as text (addresses as
     * literals, name-server names with their trailing dot); only those owned by {@code name} when
     * {@code exactName} (an authoritative answer), all of them otherwise (a resolver following aliases).
     */
    static List<String> values(Message answer, String name, String type, boolean exactName) throws IOException {
        Name owner = query(name, type, false).getQuestion().getName();
        int t = Type.value(type);
        List<String> out = new ArrayList<>();
        for (Record r : answer.getSection(Section.ANSWER)) {
            if (r.getType() != t || exactName && !r.getName().equals(owner)) {
                continue;
            }
            if (r instanceof ARecord a) {
                out.add(a.getAddress().getHostAddress());
            } else if (r instanceof AAAARecord a) {
                out.add(a.getAddress().getHostAddress());
            } else if (r instanceof NSRecord ns) {
                out.add(ns.getTarget().toString());
            } else {
                out.add(r.rdataToString());
            }
        }
        return out;
    }

    /**
     * Why a server did not answer, in a few words on one line: {@code timed out}, {@code port
     * unreachable}, {@code connection refused} (TCP), {@code unknown host ...}, {@code malformed answer}.
     */
    static String reason(IOException e) {
        if (e instanceof SocketTimeoutException) {
            return "timed out";
        }
        if (e instanceof PortUnreachableException) {
            return "port unreachable";
        }
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        if (e instanceof UnknownHostException) {
            return "unknown host " + e.getMessage();
        }
        if (e instanceof WireParseException) {
            return "malformed answer" + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
        return AwsErrors.oneLine(
                e.getMessage() == null
                        ? e.getClass().getSimpleName()
                        : e.getClass().getSimpleName() + " " + e.getMessage());
    }
}
