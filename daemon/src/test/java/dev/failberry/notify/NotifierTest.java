package dev.failberry.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.failberry.config.NotifyConfig;
import dev.failberry.config.NotifyConfig.Preset;
import dev.failberry.notify.NotifyChannel.Delivery;
import dev.failberry.testutil.LogCapture;
import dev.failberry.time.VirtualTime;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The notifier in virtual time, with in-memory channels that record what they were given. */
class NotifierTest {
    private final VirtualTime time = new VirtualTime();

    /** A channel that answers from a script (Sent once the script is empty) and records every attempt. */
    static final class RecordingChannel implements NotifyChannel {
        final String name;
        final List<Notice> attempts = new ArrayList<>();
        final List<Notice> delivered = new ArrayList<>();
        final Deque<Delivery> script = new ArrayDeque<>();
        final List<Runnable> readyListeners = new ArrayList<>();

        RecordingChannel(String name) {
            this.name = name;
        }

        @Override
        public void whenReady(Runnable ready) {
            readyListeners.add(ready);
        }

        /** What the modem does when its AT port opens. */
        void ready() {
            readyListeners.forEach(Runnable::run);
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String target() {
            return "memory";
        }

        @Override
        public Delivery deliver(Notice notice) {
            attempts.add(notice);
            Delivery d = script.isEmpty() ? new Delivery.Sent() : script.poll();
            if (d instanceof Delivery.Sent) {
                delivered.add(notice);
            }
            return d;
        }
    }

    static NotifyConfig config(List<String> events, int webhookPerHour, int smsPerHour) {
        return new NotifyConfig(
                events,
                Duration.ofSeconds(60),
                Duration.ofHours(1),
                new NotifyConfig.Webhook(
                        Optional.empty(),
                        "",
                        List.of(),
                        Preset.JSON,
                        Optional.empty(),
                        Duration.ofSeconds(10),
                        webhookPerHour),
                new NotifyConfig.Sms(List.of("+64211234567"), smsPerHour));
    }

    private NotifyEvent now(EventName name, String reason) {
        return NotifyEvent.of(name, time, "STATE", reason);
    }

    @Test
    void aLinkFlappingEvery10sForAnHourGivesExactlyTwoMessagesPerChannel() {
        var webhook = new RecordingChannel(WebhookChannel.NAME);
        var sms = new RecordingChannel(SmsChannel.NAME);
        var notifier = new Notifier(config(NotifyConfig.EVENT_NAMES, 30, 6), time, "pi", List.of(webhook, sms));
        for (int i = 0; i < 360; i++) { // an hour: down 10 s, up 10 s, ...
            notifier.emit(now(i % 2 == 0 ? EventName.LINK_DOWN : EventName.LINK_UP, "flap " + i));
            time.advance(Duration.ofSeconds(10));
        }
        time.advance(Duration.ofHours(1)); // then it stays up
        for (RecordingChannel c : List.of(webhook, sms)) {
            assertThat(c.delivered)
                    .extracting(n -> n.event().name())
                    .containsExactly(EventName.LINK_DOWN, EventName.LINK_UP);
            assertThat(c.attempts).hasSize(2);
        }
        Notice down = sms.delivered.get(0);
        Notice up = sms.delivered.get(1);
        assertThat(down.line()).isEqualTo("FailberryPi pi: mobile link down since 00:00Z: flap 0 (flapping: 4 drops)");
        assertThat(up.line()).isEqualTo("FailberryPi pi: mobile link back after 59m at 00:59Z: flap 359 (180 drops)");
        assertThat(down.id()).isNotEqualTo(up.id());
        assertThat(notifier.status().sent()).isEqualTo(4);
        assertThat(notifier.status().queueLength()).isZero();
    }

