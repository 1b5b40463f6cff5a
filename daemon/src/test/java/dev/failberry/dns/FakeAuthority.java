package dev.failberry.dns;

import dev.failberry.config.HostPort;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;

/**
 * A UDP name server for tests that answers every query with one A record, with the AA flag set or
 * clear (a resolver answering from its cache), on any address (say {@code ::1}). Or, when
 * {@code answer} is null, receives and never answers. One daemon thread, ended by {@link #close()}.
 */
final class FakeAuthority implements AutoCloseable {
    private final DatagramSocket socket;
    private final boolean authoritative;
    private final byte[] answer;

    FakeAuthority(InetAddress bind, boolean authoritative, InetAddress answer) throws IOException {
        this.socket = new DatagramSocket(new InetSocketAddress(bind, 0));
        this.authoritative = authoritative;
        this.answer = answer == null ? null : answer.getAddress();
        Thread t = new Thread(this::serve, "fake-authority");
        t.setDaemon(true);
        t.start();
    }

    /** A server that receives queries and never answers. */
    static FakeAuthority silent() throws IOException {
        return new FakeAuthority(InetAddress.getLoopbackAddress(), true, null);
    }

    HostPort hostPort() {
        return new HostPort(socket.getLocalAddress().getHostAddress(), socket.getLocalPort());
    }

    private void serve() {
        byte[] buf = new byte[512];
        while (!socket.isClosed()) {
            try {
                DatagramPacket in = new DatagramPacket(buf, buf.length);
                socket.receive(in);
                if (answer == null || in.getLength() < 12) {
                    continue;
                }
                // the query (header + one question) with QR, AA as configured, RD kept, ANCOUNT 1, then the answer
                byte[] out = Arrays.copyOf(buf, in.getLength() + 12 + answer.length);
                out[2] = (byte) (0x80 | (authoritative ? 0x04 : 0) | (buf[2] & 0x01));
                out[3] = 0;
                out[7] = 1;
                int p = in.getLength();
                byte[] rr = {(byte) 0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, (byte) answer.length};
                System.arraycopy(rr, 0, out, p, rr.length);
                System.arraycopy(answer, 0, out, p + rr.length, answer.length);
                socket.send(new DatagramPacket(out, out.length, in.getSocketAddress()));
            } catch (IOException e) {
                // closed: the loop ends
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
