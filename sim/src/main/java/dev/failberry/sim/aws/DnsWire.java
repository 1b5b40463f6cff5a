package dev.failberry.sim.aws;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * DNS messages (RFC 1035 section 4) as far as {@link DnsResponder} needs them: reading a standard query
 * with one question, writing a response that repeats the question and points its answers' owner names
 * at it (compression pointer to offset 12). Pure; malformed input gives {@link Optional#empty()}, never
 * an exception.
 */
final class DnsWire {
    static final int HEADER = 12;
    /** The classic UDP payload limit; larger responses are sent truncated (TC set, no answers). */
    static final int MAX_UDP = 512;

    static final int TYPE_A = 1;
    static final int TYPE_NS = 2;
    static final int TYPE_AAAA = 28;
    static final int CLASS_IN = 1;
    static final int NOERROR = 0;
    static final int NXDOMAIN = 3;
    static final int REFUSED = 5;

    private static final int MAX_NAME = 255;
    private static final int MAX_LABEL = 63;
    private static final int FLAG_QR = 0x8000;
    private static final int FLAG_AA = 0x0400;
    private static final int FLAG_TC = 0x0200;
    private static final int FLAG_RD = 0x0100;

    private DnsWire() {}

    /**
     * One question of a standard query. {@code name} is lower case without the trailing dot ("" for the
     * root); {@code question} holds the question section exactly as received, to be repeated.
     */
    record Query(int id, boolean recursionDesired, String name, int type, int qclass, byte[] question) {}

    /** One answer record for the question's name; {@code rdata} already encoded. */
    record Answer(int type, long ttl, byte[] rdata) {}

    /**
     * The query in the first {@code length} bytes of {@code packet}: empty unless it is a standard query
     * (QR clear, opcode 0) with exactly one question whose name is plain labels (no compression, no dots
     * inside a label, at most 255 octets). Records after the question (an EDNS OPT, say) are ignored.
     */
    static Optional<Query> parseQuery(byte[] packet, int length) {
        if (length < HEADER || length > packet.length) {
            return Optional.empty();
        }
        int flags = u16(packet, 2);
        if ((flags & FLAG_QR) != 0 || ((flags >> 11) & 0xF) != 0 || u16(packet, 4) != 1) {
            return Optional.empty();
        }
        StringBuilder name = new StringBuilder();
        int pos = HEADER;
        while (true) {
            if (pos >= length) {
                return Optional.empty();
            }
            int len = packet[pos] & 0xFF;
            if (len == 0) {
                pos++;
                break;
            }
            if (len > MAX_LABEL || pos + 1 + len > length || pos + 1 + len - HEADER >= MAX_NAME) {
                return Optional.empty();
            }
            if (name.length() > 0) {
                name.append('.');
            }
            for (int i = pos + 1; i <= pos + len; i++) {
                char c = (char) (packet[i] & 0xFF);
                if (c == '.') {
                    return Optional.empty();
                }
                name.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
            }
            pos += 1 + len;
        }
        if (pos + 4 > length) {
            return Optional.empty();
        }
        byte[] question = new byte[pos + 4 - HEADER];
        System.arraycopy(packet, HEADER, question, 0, question.length);
        return Optional.of(new Query(
                u16(packet, 0),
                (flags & FLAG_RD) != 0,
                name.toString(),
                u16(packet, pos),
                u16(packet, pos + 2),
                question));
    }

    /**
     * The response to {@code query}: QR set, AA as given, RD copied, RA clear, the question repeated and
     * the answers (class IN) owned by the question's name. Over {@code maxSize} bytes ({@link #MAX_UDP}
     * over UDP) it is sent with TC set and no answers.
     */
    static byte[] response(Query query, int rcode, boolean authoritative, List<Answer> answers) {
        return response(query, rcode, authoritative, answers, MAX_UDP);
    }

    static byte[] response(Query query, int rcode, boolean authoritative, List<Answer> answers, int maxSize) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(MAX_UDP);
        for (Answer a : answers) {
            putU16(out, 0xC000 | HEADER);
            putU16(out, a.type());
            putU16(out, CLASS_IN);
            putU16(out, (int) (a.ttl() >>> 16) & 0xFFFF);
            putU16(out, (int) a.ttl() & 0xFFFF);
            putU16(out, a.rdata().length);
            out.writeBytes(a.rdata());
        }
        boolean truncated = HEADER + query.question().length + out.size() > maxSize;
        int flags = FLAG_QR
                | (authoritative ? FLAG_AA : 0)
                | (truncated ? FLAG_TC : 0)
                | (query.recursionDesired() ? FLAG_RD : 0)
                | (rcode & 0xF);
        ByteArrayOutputStream msg = new ByteArrayOutputStream(MAX_UDP);
        putU16(msg, query.id());
        putU16(msg, flags);
        putU16(msg, 1);
        putU16(msg, truncated ? 0 : answers.size());
        putU16(msg, 0);
        putU16(msg, 0);
        msg.writeBytes(query.question());
        if (!truncated) {
            msg.writeBytes(out.toByteArray());
        }
        return msg.toByteArray();
    }

    /** {@code name} ("ns1.example.com", no trailing dot) as uncompressed labels ending in the root label. */
    static byte[] encodeName(String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!name.isEmpty()) {
            for (String label : name.split("\\.")) {
                byte[] bytes = label.getBytes(StandardCharsets.US_ASCII);
                if (bytes.length == 0 || bytes.length > MAX_LABEL) {
                    throw new IllegalArgumentException("bad label in " + name);
                }
                out.write(bytes.length);
                out.writeBytes(bytes);
            }
        }
        out.write(0);
        return out.toByteArray();
    }

    /** Mnemonic for a query type, as DNS tools print it ({@code A}, {@code NS}, {@code TYPE65}). */
    static String typeName(int type) {
        return switch (type) {
            case TYPE_A -> "A";
            case TYPE_NS -> "NS";
            case TYPE_AAAA -> "AAAA";
            case 5 -> "CNAME";
            case 6 -> "SOA";
            case 15 -> "MX";
            case 16 -> "TXT";
            case 255 -> "ANY";
            default -> "TYPE" + type;
        };
    }

    static int u16(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    private static void putU16(ByteArrayOutputStream out, int v) {
        out.write((v >> 8) & 0xFF);
        out.write(v & 0xFF);
    }
}