    @Test
    void timeFromOutageToEachMessageIsTheHoldDown() {
        var webhook = new RecordingChannel(WebhookChannel.NAME);
        var notifier = new Notifier(config(NotifyConfig.EVENT_NAMES, 30, 6), time, "pi", List.of(webhook));
        notifier.emit(now(EventName.WIRED_DOWN, "no answer from 1.1.1.1:443 through 192.168.1.1"));
        time.advance(Duration.ofSeconds(59));
        assertThat(webhook.delivered).isEmpty();
        time.advance(Duration.ofSeconds(1));
        assertThat(webhook.delivered).hasSize(1);
        time.advance(Duration.ofMinutes(10));
        notifier.emit(now(EventName.WIRED_UP, "wired probes pass again"));
        time.advance(Duration.ofSeconds(59));
        assertThat(webhook.delivered).hasSize(1);
        time.advance(Duration.ofSeconds(1));
        assertThat(webhook.delivered)
                .extracting(n -> n.event().name())
                .containsExactly(EventName.WIRED_DOWN, EventName.WIRED_UP);
        assertThat(webhook.delivered.get(1).line()).contains("wired internet back after 11m");
    }

    @Test
    void theRateLimitDropsAndCountsButNeverTheEndOfAToldOutage() {
        var sms = new RecordingChannel(SmsChannel.NAME);
        var notifier = new Notifier(config(NotifyConfig.EVENT_NAMES, 30, 2), time, "pi", List.of(sms));
        notifier.emit(now(EventName.STARTED, "version 0.1.0"));
        notifier.emit(now(EventName.LINK_DOWN, "carrier lost"));
        time.advance(Duration.ofMinutes(2));
        notifier.emit(now(EventName.DATA_WARNING, "80 % of 5 GiB"));
        notifier.emit(now(EventName.DATA_CAP, "5 GiB used"));
        time.advance(Duration.ofSeconds(1));
        notifier.emit(now(EventName.LINK_UP, "ppp0 up"));
        time.advance(Duration.ofMinutes(2));
        assertThat(sms.delivered)
                .extracting(n -> n.event().name())
                .containsExactly(EventName.STARTED, EventName.LINK_DOWN, EventName.LINK_UP);
        Notice last = sms.delivered.get(2);
        assertThat(last.dropped()).isEqualTo(2);
        assertThat(last.line()).startsWith("FailberryPi pi [2 earlier dropped]: mobile link back after 2m");
        assertThat(last.event().detail()).containsEntry("dropped_before", 2);
        assertThat(notifier.status().channels().get(0).rateLimited()).isEqualTo(2);
    }

    @Test
    void retriesWithBackoffThenDeliversOnceAndLogsOnce() {
        var webhook = new RecordingChannel(WebhookChannel.NAME);
        for (int i = 0; i < 5; i++) {
            webhook.script.add(new Delivery.Retry("answered HTTP 500"));
        }
        try (var logs = LogCapture.of(ChannelWorker.class)) {
            var notifier = new Notifier(config(NotifyConfig.EVENT_NAMES, 30, 6), time, "pi", List.of(webhook));
            notifier.emit(now(EventName.REBOOT_PENDING, "link down for 2 h; rebooting"));
            time.runDue();
            assertThat(webhook.attempts).hasSize(1);
            assertThat(notifier.status().channels().get(0).lastError()).isEqualTo("answered HTTP 500");
            assertThat(notifier.status().channels().get(0).pending()).isEqualTo(1);
            time.advance(Duration.ofMinutes(30));
            assertThat(webhook.attempts).hasSize(6);
            assertThat(webhook.delivered).hasSize(1);
            assertThat(webhook.attempts)
                    .extracting(Notice::id)
                    .containsOnly(webhook.attempts.get(0).id());
            assertThat(notifier.status().channels().get(0).retries()).isEqualTo(5);
            assertThat(notifier.status().sent()).isEqualTo(1);
            assertThat(logs.messages())
                    .filteredOn(l -> l.startsWith("WARN") && l.contains("answered HTTP 500"))
                    .hasSize(1);
            assertThat(logs.messages())
                    .filteredOn(l -> l.contains("delivered again after 5 failed attempt(s)"))
                    .hasSize(1);
        }
    }

