package dev.failberry.usb;

import dev.failberry.time.Cancellable;
import dev.failberry.time.Scheduler;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Watches the modem's USB device around a power cycle: polls the {@link UsbTree} every
 * {@link #POLL} on the scheduler (no busy loop, and only while a cycle is in progress) and decides whether
 * the device went away and came back.
 *
 * <p>"Gone" means none of the devices present before is present and configured any more. "Back" means a
 * matching configured device with a new identity (USB path + devnum: the kernel gives every enumeration a
 * new devnum, so a quick re-enumeration between two polls is still seen) or, after "gone", the same one
 * configured again (re-authorisation keeps the devnum). All state lives on the scheduler thread.
 */
final class PresenceWatch {
    static final Duration POLL = Duration.ofMillis(250);
    /** After the switch command, how long the device may take to disappear before "no effect". */
    static final Duration GONE_GRACE = Duration.ofSeconds(2);

    /** The watch's verdict. */
    record Verdict(CycleResult.Outcome outcome, String message, Optional<UsbDevice> device) {}

    private final UsbTree tree;
    private final UsbDeviceMatcher matcher;
    private final Scheduler scheduler;
    private Set<String> before = Set.of();
    private boolean sawGone;
    private Optional<UsbDevice> back = Optional.empty();
    private Cancellable polling = Cancellable.NONE;
    private Cancellable goneDeadline = Cancellable.NONE;
    private Cancellable backDeadline = Cancellable.NONE;
    private CompletableFuture<Verdict> verdict;
    private long commandEndNanos;

    PresenceWatch(UsbTree tree, UsbDeviceMatcher matcher, Scheduler scheduler) {
        this.tree = tree;
        this.matcher = matcher;
        this.scheduler = scheduler;
    }

    /** Takes the "before" snapshot and starts polling; call on the scheduler thread before switching. */
    void start() {
        before = identities(current());
        polling = scheduler.scheduleEvery(POLL, POLL, this::poll);
    }

    boolean presentBefore() {
        return !before.isEmpty();
    }

    /** Polls once now (on the scheduler thread), e.g. just before power comes back. */
    void poll() {
        List<UsbDevice> now = current();
        Set<String> ids = identities(now);
        if (!before.isEmpty() && ids.stream().noneMatch(before::contains)) {
            sawGone = true;
        }
        if (back.isEmpty()) {
            for (UsbDevice d : now) {
                if (!before.contains(identity(d)) || sawGone) {
                    back = Optional.of(d);
                    break;
                }
            }
        }
        decide(false);
    }

    /**
     * The switch command has finished (call on the scheduler thread). Completes when the device came back,
     * or with NO_EFFECT / NOT_BACK at the bounded deadlines. A device that was not visible before cannot
     * be watched going and coming back: unless one has appeared already, that is UNVERIFIED at once, and
     * whether the modem is back is for its ports and its AT answers to tell (waiting here for a device that
     * may never match would only hold up the redial).
     */
    CompletableFuture<Verdict> afterCommand(Duration waitForModem) {
        verdict = new CompletableFuture<>();
        commandEndNanos = scheduler.time().nanoTime();
        if (before.isEmpty()) {
            poll();
            if (!verdict.isDone()) {
                finish(new Verdict(
                        CycleResult.Outcome.UNVERIFIED,
                        "power switched; the modem's USB device (" + matcher.describe()
                                + ") was not visible before the cycle, so its return cannot be watched",
                        Optional.empty()));
            }
            return verdict;
        }
        goneDeadline = scheduler.schedule(GONE_GRACE, () -> {
            poll();
            if (!sawGone && back.isEmpty()) {
                finish(new Verdict(
                        CycleResult.Outcome.NO_EFFECT,
                        "switch had no effect: " + matcher.describe()
                                + " never disappeared (VBUS not cut? ganged ports / hub without power switching)",
                        Optional.empty()));
            }
        });
        backDeadline = scheduler.schedule(waitForModem, () -> {
            poll();
            decide(true);
        });
        poll();
        return verdict;
    }

    private void decide(boolean deadline) {
        if (verdict == null || verdict.isDone()) {
            return;
        }
        if (back.isPresent()) {
            long ms = (scheduler.time().nanoTime() - commandEndNanos) / 1_000_000;
            finish(new Verdict(
                    CycleResult.Outcome.CYCLED,
                    "modem USB device " + back.get().describe()
                            + (before.isEmpty() ? " appeared" : " went away and came back") + " (" + ms
                            + " ms after the switch)",
                    back));
        } else if (deadline) {
            String secs = Duration.ofNanos(scheduler.time().nanoTime() - commandEndNanos)
                            .toSeconds() + " s";
            finish(new Verdict(
                    CycleResult.Outcome.NOT_BACK,
                    "modem USB device went away but did not come back within " + secs,
                    Optional.empty()));
        }
    }

    void stop() {
        polling.cancel();
        goneDeadline.cancel();
        backDeadline.cancel();
    }

    private void finish(Verdict v) {
        stop();
        verdict.complete(v);
    }

    private List<UsbDevice> current() {
        return tree.devices().stream()
                .filter(matcher::matches)
                .filter(UsbDevice::active)
                .toList();
    }

    private static Set<String> identities(List<UsbDevice> devices) {
        Set<String> s = new HashSet<>();
        devices.forEach(d -> s.add(identity(d)));
        return s;
    }

    private static String identity(UsbDevice d) {
        return d.busPort() + "#" + d.devnum();
    }
}
