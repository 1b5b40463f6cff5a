package dev.failberry.ppp;

/**
 * What brings the link up and takes it down, as the supervisor drives it: {@link PppLink} (pppd over the
 * modem's data port) or an Ethernet-type stick's interface ({@code dev.failberry.usbnet.EthernetLink}).
 * Either one reports through the {@link PppListener} it was made with, so probes, the public-IP check,
 * data usage, routing, the firewall and DNS publishing follow it the same way. Every call returns at once.
 */
public interface LinkDriver extends AutoCloseable {
    /**
     * The link is wanted: bring it up ({@code dataPort}: where pppd dials; an Ethernet link has none and
     * gets null) and keep it up by the link's own means until {@link #stop}.
     */
    void start(String dataPort);

    /** The link is no longer wanted; {@code why} is shown as "stopped by the daemon: why". */
    void stop(String why);

    /** {@link #stop(String)} without a reason. */
    default void stop() {
        stop(null);
    }

    /** The ladder's redial rung: take the link down and bring it up again now. */
    void redial();

    PppStatus status();

    @Override
    void close();
}