    @Test
    void aPermanentFailureIsCountedAndTheNextMessageStillGoes() {
        var webhook = new RecordingChannel(WebhookChannel.NAME);
        webhook.script.add(new Delivery.Failed("answered HTTP 404"));
        var notifier = new Notifier(config(NotifyConfig.EVENT_NAMES, 30, 6), time, "pi", List.of(webhook));
        notifier.emit(now(EventName.STARTED, "one"));
        notifier.emit(now(EventName.DATA_WARNING, "two"));
        time.runDue();
        assertThat(webhook.attempts).hasSize(2);
        assertThat(webhook.delivered).extracting(n -> n.event().name()).containsExactly(EventName.DATA_WARNING);
        var st = notifier.status();
        assertThat(st.failed()).isEqualTo(1);
        assertThat(st.lastError()).isEqualTo("webhook: answered HTTP 404");
    }

    @Test
    void givesUpAfterRetryFor() {
        var webhook = new RecordingChannel(WebhookChannel.NAME);
        for (int i = 0; i < 100; i++) {
            webhook.script.add(new Delivery.Retry("no answer within 10 s"));
        }
        var notifier = new Notifier(config(NotifyConfig.EVENT_NAMES, 30, 6), time, "pi", List.of(webhook));
        notifier.emit(now(EventName.STARTED, "x"));
        time.advance(Duration.ofHours(2));
        var c = notifier.status().channels().get(0);
        assertThat(c.failed()).isEqualTo(1);
        assertThat(c.pending()).isZero();
        assertThat(c.lastError()).isEqualTo("gave up after 1h: no answer within 10 s");
        assertThat(c.retries()).isBetween(8L, 13L); // 10 s doubling to 10 min within the hour
    }

    @Test
    void waitingForThePortIsNotAnAttemptAndIsShownInStatus() {
        var sms = new RecordingChannel(SmsChannel.NAME);
        sms.script.add(new Delivery.Waiting("the modem's only port is in use by pppd"));
        sms.script.add(new Delivery.Waiting("the modem's only port is in use by pppd"));
        var notifier = new Notifier(config(NotifyConfig.EVENT_NAMES, 30, 6), time, "pi", List.of(sms));
        notifier.emit(now(EventName.DATA_CAP, "5 GiB"));
        time.runDue();
        assertThat(notifier.status().channels().get(0).waiting()).isEqualTo("the modem's only port is in use by pppd");
        assertThat(notifier.status().channels().get(0).retries()).isZero();
        time.advance(Duration.ofSeconds(60));
        assertThat(sms.delivered).hasSize(1);
        assertThat(notifier.status().channels().get(0).waiting()).isNull();
    }

    @Test
    void aWaitingMessageGoesAsSoonAsTheChannelIsReadyAndTheRecheckStaysTheFallback() {
        var sms = new RecordingChannel(SmsChannel.NAME);
        sms.script.add(new Delivery.Waiting("the modem's AT port is being opened"));
        sms.script.add(new Delivery.Waiting("the modem's AT port is being opened"));
        var notifier = new Notifier(config(NotifyConfig.EVENT_NAMES, 30, 6), time, "pi", List.of(sms));
        try (var logs = LogCapture.named("dev.failberry.notify.ChannelWorker")) {
            notifier.emit(now(EventName.STARTED, "daemon started"));
            time.runDue();
            assertThat(sms.attempts).hasSize(1);
            time.advance(Duration.ofSeconds(5));
            sms.ready(); // the port opened
            time.runDue();
            assertThat(sms.attempts).as("asked again at once").hasSize(2);
            assertThat(sms.delivered).isEmpty(); // still waiting (the second scripted answer)

            // no word from the channel this time: the recheck asks again after WAIT_RECHECK
            time.advance(ChannelWorker.WAIT_RECHECK.minusMillis(1));
            assertThat(sms.delivered).isEmpty();
            time.advance(Duration.ofMillis(1));
            assertThat(sms.delivered).hasSize(1);
            assertThat(time.nanoTime())
                    .isEqualTo(Duration.ofSeconds(5)
                            .plus(ChannelWorker.WAIT_RECHECK)
                            .toNanos());
            assertThat(notifier.status().channels().get(0).retries()).isZero();
            assertThat(logs.messages()).noneMatch(m -> m.startsWith("WARN"));
            sms.ready(); // nothing waits any more: nothing is sent again
            time.advance(Duration.ofMinutes(5));
            assertThat(sms.attempts).hasSize(3);
        }
    }

