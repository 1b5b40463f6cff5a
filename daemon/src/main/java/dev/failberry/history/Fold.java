package dev.failberry.history;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Folds journal records into the lines of {@code failberry events}: an outage of the mobile link (from
 * the state leaving CONNECTED until it is CONNECTED again) or of the wired path becomes one line with its
 * duration, its cause (the reason of the first move away from CONNECTED) and the recovery actions taken
 * meanwhile; the state transitions and the {@code link-down}/{@code link-up} events inside it are not
 * repeated. Pure: records in, items out.
 */
final class Fold {
    private Fold() {}

    /** The items of {@code runs} that end (or happen) at or after {@code since}, oldest first. */
    static List<Item> items(List<Chronology.Run> runs, long since) {
        List<Item> all = new ArrayList<>();
        String previousBoot = null;
        boolean first = true;
        for (Chronology.Run run : runs) {
            new RunFold(run, first ? null : previousBoot, first, all).fold();
            previousBoot = run.bootId();
            first = false;
        }
        all.sort(Comparator.comparingLong(Item::start));
        return all.stream()
                .filter(i -> (i.end() == null ? i.start() : i.end()) >= since)
                .toList();
    }

    /** Words for an action label of either spelling ({@code usb_power_cycle}, {@code usb-power-cycle}). */
    static String words(String action) {
        return switch (action.toLowerCase(Locale.ROOT).replace('-', '_')) {
            case "redial" -> "redial";
            case "modem_reset" -> "modem reset";
            case "usb_power_cycle" -> "USB power cycle";
            case "reboot" -> "reboot";
            default -> action.replace('_', ' ');
        };
    }

    /** How close to an outage's start an action or a {@code link-down} event still explains it. */
    static final long CAUSE_WINDOW_MS = 5_000;

    /** An interval being folded. */
    private static final class Open {
        final String kind;
        final String link;
        final long start;
        String cause;
        boolean causeFromEvent;
        final List<String[]> actions = new ArrayList<>();

        Open(String kind, String link, long start, String cause) {
            this.kind = kind;
            this.link = link;
            this.start = start;
            this.cause = cause;
        }

        Item close(long end, String ended) {
            List<String> words = new ArrayList<>();
            for (String[] a : actions) {
                words.add(a[1] == null ? a[0] : a[0] + " " + a[1]);
            }
            return new Item(kind, start, Math.max(end, start), link, "", cause, compress(words), ended, null);
        }
    }

    /** "redial failed", "redial failed" becomes "redial failed x2". */
    static List<String> compress(List<String> words) {
        List<String> out = new ArrayList<>();
        int count = 0;
        for (int i = 0; i < words.size(); i++) {
            count++;
            if (i + 1 == words.size() || !words.get(i + 1).equals(words.get(i))) {
                out.add(count == 1 ? words.get(i) : words.get(i) + " x" + count);
                count = 0;
            }
        }
        return out;
    }

    private static final class RunFold {
        private final Chronology.Run run;
        private final String previousBoot;
        private final boolean firstRun;
        private final List<Item> out;
        private Open mobile;
        private Open wired;
        private Open blocked;
        private boolean connectedOnce;
        private boolean connected;
        private String lastReason = "";
        /** The mobile outage closed last, its place in {@code out} and how it ended: a result may still come. */
        private Open closed;

        private int closedAt = -1;
        private long closedEnd;

        RunFold(Chronology.Run run, String previousBoot, boolean firstRun, List<Item> out) {
            this.run = run;
            this.previousBoot = previousBoot;
            this.firstRun = firstRun;
            this.out = out;
        }

        void fold() {
            for (Chronology.Dated d : run.records()) {
                Entry e = d.entry();
                switch (e.kind()) {
                    case SESSION -> out.add(Item.point("started", d.at(), e.name(), startReason()));
                    case STATE -> state(e, d.at());
                    case ACTION -> action(Fold.words(e.name()), null, d.at(), e.reason());
                    case EVENT -> event(e, d.at());
                    case WIRED -> wired(e.name(), e.reason().isEmpty() ? "wired path " + e.name() : e.reason(), d.at());
                    case BUDGET -> budget(e.name().equals("blocked"), e.reason(), d.at());
                    case STOP -> out.add(Item.point("stopped", d.at(), "", e.reason()));
                    case MARK -> {}
                }
            }
            String ended = run.live() ? "now" : run.stoppedCleanly() ? "stopped" : "vanished";
            long end = run.end();
            if (mobile != null) {
                out.add(mobile.close(end, ended));
            }
            if (wired != null) {
                out.add(wired.close(end, ended));
            }
            if (blocked != null) {
                out.add(blocked.close(end, ended));
            }
            if (!connectedOnce && !run.records().isEmpty() && end > run.start()) {
                out.add(new Item("never-up", run.start(), end, "mobile", "", lastReason, null, ended, null));
            }
            if (!run.live() && !run.stoppedCleanly() && !run.records().isEmpty()) {
                out.add(Item.point("vanished", end, "", "no stop record: power cut, crash or watchdog"));
            }
            run.jumps().forEach(j -> out.add(new Item("clock", j.at(), null, null, "", "", null, null, j.byMillis())));
        }

