package dev.failberry.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Records in, lines of {@code failberry events} out: outages folded with cause, actions and duration. */
class FoldTest {
    static final long T0 = Instant.parse("2026-01-05T14:00:00Z").toEpochMilli();

    /** Builds one session's records on a correct wall clock. */
    static final class Run {
        final int session;
        final long start;
        final List<Entry> out;

        Run(List<Entry> out, int session, long start, String boot) {
            this.out = out;
            this.session = session;
            this.start = start;
            add(0, Entry.Kind.SESSION, "0.1.0", "", "daemon started", Map.of("boot", boot));
        }

        Run add(long atSeconds, Entry.Kind kind, String name, String state, String reason, Map<String, Object> detail) {
            out.add(new Entry(kind, session, atSeconds * 1000, start + atSeconds * 1000, name, state, reason, detail));
            return this;
        }

        Run state(long at, String from, String to, String reason) {
            return add(at, Entry.Kind.STATE, to, from, reason, null);
        }

        Run event(long at, String name, String reason, Map<String, Object> detail) {
            return add(at, Entry.Kind.EVENT, name, "", reason, detail);
        }

        Run action(long at, String action) {
            return add(at, Entry.Kind.ACTION, action, "RECOVERING", "", null);
        }
    }

    static List<String> lines(List<Entry> entries, Chronology.Anchor live, long since) {
        return Fold.items(Chronology.runs(entries, live), since).stream()
                .map(i -> ItemText.line(i, ZoneOffset.UTC))
                .toList();
    }

    @Test
    void anOutageIsOneLineWithItsDurationCauseAndRecoveryActions() {
        List<Entry> e = new ArrayList<>();
        new Run(e, 1, T0, "b1")
                .state(2, "STARTING", "MODEM_INIT", "modem port opened")
                .state(5, "MODEM_INIT", "REGISTERING", "modem initialised")
                .state(8, "REGISTERING", "DIALING", "registered home")
                .state(26, "DIALING", "CONNECTED", "link verified")
                .event(26, "link-up", "link verified", null)
                .state(130, "CONNECTED", "RECOVERING", "modem hung")
                .event(130, "link-down", "modem hung", null)
                .action(131, "usb_power_cycle")
                .event(
                        160,
                        "recovery",
                        "modem back after the power cycle",
                        Map.of("action", "usb-power-cycle", "result", "ok"))
                .state(160, "RECOVERING", "MODEM_INIT", "modem back")
                .state(190, "MODEM_INIT", "DIALING", "registered")
                .state(235, "DIALING", "CONNECTED", "link verified")
                .event(3600, "data-warning", "80 % of the 1 GiB cap used", null)
                .add(4000, Entry.Kind.STOP, "", "", "daemon stopped", null);
        assertThat(lines(e, null, 0))
                .containsExactly(
                        "2026-01-05 14:00:00  daemon started (version 0.1.0)",
                        "2026-01-05 14:00:26  mobile link up, 26 s after start (link verified)",
                        "2026-01-05 14:02:10  mobile link down 14:02:10 – 14:03:55 (1 min 45 s): modem hung → USB power cycle ok",
                        "2026-01-05 15:00:00  data use warning: 80 % of the 1 GiB cap used",
                        "2026-01-05 15:06:40  daemon stopped");
    }

    @Test
    void aResultThatComesJustAfterTheLinkIsBackBelongsToTheOutageAndTheFaultIsItsCause() {
        // a fast power cycle: the link is verified again before the switch's report (the recovery event)
        List<Entry> e = new ArrayList<>();
        new Run(e, 1, T0, "b1")
                .state(26, "DIALING", "CONNECTED", "link verified")
                .add(
                        130,
                        Entry.Kind.ACTION,
                        "usb_power_cycle",
                        "CONNECTED",
                        "modem hung: 3 consecutive AT timeouts",
                        null)
                .state(
                        130,
                        "CONNECTED",
                        "RECOVERING",
                        "modem hung: 3 consecutive AT timeouts; USB power cycle in progress")
                .event(130, "link-down", "modem hung: 3 consecutive AT timeouts; USB power cycle in progress", null)
                .state(132, "RECOVERING", "CONNECTED", "link verified")
                .event(133, "recovery", "usb-power-cycle ok", Map.of("action", "usb-power-cycle", "result", "ok"))
                .add(4000, Entry.Kind.STOP, "", "", "daemon stopped", null);
        assertThat(lines(e, null, 0))
                .containsExactly(
                        "2026-01-05 14:00:00  daemon started (version 0.1.0)",
                        "2026-01-05 14:00:26  mobile link up, 26 s after start (link verified)",
                        "2026-01-05 14:02:10  mobile link down 14:02:10 – 14:02:12 (2 s): modem hung: 3 consecutive AT timeouts"
                                + " → USB power cycle ok",
                        "2026-01-05 15:06:40  daemon stopped");
    }

