package dev.failberry.modem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.typesafe.config.ConfigFactory;
import dev.failberry.config.ConfigLoader;
import dev.failberry.config.FailberryConfig;
import dev.failberry.config.NotifyConfig;
import dev.failberry.modem.sms.SmsDialogue;
import dev.failberry.modem.sms.SmsOutcome;
import dev.failberry.modem.sms.SmsPduDecoder;
import dev.failberry.notify.EventName;
import dev.failberry.notify.Notifier;
import dev.failberry.notify.NotifyEvent;
import dev.failberry.notify.SmsChannel;
import dev.failberry.testutil.LogCapture;
import dev.failberry.time.ThreadScheduler;
import dev.failberry.time.VirtualTime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An SMS on the monitor's own AT session (on the modem thread), over a link that answers like a stick in
 * PDU mode: sent with its reference, waiting while a single-port stick's port carries the link, and a
 * modem that vanishes mid-message retried, counted and logged once by the notifier.
 */
class ModemSmsTest {
    private static final String NUMBER = "+64211234567";

    @TempDir
    Path dir;

    private ThreadScheduler scheduler;
    private ModemMonitor monitor;

    @AfterEach
    void stop() {
        if (monitor != null) {
            monitor.close();
        }
        if (scheduler != null) {
            scheduler.close();
        }
    }

    /**
     * OK to every command line, the prompt to {@code AT+CMGS=}, {@code +CMGS: n} and OK to text ended by
     * Ctrl-Z, OK to ESC. {@code vanishOnBody} makes the device disappear when a PDU arrives; while
     * {@code present} is false it cannot be opened.
     */
    static final class StickLink implements SerialLink {
        final List<String> writes = new CopyOnWriteArrayList<>();
        final List<String> pdus = new CopyOnWriteArrayList<>();
        private final Deque<byte[]> toRead = new ArrayDeque<>();
        volatile boolean vanishOnBody;
        volatile boolean present = true;
        private boolean gone;
        private int reference = 40;

        @Override
        public synchronized void open() throws IOException {
            if (!present) {
                throw new IOException("No such file or directory");
            }
            gone = false;
            toRead.clear();
        }

        @Override
        public synchronized int read(byte[] buf) {
            if (gone) {
                return -1;
            }
            if (toRead.isEmpty()) {
                try {
                    wait(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (gone) {
                return -1;
            }
            byte[] next = toRead.poll();
            if (next == null) {
                return 0;
            }
            System.arraycopy(next, 0, buf, 0, next.length);
            return next.length;
        }

        @Override
        public synchronized void write(byte[] data) throws IOException {
            if (gone) {
                throw new IOException("Input/output error");
            }
            String w = new String(data, StandardCharsets.US_ASCII);
            writes.add(w);
            char last = w.charAt(w.length() - 1);
            String answer;
            if (last == 0x1A) {
                if (vanishOnBody) {
                    vanishOnBody = false;
                    present = false;
                    gone = true;
                    notifyAll();
                    return;
                }
                pdus.add(w.substring(0, w.length() - 1));
                answer = "\r\n+CMGS: " + ++reference + "\r\n\r\nOK\r\n";
            } else if (last == 0x1B) {
                answer = "\r\nOK\r\n";
            } else if (w.startsWith("AT+CMGS=")) {
                answer = "\r\n> ";
            } else {
                answer = "\r\nOK\r\n";
            }
            toRead.add(answer.getBytes(StandardCharsets.US_ASCII));
            notifyAll();
        }

        @Override
        public void close() {}

        @Override
        public String name() {
            return "/dev/ttyUSB2";
        }

        long cmgsWrites() {
            return writes.stream().filter(w -> w.startsWith("AT+CMGS=")).count();
        }
    }

    private void start(StickLink link, boolean singlePort) throws Exception {
        create(link, singlePort);
        monitor.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> link.writes.size() > 3); // the init sequence is under way
    }

    private void create(StickLink link, boolean singlePort) throws Exception {
        String text = "failberry.modem { port = \"/dev/ttyUSB2\", command-timeout = 1s, poll-interval = 1h"
                + (singlePort ? "" : ", data-port = \"/dev/ttyUSB0\"") + " }";
        FailberryConfig.Modem cfg = ConfigLoader.fromUserConfig(ConfigFactory.parseString(text), "test.conf")
                .modem();
        assertThat(cfg.sharedDataPort()).isEqualTo(singlePort);
        scheduler = new ThreadScheduler("modem-sms-test");
        ModemPorts ports = () -> link.present
                ? new ModemPorts.Found(cfg.port(), cfg.dataPort())
                : new ModemPorts.Missing(cfg.port() + " does not exist");
        monitor = new ModemMonitor(
                cfg, dir.resolve("state"), ports, path -> new AtPort(link), scheduler, s -> {}, (c, s, l) -> {});
    }

    private static NotifyConfig notifyConfig() {
        return new NotifyConfig(
                NotifyConfig.EVENT_NAMES,
                Duration.ofSeconds(60),
                Duration.ofHours(1),
                new NotifyConfig.Webhook(
                        java.util.Optional.empty(),
                        "",
                        List.of(),
                        NotifyConfig.Preset.JSON,
                        java.util.Optional.empty(),
                        Duration.ofSeconds(10),
                        30),
                new NotifyConfig.Sms(List.of(NUMBER), 6));
    }

    @Test
    void theStartedSmsAskedForBeforeThePortOpensGoesAsSoonAsItOpensWithoutAWarning() throws Exception {
        // the daemon emits "started" before the modem thread has opened the port: the SMS waits for the
        // first open (no failure, so no warning), and the port's opening sends it at once, not at the
        // notifier's next look (30 s later: virtual time stands still here, so only the word from the
        // modem can send it)
        StickLink link = new StickLink();
        create(link, false);
        VirtualTime time = new VirtualTime();
        Notifier notifier =
                new Notifier(notifyConfig(), time, "pi", List.of(new SmsChannel(List.of(NUMBER), monitor.sms())));
        try (var logs = LogCapture.named("dev.failberry")) {
            notifier.emit(NotifyEvent.of(EventName.STARTED, time, "STARTING", "daemon started"));
            time.runDue(); // the first attempt, before the port's first open
            assertThat(notifier.status().channels().get(0).waiting()).isEqualTo(AtSession.SMS_PORT_OPENING);
            assertThat(notifier.status().channels().get(0).retries()).isZero();

            monitor.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                time.runDue();
                return notifier.status().channels().get(0).sent() == 1;
            });
            assertThat(time.nanoTime())
                    .as("sent without waiting for the recheck")
                    .isZero();
            assertThat(link.pdus).hasSize(1);
            assertThat(SmsPduDecoder.decodeSubmit(link.pdus.get(0)).text()).startsWith("FailberryPi pi: ");
            assertThat(notifier.status().channels().get(0).waiting()).isNull();
            assertThat(notifier.status().channels().get(0).retries()).isZero();
            assertThat(logs.messages()).noneMatch(m -> m.startsWith("WARN") || m.startsWith("ERROR"));
            time.advance(Duration.ofHours(2));
            assertThat(link.pdus).as("never sent twice").hasSize(1);
        }
    }