    @Test
    void readyDoesNotCutARetryBackoffShort() {
        var sms = new RecordingChannel(SmsChannel.NAME);
        sms.script.add(new Delivery.Retry("+CMS ERROR: 331 (no network service)"));
        var notifier = new Notifier(config(NotifyConfig.EVENT_NAMES, 30, 6), time, "pi", List.of(sms));
        notifier.emit(now(EventName.DATA_CAP, "5 GiB"));
        time.runDue();
        assertThat(sms.attempts).hasSize(1);
        sms.ready();
        time.advance(Duration.ofSeconds(1));
        assertThat(sms.attempts).as("the backoff (10 s and more) still holds").hasSize(1);
        time.advance(Duration.ofSeconds(20));
        assertThat(sms.delivered).hasSize(1);
    }

    @Test
    void onlyTheConfiguredEventsAreSent() {
        var webhook = new RecordingChannel(WebhookChannel.NAME);
        var notifier = new Notifier(config(List.of("reboot-pending"), 30, 6), time, "pi", List.of(webhook));
        notifier.emit(now(EventName.STARTED, "x"));
        notifier.emit(now(EventName.REBOOT_PENDING, "y"));
        time.runDue();
        assertThat(webhook.delivered).extracting(n -> n.event().name()).containsExactly(EventName.REBOOT_PENDING);
    }