    @Test
    void theCauseIsTheSupervisorsOwnWordsWhenItGaveThemNearTheStart() {
        List<Entry> e = new ArrayList<>();
        new Run(e, 1, T0, "b1")
                .state(1, "STARTING", "MODEM_INIT", "")
                .state(2, "MODEM_INIT", "REGISTERING", "")
                .state(3, "REGISTERING", "DIALING", "")
                .state(10, "DIALING", "CONNECTED", "link verified")
                // the action is recorded a moment before the move it causes, with the fault as its reason
                .add(
                        100,
                        Entry.Kind.ACTION,
                        "usb_power_cycle",
                        "CONNECTED",
                        "modem hung: 3 consecutive AT timeouts",
                        null)
                .state(100, "CONNECTED", "RECOVERING", "USB power cycle in progress")
                .state(140, "DIALING", "CONNECTED", "link verified")
                .state(200, "CONNECTED", "DEGRADED", "probes failing")
                .event(201, "link-down", "no answer from 1.1.1.1:443 for 30 s", null)
                .state(260, "DEGRADED", "CONNECTED", "link verified")
                .state(300, "CONNECTED", "DEGRADED", "probes failing")
                .event(320, "link-down", "late words do not replace the cause", null)
                .state(330, "DEGRADED", "CONNECTED", "link verified");
        assertThat(lines(e, null, 0))
                .containsSequence(
                        "2026-01-05 14:01:40  mobile link down 14:01:40 – 14:02:20 (40 s): modem hung: 3 consecutive AT timeouts → USB power cycle",
                        "2026-01-05 14:03:20  mobile link down 14:03:20 – 14:04:20 (1 min): no answer from 1.1.1.1:443 for 30 s",
                        "2026-01-05 14:05:00  mobile link down 14:05:00 – 14:05:30 (30 s): probes failing");
    }

    @Test
    void repeatedActionsAreCountedAndResultsAttachToTheirAction() {
        List<Entry> e = new ArrayList<>();
        new Run(e, 1, T0, "b1")
                .state(1, "STARTING", "MODEM_INIT", "")
                .state(2, "MODEM_INIT", "REGISTERING", "")
                .state(3, "REGISTERING", "DIALING", "")
                .state(10, "DIALING", "CONNECTED", "link verified")
                .state(100, "CONNECTED", "DEGRADED", "no answer from 1.1.1.1:443 and 8.8.8.8:53 for 90 s")
                .action(120, "redial")
                .event(150, "recovery", "", Map.of("action", "redial", "result", "failed"))
                .action(170, "redial")
                .event(200, "recovery", "", Map.of("action", "redial", "result", "failed"))
                .action(210, "modem_reset")
                .state(300, "DIALING", "CONNECTED", "link verified");
        assertThat(lines(e, null, 0))
                .contains("2026-01-05 14:01:40  mobile link down 14:01:40 – 14:05:00 (3 min 20 s): "
                        + "no answer from 1.1.1.1:443 and 8.8.8.8:53 for 90 s → redial failed x2, modem reset");
    }

    @Test
    void aRunCutByAPowerCutAndTheRebootAfterItAreSaidAsSuch() {
        List<Entry> e = new ArrayList<>();
        new Run(e, 1, T0, "boot-1")
                .state(1, "STARTING", "MODEM_INIT", "")
                .state(2, "MODEM_INIT", "REGISTERING", "")
                .state(3, "REGISTERING", "DIALING", "")
                .state(10, "DIALING", "CONNECTED", "link verified")
                .state(600, "CONNECTED", "DEGRADED", "probes failing")
                .add(3600, Entry.Kind.MARK, "", "", "", null);
        new Run(e, 2, T0 + 4000_000, "boot-2")
                .state(1, "STARTING", "MODEM_INIT", "port opened")
                .add(5, Entry.Kind.STOP, "", "", "daemon stopped", null);
        new Run(e, 3, T0 + 5000_000, "boot-2");
        assertThat(lines(e, null, 0))
                .containsExactly(
                        "2026-01-05 14:00:00  daemon started (version 0.1.0)",
                        "2026-01-05 14:00:10  mobile link up, 10 s after start (link verified)",
                        "2026-01-05 14:10:00  mobile link down 14:10:00 – 15:00:00 (50 min, until the daemon's last record): probes failing",
                        "2026-01-05 15:00:00  daemon's records end here (no stop record: power cut, crash or watchdog); "
                                + "what follows until the next start is unknown",
                        "2026-01-05 15:06:40  daemon started (version 0.1.0, host rebooted)",
                        "2026-01-05 15:06:40  mobile link not up since the start 15:06:40 – 15:06:45 (5 s, until the daemon stopped): port opened",
                        "2026-01-05 15:06:45  daemon stopped",
                        "2026-01-05 15:23:20  daemon started (version 0.1.0, daemon restarted)",
                        "2026-01-05 15:23:20  daemon's records end here (no stop record: power cut, crash or watchdog); "
                                + "what follows until the next start is unknown");
    }

