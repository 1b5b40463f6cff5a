package dev.failberry.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.config.NotifyConfig;
import dev.failberry.metrics.Metrics;
import dev.failberry.modem.sms.SmsTransport;
import dev.failberry.notify.NotifyChannel.Delivery;
import dev.failberry.status.StatusSnapshot;
import dev.failberry.time.VirtualTime;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The notify counters on /metrics, and the event names config and code share. */
class NotifyMetricsTest {
    @Test
    void countersFollowTheNotifiersStatus() throws Exception {
        VirtualTime time = new VirtualTime();
        var webhook = new NotifierTest.RecordingChannel(WebhookChannel.NAME);
        webhook.script.add(new Delivery.Retry("answered HTTP 502"));
        var notifier = new Notifier(NotifierTest.config(NotifyConfig.EVENT_NAMES, 30, 6), time, "pi", List.of(webhook));
        var snapshot = new StatusSnapshot(
                "CONNECTED", "", Instant.EPOCH, true, null, null, null, null, null, null, Instant.EPOCH, 0);
        var metrics = new Metrics(() -> snapshot, time);
        metrics.registerNotify(notifier::status);
        notifier.emit(NotifyEvent.of(EventName.STARTED, time, "STARTING", "x"));
        time.advance(Duration.ofMinutes(1));
        var out = new ByteArrayOutputStream();
        metrics.write(out);
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text)
                .contains("failberry_notify_sent_total{channel=\"webhook\"} 1.0")
                .contains("failberry_notify_retries_total{channel=\"webhook\"} 1.0")
                .contains("failberry_notify_failed_total{channel=\"webhook\"} 0.0")
                .contains("failberry_notify_queue_length 0.0");
    }

    @Test
    void configAndCodeKnowTheSameEvents() {
        assertThat(java.util.Arrays.stream(EventName.values())
                        .filter(e -> e != EventName.TEST)
                        .map(EventName::wire)
                        .toList())
                .isEqualTo(NotifyConfig.EVENT_NAMES);
        assertThat(NotifyConfig.EVENT_NAMES)
                .as("the test message is never filtered out")
                .doesNotContain("test");
        assertThat(EventName.fromWire("wired-down")).contains(EventName.WIRED_DOWN);
        assertThat(EventName.fromWire("link_down")).isEmpty();
    }

    @Test
    void theFactoryBuildsAChannelPerConfiguredWay() {
        VirtualTime time = new VirtualTime();
        var none = NotifierTest.config(NotifyConfig.EVENT_NAMES, 30, 6);
        var noneAtAll = new NotifyConfig(
                none.events(), none.holdDown(), none.retryFor(), none.webhook(), new NotifyConfig.Sms(List.of(), 6));
        assertThat(Notifications.create(noneAtAll, time, "pi", SmsTransport.NONE, java.util.Optional::empty))
                .isEmpty();
        var smsOnly = Notifications.create(none, time, "pi", SmsTransport.NONE, java.util.Optional::empty)
                .orElseThrow();
        assertThat(smsOnly.status().channels())
                .extracting(NotifyStatus.ChannelStatus::name)
                .containsExactly("sms");
        assertThat(Notifications.localHostName()).isNotBlank();
    }
}