    @Test
    void emitNeverBlocksAndAFullQueueIsCounted() throws Exception {
        var webhook = new RecordingChannel(WebhookChannel.NAME);
        var notifier = new Notifier(config(NotifyConfig.EVENT_NAMES, 600, 6), time, "pi", List.of(webhook));
        // nothing drains while virtual time stands still: the 65th and later events are dropped
        CountDownLatch done = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            for (int i = 0; i < 100; i++) {
                notifier.emit(now(EventName.DATA_WARNING, "n" + i));
            }
            done.countDown();
        });
        t.start();
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        time.runDue();
        assertThat(notifier.status().droppedEvents()).isEqualTo(100 - Notifier.INBOX);
        // the 64 queued events reach a channel queue of 32: the oldest 32 are dropped as failed
        assertThat(webhook.delivered).hasSize(ChannelWorker.MAX_QUEUE);
        assertThat(notifier.status().failed()).isEqualTo(Notifier.INBOX - ChannelWorker.MAX_QUEUE);
    }

    @Test
    void statusJsonHasTheInterfaceFields() {
        var notifier = new Notifier(
                config(NotifyConfig.EVENT_NAMES, 30, 6),
                time,
                "pi",
                List.of(new RecordingChannel(WebhookChannel.NAME)));
        var m = notifier.status().toJsonMap();
        assertThat(m).containsKeys("sent", "failed", "last_error", "queue_length", "channels");
        assertThat(m.get("last_error")).isNull();
    }

    @Test
    void aTestMessageGoesOnEveryChannelOnceBypassingTheFilterAndTheRateLimit() throws Exception {
        var webhook = new RecordingChannel(WebhookChannel.NAME);
        var sms = new RecordingChannel(SmsChannel.NAME);
        // only reboot-pending configured, and its message used up the one message per hour
        var notifier = new Notifier(config(List.of("reboot-pending"), 1, 1), time, "pi", List.of(webhook, sms));
        notifier.emit(now(EventName.REBOOT_PENDING, "watchdog"));
        time.runDue();
        assertThat(webhook.delivered).hasSize(1);
        sms.script.add(new Delivery.Retry("+CMS ERROR: 500 (unknown error)"));

        var results = notifier.test(time, "CONNECTED", "requested by an admin");
        time.runDue();
        assertThat(results.get(1, TimeUnit.SECONDS))
                .containsExactly(
                        new Notifier.TestResult("webhook", "memory", "sent", null),
                        new Notifier.TestResult("sms", "memory", "failed", "+CMS ERROR: 500 (unknown error)"));
        assertThat(webhook.delivered).last().satisfies(n -> {
            assertThat(n.event().name()).isEqualTo(EventName.TEST);
            assertThat(n.line()).startsWith("FailberryPi pi: test message at ").endsWith(": requested by an admin");
        });
        time.advance(Duration.ofHours(2));
        assertThat(sms.attempts).as("a test is one attempt, never retried").hasSize(2);
        var status = notifier.status();
        assertThat(status.sent())
                .as("reboot-pending on both, the test on the webhook")
                .isEqualTo(3);
        assertThat(status.failed()).isEqualTo(1);
        assertThat(status.lastError()).isEqualTo("sms: +CMS ERROR: 500 (unknown error)");
    }

    @Test
    void aTestOnABusyPortSaysItWaits() throws Exception {
        var sms = new RecordingChannel(SmsChannel.NAME);
        sms.script.add(new Delivery.Waiting("the modem's only port carries the mobile link (pppd)"));
        var notifier = new Notifier(config(NotifyConfig.EVENT_NAMES, 30, 6), time, "pi", List.of(sms));
        var results = notifier.test(time, "CONNECTED", "x");
        time.runDue();
        assertThat(results.get(1, TimeUnit.SECONDS)).singleElement().satisfies(r -> assertThat(r.result())
                .isEqualTo("waiting"));
        assertThat(notifier.status().failed()).isZero();
    }

    @Test
    void statusChangesReachTheListener() {
        var webhook = new RecordingChannel(WebhookChannel.NAME);
        var notifier = new Notifier(config(NotifyConfig.EVENT_NAMES, 30, 6), time, "pi", List.of(webhook));
        List<NotifyStatus> seen = new ArrayList<>();
        notifier.onChange(seen::add);
        notifier.emit(now(EventName.STARTED, "x"));
        time.runDue();
        assertThat(seen).isNotEmpty();
        assertThat(seen.get(seen.size() - 1).sent()).isEqualTo(1);
    }

    @Test
    void atStopARebootPendingJustEmittedStillGoesOutOnceWithTheOutageItTells() throws Exception {
        var webhook = new RecordingChannel(WebhookChannel.NAME);
        var sms = new RecordingChannel(SmsChannel.NAME);
        for (int i = 0; i < 5; i++) {
            sms.script.add(new Delivery.Retry("+CMS ERROR: 331 (no network service)"));
        }
        var notifier = new Notifier(config(NotifyConfig.EVENT_NAMES, 30, 6), time, "pi", List.of(webhook, sms));
        notifier.emit(now(EventName.LINK_DOWN, "modem gone"));
        time.advance(Duration.ofSeconds(20)); // still in its hold-down
        notifier.emit(now(EventName.REBOOT_PENDING, "modem absent for 12 min"));
        // the daemon stops right away (systemctl reboot): the flush runs on the notifier's thread
        Thread stopper = new Thread(() -> notifier.flushAndStop(Duration.ofSeconds(10)));
        stopper.start();
        while (stopper.isAlive()) {
            time.runDue();
            stopper.join(10);
        }
        assertThat(webhook.delivered)
                .extracting(n -> n.event().name())
                .containsExactly(EventName.LINK_DOWN, EventName.REBOOT_PENDING);
        // the SMS channel fails every time: one more attempt at stop, no retry after it, and nothing later
        int attempts = sms.attempts.size();
        assertThat(attempts).isBetween(1, 2);
        assertThat(sms.delivered).isEmpty();
        time.advance(Duration.ofHours(1));
        assertThat(sms.attempts).hasSize(attempts);
        assertThat(webhook.delivered).hasSize(2);
    }
}