        private String startReason() {
            if (firstRun || previousBoot == null) {
                return "";
            }
            if (!previousBoot.isEmpty() && !run.bootId().isEmpty() && !previousBoot.equals(run.bootId())) {
                return "host rebooted";
            }
            return "daemon restarted";
        }

        private void state(Entry e, long at) {
            boolean up = e.name().equals("CONNECTED");
            if (up) {
                if (mobile != null) {
                    out.add(mobile.close(at, "up"));
                    closed = mobile;
                    closedAt = out.size() - 1;
                    closedEnd = at;
                    mobile = null;
                } else if (!connectedOnce) {
                    out.add(new Item("link-up", at, null, "mobile", "", e.reason(), null, null, at - run.start()));
                }
                connectedOnce = true;
            } else if (!e.name().equals("STOPPING")) {
                if (connected && mobile == null) {
                    mobile = new Open("outage", "mobile", at, e.reason());
                    adoptRecentAction(at);
                }
                lastReason = e.reason();
            }
            connected = up;
        }

        /**
         * The supervisor records an action a moment before the state move it causes: an action item emitted
         * just before the outage opened is the outage's first action, and its reason (the fault the
         * supervisor saw, e.g. "modem hung: 3 consecutive AT timeouts") is the outage's cause.
         */
        private void adoptRecentAction(long at) {
            if (out.isEmpty()) {
                return;
            }
            Item last = out.get(out.size() - 1);
            if (last.kind().equals("action") && at - last.start() <= CAUSE_WINDOW_MS) {
                out.remove(out.size() - 1);
                mobile.actions.add(new String[] {last.name(), null});
                if (!last.reason().isEmpty()) {
                    mobile.cause = last.reason();
                }
            }
        }

        private void action(String words, String result, long at, String reason) {
            if (mobile != null
                    && result == null
                    && mobile.actions.isEmpty()
                    && !mobile.causeFromEvent
                    && !reason.isEmpty()
                    && at - mobile.start <= CAUSE_WINDOW_MS) {
                mobile.cause = reason;
            }
            if (mobile != null) {
                if (result != null) {
                    for (int i = mobile.actions.size() - 1; i >= 0; i--) {
                        String[] a = mobile.actions.get(i);
                        if (a[0].equals(words) && a[1] == null) {
                            a[1] = result;
                            return;
                        }
                    }
                }
                mobile.actions.add(new String[] {words, result});
                return;
            }
            if (result != null && settleClosed(words, result, at)) {
                return;
            }
            if (result != null) {
                out.add(Item.point(
                        "event", at, "recovery", words + " " + result + (reason.isEmpty() ? "" : ": " + reason)));
            } else {
                out.add(Item.point("action", at, words, reason));
            }
        }

        /**
         * The result of an action that ended an outage comes a moment after the link is back (the power
         * switch reports once the stick answers): it belongs to that outage's line, not a line of its own.
         */
        private boolean settleClosed(String words, String result, long at) {
            if (closed == null || at - closedEnd > CAUSE_WINDOW_MS || closedAt >= out.size()) {
                return false;
            }
            for (int i = closed.actions.size() - 1; i >= 0; i--) {
                String[] a = closed.actions.get(i);
                if (a[0].equals(words) && a[1] == null) {
                    a[1] = result;
                    out.set(closedAt, closed.close(closedEnd, "up"));
                    return true;
                }
            }
            return false;
        }

        private void event(Entry e, long at) {
            switch (e.name()) {
                case "link-down" -> {
                    // the supervisor's words for the outage it saw begin, when it gave some; the fault an action
                    // was taken for says it better (the state's words add what the daemon is waiting for)
                    if (mobile != null
                            && !e.reason().isEmpty()
                            && at - mobile.start <= CAUSE_WINDOW_MS
                            && mobile.actions.isEmpty()) {
                        mobile.cause = e.reason();
                        mobile.causeFromEvent = true;
                    }
                }
                case "link-up", "started" -> {} // the state transitions tell these
                case "recovery" -> {
                    Object a = e.detail().get("action");
                    Object r = e.detail().get("result");
                    action(
                            Fold.words(a == null ? "recovery" : a.toString()),
                            r == null ? "done" : r.toString(),
                            at,
                            e.reason());
                }
                case "wired-down" -> wired("down", e.reason(), at);
                case "wired-up" -> wired("up", e.reason(), at);
                default -> out.add(Item.point("event", at, e.name(), e.reason()));
            }
        }

        private void wired(String path, String reason, long at) {
            switch (path) {
                case "down" -> {
                    if (wired == null) {
                        wired = new Open("outage", "wired", at, reason);
                    }
                }
                case "up" -> {
                    if (wired != null) {
                        out.add(wired.close(at, "up"));
                        wired = null;
                    }
                }
                default -> {
                    if (wired != null) {
                        out.add(wired.close(at, "unknown"));
                        wired = null;
                    }
                }
            }
        }

        private void budget(boolean isBlocked, String reason, long at) {
            if (isBlocked && blocked == null) {
                blocked = new Open("blocked", "mobile", at, reason);
            } else if (!isBlocked && blocked != null) {
                out.add(blocked.close(at, "up"));
                blocked = null;
            }
        }
    }
}
