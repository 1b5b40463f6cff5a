package dev.failberry.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.json.Json;
import dev.failberry.notify.NotifyStatus;
import dev.failberry.notify.NotifyStatus.ChannelStatus;
import dev.failberry.time.VirtualTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code notify} object of /status and its one line in {@code failberry status}. */
class StatusNotifyTest {
    private final VirtualTime time = new VirtualTime();

    private static StatusSnapshot snapshot() {
        return new StatusSnapshot(
                "CONNECTED", "link up", Instant.EPOCH, true, null, null, null, null, null, null, Instant.EPOCH, 0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> part(Map<String, Object> m, String key) {
        return (Map<String, Object>) m.get(key);
    }

    @Test
    void theNotifierStatusIsTheNotifyObjectAndSurvivesStateChanges() {
        NotifyStatus n = new NotifyStatus(
                3,
                1,
                "sms: +CMS ERROR: 500 (unknown error)",
                1,
                0,
                List.of(
                        new ChannelStatus(
                                "webhook",
                                "https://hooks.example.com:443",
                                2,
                                0,
                                0,
                                0,
                                0,
                                null,
                                null,
                                Instant.parse("2026-12-01T19:01:00Z"),
                                null),
                        new ChannelStatus(
                                "sms",
                                "1 number",
                                1,
                                1,
                                2,
                                0,
                                1,
                                "+CMS ERROR: 500 (unknown error)",
                                Instant.parse("2026-12-01T19:02:00Z"),
                                Instant.parse("2026-12-01T19:00:00Z"),
                                "the modem's only port carries the mobile link (pppd): the SMS waits until it is free")));
        StatusSnapshot s = snapshot().withNotify(n).withState("DEGRADED", "probes failing", Instant.EPOCH, false, "x");
        Map<String, Object> json = Json.parseObject(StatusJson.render(s, time));
        assertThat(part(json, "notify"))
                .containsEntry("sent", 3)
                .containsEntry("failed", 1)
                .containsEntry("last_error", "sms: +CMS ERROR: 500 (unknown error)")
                .containsEntry("queue_length", 1);
        assertThat(part(part(part(json, "notify"), "channels"), "sms"))
                .containsEntry("retries", 2)
                .containsEntry(
                        "waiting",
                        "the modem's only port carries the mobile link (pppd): the SMS waits until it is free");

        String text = StatusText.format(json);
        assertThat(text.lines().filter(l -> l.strip().startsWith("notify")))
                .singleElement()
                .asString()
                .contains("webhook 2 sent")
                .contains("sms 1 sent, 1 failed, 1 pending (waiting: the modem's only port")
                .contains("last error: sms: +CMS ERROR: 500");
    }

    @Test
    void withoutChannelsTheLineSaysNotConfigured() {
        Map<String, Object> json = Json.parseObject(StatusJson.render(snapshot().withNotify(NotifyStatus.NONE), time));
        assertThat(part(json, "notify"))
                .containsEntry("sent", 0)
                .containsEntry("failed", 0)
                .containsEntry("last_error", null);
        assertThat(StatusText.format(json)).contains("notify    not configured");
        Map<String, Object> before = Json.parseObject(StatusJson.render(snapshot(), time));
        assertThat(StatusText.format(before)).contains("notify    not configured");
    }
}
