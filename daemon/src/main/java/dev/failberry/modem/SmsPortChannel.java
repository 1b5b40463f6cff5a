package dev.failberry.modem;

import dev.failberry.modem.sms.AtChannel;
import java.io.IOException;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * The notifier's {@link AtChannel} on the session's open AT port, for one SMS dialogue on the modem
 * thread. Results become the lines and final line the dialogue reads; a vanished port becomes an
 * {@link IOException}. Before each command (never between a prompt and its text) it asks whether pppd now
 * wants the port (a single-port stick about to dial): then it stops, and the SMS waits for the port.
 */
final class SmsPortChannel implements AtChannel {
    /** pppd asked for the port before this command: the dialogue stops here and the SMS waits. */
    static final class PortWanted extends IOException {
        PortWanted() {
            super("the mobile link needs the modem's only port");
        }
    }

    private final AtPort port;
    private final BooleanSupplier portWanted;
    private boolean yielded;

    SmsPortChannel(AtPort port, BooleanSupplier portWanted) {
        this.port = port;
        this.portWanted = portWanted;
    }

    @Override
    public Reply command(String command, boolean untilPrompt, Duration timeout) throws IOException {
        if (portWanted.getAsBoolean()) {
            yielded = true;
            throw new PortWanted();
        }
        return reply(untilPrompt ? port.sendForPrompt(command, timeout) : port.send(command, timeout));
    }

    @Override
    public Reply write(String text, char terminator, Duration timeout) throws IOException {
        return reply(port.sendText(text, terminator, timeout));
    }

    /** True when the dialogue stopped because pppd wanted the port. */
    boolean yielded() {
        return yielded;
    }

    private Reply reply(AtResult r) throws IOException {
        return switch (r.status()) {
            case GONE -> throw new IOException("AT port " + port.name() + " gone");
            case TIMEOUT -> Reply.timeout(r.lines());
            default ->
                new Reply(
                        r.lines(),
                        r.raw().isEmpty()
                                ? r.status().name()
                                : r.raw().get(r.raw().size() - 1));
        };
    }
}
