package dev.failberry.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.failberry.config.NotifyConfig;
import dev.failberry.config.NotifyConfig.Preset;
import dev.failberry.config.Secret;
import dev.failberry.http.client.BoundHttpClient;
import dev.failberry.modem.sms.AtChannel;
import dev.failberry.modem.sms.SmsDialogue;
import dev.failberry.modem.sms.SmsOutcome;
import dev.failberry.modem.sms.SmsPduDecoder;
import dev.failberry.modem.sms.SmsTransport;
import dev.failberry.notify.NotifyChannel.Delivery;
import dev.failberry.time.VirtualTime;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The SMS channel over a modem-like {@link AtChannel} that decodes what it is sent. */
class SmsChannelTest {

    /**
     * Answers like a stick in PDU mode (OK, the prompt, {@code +CMGS: n} and OK), or with the next scripted
     * refusal after the PDU; decodes every PDU it accepts.
     */
    static final class FakeModem implements AtChannel {
        final List<SmsPduDecoder.Decoded> accepted = new ArrayList<>();
        final Deque<String> refusals = new ArrayDeque<>();
        private int declaredLength = -1;
        private int reference;

        @Override
        public Reply command(String command, boolean untilPrompt, Duration timeout) {
            if (command.startsWith("AT+CMGS=")) {
                declaredLength = Integer.parseInt(command.substring(8));
                return new Reply(List.of(), "> ");
            }
            return new Reply(List.of(), "OK");
        }

        @Override
        public Reply write(String text, char terminator, Duration timeout) {
            if (terminator == ESC) {
                return new Reply(List.of(), "OK");
            }
            if (!refusals.isEmpty()) {
                return new Reply(List.of(), refusals.poll());
            }
            var d = SmsPduDecoder.decodeSubmit(text);
            assertThat(d.tpduLength()).as("AT+CMGS length").isEqualTo(declaredLength);
            accepted.add(d);
            return new Reply(List.of("+CMGS: " + ++reference), "OK");
        }

        List<String> textsTo(String number) {
            return accepted.stream()
                    .filter(d -> d.number().equals(number))
                    .map(SmsPduDecoder.Decoded::text)
                    .toList();
        }
    }

    private static Notice notice(String id) {
        NotifyEvent e = NotifyEvent.of(EventName.DATA_CAP, new VirtualTime(), "CONNECTED", "5 GiB used this month");
        return new Notice(id, e, MessageText.line(e, "pi", 0), 0);
    }

    @Test
    void oneMessagePerNumberNeverTwice() {
        FakeModem modem = new FakeModem();
        // the second number's first attempt meets a network without service
        SmsTransport transport = new SmsTransport() {
            int calls;

            @Override
            public SmsOutcome run(SmsDialogue dialogue) {
                calls++;
                if (calls == 2) {
                    modem.refusals.add("+CMS ERROR: 331");
                }
                return dialogue.run(modem);
            }
        };
        var channel = new SmsChannel(List.of("+64211234567", "+4915112345678"), transport);
        Delivery first = channel.deliver(notice("n-1"));
        assertThat(first)
                .isEqualTo(new Delivery.Retry(
                        "number 2 of 2: the PDU (GSM7, 72 octets): +CMS ERROR 331 (no network service)"));
        assertThat(channel.deliver(notice("n-1"))).isEqualTo(new Delivery.Sent());
        assertThat(modem.textsTo("+64211234567")).hasSize(1);
        assertThat(modem.textsTo("+4915112345678")).hasSize(1);
        assertThat(modem.accepted.get(0).text())
                .isEqualTo("FailberryPi pi: data cap reached at 00:00Z: 5 GiB used this month");
        assertThat(channel.target()).isEqualTo("2 numbers");
    }

    @Test
    void aNumberRefusedForGoodIsNotRetried() {
        FakeModem modem = new FakeModem();
        modem.refusals.add("+CMS ERROR: 1");
        var channel = new SmsChannel(List.of("+64211234567"), d -> d.run(modem));
        assertThat(channel.deliver(notice("n-2")))
                .isEqualTo(new Delivery.Failed("the PDU (GSM7, 71 octets): +CMS ERROR 1 (unassigned number)"));
        assertThat(modem.accepted).isEmpty();
    }

    @Test
    void aBusyPortMakesTheMessageWait() {
        var channel = new SmsChannel(
                List.of("+64211234567"), d -> new SmsOutcome.Waiting("the modem's only port carries the PPP link"));
        assertThat(channel.deliver(notice("n-3")))
                .isEqualTo(new Delivery.Waiting("the modem's only port carries the PPP link"));
    }

    /**
     * The acceptance case end to end: an hour of a link flapping every 10 s, then stable, gives exactly two
     * SMS (decoded from the PDUs the fake modem received) and two webhook POSTs to a loopback receiver.
     */
    @Test
    void flappingHourThroughRealChannelsGivesTwoSmsAndTwoPosts() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        List<String> posts = Collections.synchronizedList(new ArrayList<>());
        server.createContext("/", ex -> {
            posts.add(new String(ex.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
            var webhookConfig = new NotifyConfig.Webhook(
                    Optional.of(new Secret(url)),
                    "http://127.0.0.1",
                    List.of(),
                    Preset.JSON,
                    Optional.empty(),
                    Duration.ofSeconds(5),
                    30);
            var config = new NotifyConfig(
                    NotifyConfig.EVENT_NAMES,
                    Duration.ofSeconds(60),
                    Duration.ofHours(1),
                    webhookConfig,
                    new NotifyConfig.Sms(List.of("+64211234567"), 6));
            VirtualTime time = new VirtualTime();
            FakeModem modem = new FakeModem();
            var notifier = new Notifier(
                    config,
                    time,
                    "pi",
                    List.of(
                            new WebhookChannel(
                                    webhookConfig, "pi", new BoundHttpClient(Duration.ofSeconds(5)), Optional::empty),
                            new SmsChannel(config.sms().to(), d -> d.run(modem))));
            for (int i = 0; i < 360; i++) {
                notifier.emit(NotifyEvent.of(i % 2 == 0 ? EventName.LINK_DOWN : EventName.LINK_UP, time, "S", "flap"));
                time.advance(Duration.ofSeconds(10));
            }
            time.advance(Duration.ofHours(1));
            assertThat(modem.textsTo("+64211234567"))
                    .containsExactly(
                            "FailberryPi pi: mobile link down since 00:00Z: flap (flapping: 4 drops)",
                            "FailberryPi pi: mobile link back after 59m at 00:59Z: flap (180 drops)");
            assertThat(posts).hasSize(2);
            assertThat(posts.get(0)).contains("\"event\":\"link-down\"");
            assertThat(posts.get(1)).contains("\"event\":\"link-up\"").contains("\"duration_seconds\":3590");
            assertThat(notifier.status().toJsonMap()).containsEntry("sent", 4L).containsEntry("failed", 0L);
            assertThat(notifier.status().channels())
                    .extracting(NotifyStatus.ChannelStatus::name)
                    .containsExactly("webhook", "sms");
        } finally {
            server.stop(0);
        }
    }
}
