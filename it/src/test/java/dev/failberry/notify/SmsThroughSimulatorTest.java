package dev.failberry.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.typesafe.config.ConfigFactory;
import dev.failberry.config.ConfigLoader;
import dev.failberry.config.FailberryConfig;
import dev.failberry.config.NotifyConfig;
import dev.failberry.modem.AtPort;
import dev.failberry.modem.JSerialCommLink;
import dev.failberry.modem.ModemMonitor;
import dev.failberry.modem.ModemPorts;
import dev.failberry.modem.ModemStatus;
import dev.failberry.modem.SerialSettings;
import dev.failberry.modem.sms.SmsPduDecoder;
import dev.failberry.sim.modem.ModemSimulator;
import dev.failberry.sim.modem.Personality;
import dev.failberry.sim.modem.SimPort;
import dev.failberry.sim.modem.SimTiming;
import dev.failberry.testutil.LogCapture;
import dev.failberry.time.ThreadScheduler;
import dev.failberry.time.VirtualTime;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Events to SMS end to end: the notifier (in virtual time) hands each message to the modem monitor's AT
 * session, which talks to the modem simulator over a real pseudo-terminal through jSerialComm; the
 * simulator keeps the PDUs it accepted and the test decodes them.
 */
class SmsThroughSimulatorTest {
    private static final String NUMBER = "+64211234567";

    @TempDir
    Path dir;

    private final VirtualTime time = new VirtualTime();
    private ModemSimulator sim;
    private ThreadScheduler modemThread;
    private ModemMonitor monitor;
    private Notifier notifier;
    private final AtomicReference<ModemStatus> modem = new AtomicReference<>();

    static Stream<Personality> personalities() {
        return Stream.of(Personality.huaweiE1550(), Personality.zteMf627());
    }

