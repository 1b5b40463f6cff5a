package dev.failberry.daemon;

import java.util.function.Consumer;

/**
 * What the supervisor can ask of the capabilities. Each is implemented by a small adapter over the real
 * component ({@code modem}, {@code ppp}, {@code usb}, {@code dns}); the components report back through
 * {@link Controller}'s event methods, on the supervisor's thread. Every call returns at once: slow work
 * happens on the component's own thread.
 */
public final class Capabilities {
    private Capabilities() {}

    /** The modem monitor. */
    public interface ModemControl extends AutoCloseable {
        /** Opens the port (finding it first when {@code modem.port = auto}) and starts init + polling. */
        void start();

        /** Checks the modem now instead of at the next poll (e.g. right after pppd died). */
        void checkNow();

        /** Sends the soft-reset command (vendor-specific); the modem then vanishes and returns. */
        void softReset(String reason);

        @Override
        void close();
    }

    /** The pppd supervisor. */
    public interface LinkControl extends AutoCloseable {
        /**
         * Wants the link up: dial now and keep redialling with the link's own backoff (started over by this
         * call) until {@link #hangup}.
         */
        void dial();

        /** Wants the link down: stop pppd (SIGTERM, then SIGKILL) and stop redialling. */
        void hangup(String reason);

        /** Restarts pppd now and starts the link's own backoff over (the ladder's redial rung). */
        void restart(String reason);

        @Override
        void close();
    }

    /** Outcome of a USB power cycle. */
    public record PowerResult(boolean switched, boolean modemBack, String detail) {}

    /** The USB power switch. */
    public interface PowerControl {
        /** False for {@code usb-power.method = none}. */
        boolean available();

        /** Power-cycles asynchronously; {@code done} is called once, on any thread. */
        void cycle(String reason, Consumer<PowerResult> done);
    }

    /** Runs the reboot command. */
    public interface HostControl {
        /** Returns a one-line error, or null when the command was started. */
        String reboot(String reason);
    }

    /** The DNS publisher. */
    public interface DnsControl extends AutoCloseable {
        /**
         * The link's public address changed (or is first known): publish at once. {@code localIp} is the
         * link's own address, the source the publisher binds to where the provider checks it.
         */
        void addressChanged(String publicIp, String localIp);

        /** The link went down: stop retrying for the old address. */
        void linkDown();

        @Override
        void close();
    }
}