    @Test
    void aPortMissingAtTheFirstOpenIsAFailureToRetryNotAWait() throws Exception {
        StickLink link = new StickLink();
        link.present = false;
        create(link, false);
        monitor.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> monitor.sendSms(SmsDialogue.of(NUMBER, "x"))
                .equals(new SmsOutcome.Failed(true, AtSession.SMS_NO_PORT)));
    }

    @Test
    void anSmsGoesOnTheSessionsPortAndComesBackWithItsReference() throws Exception {
        StickLink link = new StickLink();
        start(link, false);
        SmsOutcome outcome = monitor.sendSms(SmsDialogue.of(NUMBER, "FailberryPi pi: mobile link down since 19:00Z"));
        assertThat(outcome).isEqualTo(new SmsOutcome.Sent(41, false));
        assertThat(link.pdus).hasSize(1);
        var decoded = SmsPduDecoder.decodeSubmit(link.pdus.get(0));
        assertThat(decoded.number()).isEqualTo(NUMBER);
        assertThat(decoded.text()).isEqualTo("FailberryPi pi: mobile link down since 19:00Z");
        assertThat(link.writes).contains("AT+CMGF=0\r", "AT+CMGS=" + decoded.tpduLength() + "\r");
    }

    @Test
    void onASinglePortStickTheSmsWaitsWhileTheLinkHasThePortAndGoesWhenItIsBack() throws Exception {
        StickLink link = new StickLink();
        start(link, true);
        monitor.lendPortToLink(true);
        SmsOutcome waiting = monitor.sendSms(SmsDialogue.of(NUMBER, "FailberryPi pi: test"));
        assertThat(waiting).isInstanceOf(SmsOutcome.Waiting.class);
        assertThat(((SmsOutcome.Waiting) waiting).reason())
                .contains("only port")
                .contains("waits");
        assertThat(link.cmgsWrites()).isZero();

        monitor.lendPortToLink(false);
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        monitor.sendSms(SmsDialogue.of(NUMBER, "FailberryPi pi: test")) instanceof SmsOutcome.Sent);
        assertThat(link.pdus).hasSize(1);
    }

    @Test
    void aModemThatVanishesMidMessageIsRetriedCountedAndLoggedOnceThenSentOnce() throws Exception {
        StickLink link = new StickLink();
        start(link, false);
        link.vanishOnBody = true;
        VirtualTime time = new VirtualTime();
        Notifier notifier =
                new Notifier(notifyConfig(), time, "pi", List.of(new SmsChannel(List.of(NUMBER), monitor::sendSms)));
        try (var worker = LogCapture.named("dev.failberry.notify.ChannelWorker")) {
            notifier.emit(NotifyEvent.of(EventName.DATA_CAP, time, "CONNECTED", "5 GiB used"));
            time.runDue(); // attempt 1: the stick vanishes after the PDU was written, before any +CMGS
            time.advance(Duration.ofSeconds(15)); // attempt 2: the port is not there
            assertThat(notifier.status().channels().get(0).retries()).isEqualTo(2);
            assertThat(notifier.status().channels().get(0).sent()).isZero();

            link.present = true; // plugged back: the session reopens it
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> monitor.execute("AT", Duration.ofSeconds(1)).isOk());
            time.advance(Duration.ofMinutes(2));
            assertThat(notifier.status().channels().get(0).sent()).isEqualTo(1);
            assertThat(link.pdus).hasSize(1);
            assertThat(SmsPduDecoder.decodeSubmit(link.pdus.get(0)).text())
                    .startsWith("FailberryPi pi: data cap reached");
            assertThat(worker.messages().stream().filter(m -> m.startsWith("WARN")))
                    .hasSize(1)
                    .allMatch(m -> m.contains(AtSession.SMS_NO_PORT));
            time.advance(Duration.ofHours(2));
            assertThat(link.pdus).as("never sent twice").hasSize(1);
        }
    }
}