    @AfterEach
    void stop() {
        if (notifier != null) {
            notifier.stop();
        }
        if (monitor != null) {
            monitor.close();
        }
        if (modemThread != null) {
            modemThread.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    private void start(Personality p) throws Exception {
        sim = ModemSimulator.start(p, SimTiming.fast(), dir);
        String text = "failberry.modem { command-timeout = 2s, poll-interval = 5s, apn = \"internet\" }";
        FailberryConfig.Modem cfg = ConfigLoader.fromUserConfig(ConfigFactory.parseString(text), "test.conf")
                .modem();
        modemThread = new ThreadScheduler("modem-sms-e2e");
        // the SMS goes on the control port while pppd would own the data port
        monitor = new ModemMonitor(
                cfg,
                dir.resolve("state"),
                ModemPorts.fixed(sim.controlPath(), sim.dataPath()),
                path -> new AtPort(new JSerialCommLink(SerialSettings.of(path))),
                modemThread,
                modem::set,
                (c, s, l) -> {});
        monitor.start();
        await().atMost(Duration.ofSeconds(15))
                .until(() -> modem.get() != null && modem.get().condition() == ModemStatus.Condition.REGISTERED);
        NotifyConfig config = new NotifyConfig(
                NotifyConfig.EVENT_NAMES,
                Duration.ofSeconds(60),
                Duration.ofHours(1),
                new NotifyConfig.Webhook(
                        Optional.empty(),
                        "",
                        List.of(),
                        NotifyConfig.Preset.JSON,
                        Optional.empty(),
                        Duration.ofSeconds(10),
                        30),
                new NotifyConfig.Sms(List.of(NUMBER), 6));
        notifier = new Notifier(config, time, "pi", List.of(new SmsChannel(List.of(NUMBER), monitor::sendSms)));
    }

    private NotifyStatus.ChannelStatus sms() {
        return notifier.status().channels().get(0);
    }

    private long cmgsCommands() {
        return sim.commandLines(SimPort.CONTROL).stream()
                .filter(l -> l.toUpperCase().startsWith("AT+CMGS="))
                .count();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("personalities")
    void anOutageBecomesOneSmsAfterTheHoldDownOnTheControlPort(Personality p) throws Exception {
        start(p);
        notifier.emit(NotifyEvent.of(EventName.LINK_DOWN, time, "CONNECTED", "no answer from 1.1.1.1:443 for 90 s"));
        time.advance(Duration.ofSeconds(59));
        assertThat(sim.sentSms()).isEmpty();
        time.advance(Duration.ofSeconds(1));
        assertThat(sim.sentSms()).singleElement().satisfies(s -> {
            assertThat(s.pduMode()).isTrue();
            assertThat(s.port()).isEqualTo(SimPort.CONTROL);
            var decoded = SmsPduDecoder.decodeSubmit(s.payload());
            assertThat(decoded.number()).isEqualTo(NUMBER);
            assertThat(decoded.text())
                    .startsWith("FailberryPi pi: mobile link down since ")
                    .endsWith(": no answer from 1.1.1.1:443 for 90 s");
        });
        assertThat(sms().sent()).isEqualTo(1);
        assertThat(sms().retries()).isZero();
    }

    @Test
    void cmsErrorsAreRetriedWithBackoffAndTheMessageIsNeverSentTwice() throws Exception {
        start(Personality.huaweiE1550());
        sim.refuseSms(500, 331); // unknown error, then no network service
        notifier.emit(NotifyEvent.of(EventName.DATA_CAP, time, "CONNECTED", "5.0 GiB of 5.0 GiB used"));
        time.runDue();
        assertThat(cmgsCommands()).isEqualTo(1);
        assertThat(sms().retries()).isEqualTo(1);
        assertThat(sms().lastError()).contains("500");

        time.advance(Duration.ofSeconds(7)); // the first backoff is 10 s +- 20 %
        assertThat(cmgsCommands()).isEqualTo(1);
        time.advance(Duration.ofSeconds(6));
        assertThat(cmgsCommands()).isEqualTo(2);
        assertThat(sms().lastError()).contains("no network service");

        // the second attempt came at 8-12 s and the next waits 20 s +- 20 %: not before 24 s, by 36 s
        time.advance(Duration.ofSeconds(10)); // 23 s
        assertThat(cmgsCommands()).isEqualTo(2);
        time.advance(Duration.ofSeconds(14)); // 37 s
        assertThat(sms().sent()).isEqualTo(1);
        assertThat(sms().retries()).isEqualTo(2);
        assertThat(sim.sentSms()).singleElement().satisfies(s -> assertThat(
                        SmsPduDecoder.decodeSubmit(s.payload()).text())
                .startsWith("FailberryPi pi: data cap reached"));

        time.advance(Duration.ofHours(2));
        assertThat(sim.sentSms()).as("never sent twice").hasSize(1);
        assertThat(cmgsCommands()).isEqualTo(3);
    }

    @Test
    void theSameRefusalRepeatedIsLoggedOnceAndAnUnassignedNumberIsNeitherRetriedNorSent() throws Exception {
        start(Personality.huaweiE1550());
        try (var logs = LogCapture.of(ChannelWorker.class)) {
            sim.refuseSms(331, 331, 331); // no network service, three times
            notifier.emit(NotifyEvent.of(EventName.DATA_WARNING, time, "CONNECTED", "4.0 GiB of 5.0 GiB used"));
            time.runDue();
            time.advance(Duration.ofMinutes(3)); // backoff 10 s, 20 s, 40 s (+-20 %)
            assertThat(cmgsCommands()).isEqualTo(4);
            assertThat(sim.sentSms()).hasSize(1);
            assertThat(sms().sent()).isEqualTo(1);
            assertThat(sms().retries()).isEqualTo(3);
            assertThat(logs.messages())
                    .filteredOn(l -> l.startsWith("WARN"))
                    .singleElement()
                    .satisfies(l -> assertThat(l)
                            .contains("not delivered, retrying with backoff")
                            .contains("no network service"));
            assertThat(logs.messages())
                    .anySatisfy(l -> assertThat(l).endsWith("delivered again after 3 failed attempt(s)"));

            sim.refuseSms(1); // unassigned number (3GPP TS 24.011 cause 1): waiting cannot help
            notifier.emit(NotifyEvent.of(EventName.DATA_CAP, time, "CONNECTED", "5.0 GiB of 5.0 GiB used"));
            time.runDue();
            time.advance(Duration.ofHours(1));
            assertThat(cmgsCommands()).as("not retried").isEqualTo(5);
            assertThat(sim.sentSms()).hasSize(1);
            assertThat(sms().failed()).isEqualTo(1);
            assertThat(sms().retries()).isEqualTo(3);
            assertThat(sms().lastError()).contains("unassigned number");
            assertThat(logs.messages())
                    .filteredOn(l -> l.startsWith("WARN"))
                    .hasSize(2)
                    .last()
                    .satisfies(l -> assertThat(l)
                            .contains("data-cap not delivered and not retried")
                            .contains("unassigned number"));
        }
    }
}
