package dev.failberry.notify;

import dev.failberry.config.NotifyConfig;
import dev.failberry.http.client.BoundHttpClient;
import dev.failberry.modem.sms.SmsTransport;
import dev.failberry.time.Scheduler;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** Builds the notifier the daemon wires in, from the {@code notify} section. */
public final class Notifications {
    private Notifications() {}

    /**
     * The notifier with a channel for each configured way (webhook when {@code notify.webhook.url} is set,
     * SMS when {@code notify.sms.to} is not empty), or empty when none is: give the supervisor
     * {@link EventSink#NONE} then.
     *
     * @param scheduler     the notifier's own scheduler (in the daemon a {@code ThreadScheduler("notify")},
     *                      never the supervisor's: a delivery may block for its timeouts)
     * @param sms           runs SMS dialogues on the modem's AT control port
     * @param webhookSource the source address for the next webhook request: the mobile link's address while
     *                      the wired path is down, empty to let the routing table decide
     */
    public static Optional<Notifier> create(
            NotifyConfig config,
            Scheduler scheduler,
            String host,
            SmsTransport sms,
            Supplier<Optional<InetAddress>> webhookSource) {
        List<NotifyChannel> channels = new ArrayList<>();
        if (config.webhook().url().isPresent()) {
            channels.add(new WebhookChannel(
                    config.webhook(), host, new BoundHttpClient(config.webhook().timeout()), webhookSource));
        }
        if (!config.sms().to().isEmpty()) {
            channels.add(new SmsChannel(config.sms().to(), sms));
        }
        return channels.isEmpty() ? Optional.empty() : Optional.of(new Notifier(config, scheduler, host, channels));
    }

    /** The kernel's host name (no DNS lookup), for the messages' {@code host}; "failberry" if unreadable. */
    public static String localHostName() {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.US_ASCII)
                    .strip();
            return name.isEmpty() ? "failberry" : name;
        } catch (IOException | RuntimeException e) {
            return "failberry";
        }
    }
}
