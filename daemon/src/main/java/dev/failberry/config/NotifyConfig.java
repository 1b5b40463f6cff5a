package dev.failberry.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code notify} section: which events are sent, how outages are folded, and the two channels.
 * Meanings and defaults are in {@code reference.conf}; validation is in {@code NotifyReader}.
 *
 * @param events   the event names sent (a subset of {@link #EVENT_NAMES}, in that order)
 * @param holdDown an outage is told only once it has lasted this long, and its end only once the link
 *                 has stayed back this long
 * @param retryFor how long a message is retried before it counts as failed
 */
public record NotifyConfig(List<String> events, Duration holdDown, Duration retryFor, Webhook webhook, Sms sms) {

    /** Every event the daemon can send (the interface's list); {@code notify.events} must name only these. */
    public static final List<String> EVENT_NAMES = List.of(
            "started",
            "link-up",
            "link-down",
            "recovery",
            "wired-down",
            "wired-up",
            "data-warning",
            "data-cap",
            "reboot-pending");

    /** An E.164 number as written in the config: '+', a country code not starting with 0, 7-15 digits in all. */
    public static final Pattern E164 = Pattern.compile("\\+[1-9]\\d{6,14}");

    /** How the webhook's request body is shaped (see reference.conf). */
    public enum Preset {
        JSON,
        SLACK,
        DISCORD,
        NTFY,
        TELEGRAM
    }

    /** One extra request header; the value is a secret (an API token, a bearer token). */
    public record Header(String name, Secret value) {}

    /**
     * @param url        the webhook URL, kept as a secret: for Slack, Discord and Telegram the path is the token
     * @param target     what logs and status show instead: scheme, host and port only
     * @param chatId     the Telegram chat (preset telegram only)
     */
    public record Webhook(
            Optional<Secret> url,
            String target,
            List<Header> headers,
            Preset preset,
            Optional<String> chatId,
            Duration timeout,
            int maxPerHour) {

        public Optional<URI> uri() {
            return url.map(s -> URI.create(s.value()));
        }
    }

    /** @param to the numbers (E.164) that get each event as one SMS */
    public record Sms(List<String> to, int maxPerHour) {}

    /** True when at least one channel is configured. */
    public boolean enabled() {
        return webhook.url().isPresent() || !sms.to().isEmpty();
    }
}
