package dev.failberry.sim.aws;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Raw DNS over UDP for the simulator's tests: builds queries, sends them, reads answers. */
final class DnsProbe {
    private DnsProbe() {}

    /** A standard query for {@code name} (no trailing dot) with one question. */
    static byte[] query(int id, String name, int type, boolean recursionDesired) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {
            (byte) (id >> 8), (byte) id, (byte) (recursionDesired ? 0x01 : 0x00), 0, 0, 1, 0, 0, 0, 0, 0, 0
        });
        for (String label : name.split("\\.")) {
            byte[] b = label.getBytes(StandardCharsets.ISO_8859_1);
            out.write(b.length);
            out.writeBytes(b);
        }
        out.writeBytes(new byte[] {0, (byte) (type >> 8), (byte) type, 0, 1});
        return out.toByteArray();
    }

    /** Sends {@code packet} from {@code socket} and returns the first response carrying {@code id}. */
    static byte[] ask(DatagramSocket socket, InetSocketAddress server, byte[] packet, int id, Duration timeout)
            throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        socket.send(new DatagramPacket(packet, packet.length, server));
        byte[] buf = new byte[4096];
        while (true) {
            DatagramPacket in = new DatagramPacket(buf, buf.length);
            socket.receive(in);
            if (in.getLength() >= 2 && DnsWire.u16(buf, 0) == id) {
                return java.util.Arrays.copyOf(buf, in.getLength());
            }
        }
    }

    static byte[] ask(InetSocketAddress server, byte[] packet, int id, Duration timeout) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return ask(socket, server, packet, id, timeout);
        }
    }

    static int flags(byte[] response) {
        return DnsWire.u16(response, 2);
    }

    static int rcode(byte[] response) {
        return flags(response) & 0xF;
    }

    static boolean authoritative(byte[] response) {
        return (flags(response) & 0x0400) != 0;
    }

    /**
     * The answers of a response written by {@link DnsWire#response} as {@code TYPE ttl value} (owner names
     * are all compression pointers to the question, so they are skipped).
     */
    static List<String> answers(byte[] response) throws UnknownHostException {
        int count = DnsWire.u16(response, 6);
        int pos = DnsWire.HEADER;
        while (response[pos] != 0) {
            pos += 1 + (response[pos] & 0xFF);
        }
        pos += 5;
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (DnsWire.u16(response, pos) != (0xC000 | DnsWire.HEADER)) {
                throw new AssertionError("owner name is not a pointer to the question at " + pos);
            }
            int type = DnsWire.u16(response, pos + 2);
            long ttl = ((long) DnsWire.u16(response, pos + 6) << 16) | DnsWire.u16(response, pos + 8);
            int len = DnsWire.u16(response, pos + 10);
            byte[] rdata = java.util.Arrays.copyOfRange(response, pos + 12, pos + 12 + len);
            out.add(DnsWire.typeName(type) + " " + ttl + " " + rdata(type, rdata));
            pos += 12 + len;
        }
        if (pos != response.length) {
            throw new AssertionError("trailing bytes after the answers: " + (response.length - pos));
        }
        return out;
    }

    static String rdata(int type, byte[] rdata) throws UnknownHostException {
        if (type == DnsWire.TYPE_NS) {
            StringBuilder name = new StringBuilder();
            for (int p = 0; rdata[p] != 0; p += 1 + rdata[p]) {
                name.append(new String(rdata, p + 1, rdata[p], StandardCharsets.US_ASCII))
                        .append('.');
            }
            return name.toString();
        }
        return InetAddress.getByAddress(rdata).getHostAddress();
    }
}