    @Test
    void theRunningDaemonsOpenOutageEndsNowAndWiredOutagesComeFromTheirEvents() {
        List<Entry> e = new ArrayList<>();
        new Run(e, 1, T0, "b")
                .state(1, "STARTING", "MODEM_INIT", "")
                .state(2, "MODEM_INIT", "REGISTERING", "")
                .state(3, "REGISTERING", "DIALING", "")
                .state(10, "DIALING", "CONNECTED", "link verified")
                .event(60, "wired-down", "no answer through 192.168.1.1 from 1.1.1.1:443", null)
                .event(960, "wired-up", "", null)
                .state(1000, "CONNECTED", "DEGRADED", "probes failing");
        var live = new Chronology.Anchor(1, T0 + 1300_000, 1300_000);
        assertThat(lines(e, live, 0))
                .containsExactly(
                        "2026-01-05 14:00:00  daemon started (version 0.1.0)",
                        "2026-01-05 14:00:10  mobile link up, 10 s after start (link verified)",
                        "2026-01-05 14:01:00  wired path down 14:01:00 – 14:16:00 (15 min): no answer through 192.168.1.1 from 1.1.1.1:443",
                        "2026-01-05 14:16:40  mobile link down 14:16:40 – now (5 min, still going): probes failing");
    }

    @Test
    void sinceKeepsAnOutageThatEndsInsideTheWindowAndDropsWhatIsOlder() {
        List<Entry> e = new ArrayList<>();
        new Run(e, 1, T0, "b")
                .state(1, "STARTING", "MODEM_INIT", "")
                .state(2, "MODEM_INIT", "REGISTERING", "")
                .state(3, "REGISTERING", "DIALING", "")
                .state(10, "DIALING", "CONNECTED", "link verified")
                .state(100, "CONNECTED", "DIALING", "pppd exited: modem hangup")
                .state(400, "DIALING", "CONNECTED", "link verified");
        assertThat(lines(e, null, T0 + 200_000))
                .containsExactly(
                        "2026-01-05 14:01:40  mobile link down 14:01:40 – 14:06:40 (5 min): pppd exited: modem hangup",
                        "2026-01-05 14:06:40  daemon's records end here (no stop record: power cut, crash or watchdog); "
                                + "what follows until the next start is unknown");
    }

    @Test
    void itemsSurviveTheJsonRoundTripOfTheAdminApi() {
        List<Entry> e = new ArrayList<>();
        new Run(e, 1, T0, "b")
                .state(1, "STARTING", "MODEM_INIT", "")
                .state(2, "MODEM_INIT", "REGISTERING", "")
                .state(3, "REGISTERING", "DIALING", "")
                .state(10, "DIALING", "CONNECTED", "link verified")
                .state(100, "CONNECTED", "RECOVERING", "modem hung")
                .action(101, "usb_power_cycle")
                .state(205, "DIALING", "CONNECTED", "link verified");
        for (Item i : Fold.items(Chronology.runs(e, null), 0)) {
            var json = dev.failberry.status.StatusJson.renderMap(i.toJsonMap(ZoneOffset.UTC));
            Item back = Item.fromJsonMap(dev.failberry.json.Json.parseObject(json));
            assertThat(ItemText.line(back, ZoneOffset.UTC)).isEqualTo(ItemText.line(i, ZoneOffset.UTC));
        }
    }

    @Test
    void durationsReadNaturally() {
        assertThat(ItemText.duration(0)).isEqualTo("0 s");
        assertThat(ItemText.duration(45_000)).isEqualTo("45 s");
        assertThat(ItemText.duration(105_000)).isEqualTo("1 min 45 s");
        assertThat(ItemText.duration(120_000)).isEqualTo("2 min");
        assertThat(ItemText.duration(7_500_000)).isEqualTo("2 h 5 min");
        assertThat(ItemText.duration(3 * 86_400_000L + 4 * 3_600_000L + 59_000)).isEqualTo("3 d 4 h");
    }
}
