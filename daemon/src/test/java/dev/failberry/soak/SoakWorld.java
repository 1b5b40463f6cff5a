package dev.failberry.soak;

import dev.failberry.daemon.Capabilities;
import dev.failberry.daemon.Capabilities.PowerResult;
import dev.failberry.daemon.Controller;
import dev.failberry.daemon.RecoveryAction;
import dev.failberry.daemon.Supervisor;
import dev.failberry.modem.ModemStatus;
import dev.failberry.modem.ModemStatus.Condition;
import dev.failberry.time.Cancellable;
import dev.failberry.time.VirtualTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * A plausible modem, pppd and USB switch in memory, on virtual time, behind the controller's
 * capability interfaces. It reports to the controller what the real monitor and pppd supervisor would:
 * a hang is seen at the next poll plus the detection time, a vanished port at once, a link that cannot
 * connect as pppd exits with backoff between the ppp component's own redials, failing probes as a
 * degraded link. Faults are switched on and off by the soak test; the world heals only the way the real
 * hardware would (a hung or lost stick needs a power cycle, unless it was told it comes back by itself).
 * Every action the controller takes is recorded with the controller-visible situation at that moment.
 */
final class SoakWorld {
    static final Duration POLL = Duration.ofSeconds(30);
    static final Duration DETECTION = Duration.ofSeconds(9);
    static final Duration LCP_DEAD = Duration.ofSeconds(30);

    /** An action the controller took, with what it could see when it took it. */
    record Taken(
            RecoveryAction action,
            long nanos,
            Instant wall,
            Condition modemSeen,
            String levelBefore,
            boolean powerCycleInFlight,
            Duration hostUptime) {}

    enum Registration {
        HOME,
        SEARCHING,
        DENIED
    }

    private final VirtualTime time;
    private final Random random;
    final Supervisor supervisor;
    Controller controller;

    // the hardware
    boolean present = true; // on the USB bus
    boolean powered = true;
    boolean hung;
    boolean returnsAfterPowerCycle = true;
    boolean vanishedReturnsBySelf;
    Registration registration = Registration.HOME;
    long simBusyUntil = Long.MIN_VALUE;
    boolean linkFault; // the network refuses the data call
    boolean degraded; // link up, no traffic
    boolean switchBroken; // uhubctl fails to switch
    Duration hostUptimeAtStart = Duration.ofMinutes(10);

    // what the controller was told
    Condition reported = Condition.ABSENT;
    private boolean monitorStarted;
    private long generation; // bumps when the modem's state machine restarts (cancels pending reports)

    // pppd
    boolean dialWanted;
    boolean linkUp;
    private Cancellable pppd = Cancellable.NONE;
    private Duration backoff = Duration.ofSeconds(5);
    private int ipSeq;

    // records
    final List<Taken> actions = new ArrayList<>();
    final List<String> dnsPublished = new ArrayList<>();
    final List<String> violations = new ArrayList<>();
    boolean powerCycleInFlight;
    int cyclesSwitched;

    SoakWorld(VirtualTime time, Random random, Supervisor supervisor) {
        this.time = time;
        this.random = random;
        this.supervisor = supervisor;
    }

    Duration hostUptime() {
        return hostUptimeAtStart.plusNanos(time.nanoTime());
    }

    boolean modemAnswers() {
        return present && powered && !hung;
    }

    /**
     * No recovery action can bring the link back at this moment: the network refuses (not registered, the
     * data call refused, no traffic), the SIM is busy, or the stick needs a power cycle (hung or lost) that
     * cannot work (the switch is broken, or the stick does not come back after one).
     */
    boolean blocked() {
        boolean needsCycle = hung || !present && !vanishedReturnsBySelf;
        return registration != Registration.HOME
                || linkFault
                || degraded
                || time.nanoTime() < simBusyUntil
                || needsCycle && (switchBroken || !returnsAfterPowerCycle);
    }

    // ---- reports to the controller, as the monitor would make them ------------------------------

    private void report(Condition c, String detail) {
        reported = c;
        controller.onModem(ModemStatus.of(c, "/dev/ttyUSB2", detail));
    }

    private void later(Duration d, Runnable r) {
        long gen = generation;
        time.schedule(d, () -> {
            if (gen == generation) {
                r.run();
            }
        });
    }

    private Duration between(long minMs, long maxMs) {
        return Duration.ofMillis(minMs + (long) (random.nextDouble() * (maxMs - minMs)));
    }

    /** Opens the port and runs the init sequence (also what the monitor does when a port reappears). */
    private void initialise() {
        generation++;
        if (!present || !powered) {
            report(Condition.ABSENT, "port does not exist");
            return;
        }
        later(between(200, 1500), () -> {
            if (hung) {
                report(Condition.INITIALIZING, "init");
                later(DETECTION, () -> report(Condition.HUNG, "3 consecutive AT timeouts"));
                return;
            }
            report(Condition.INITIALIZING, "running the init sequence");
            later(between(1000, 4000), this::reportRegistration);
        });
    }

    private void reportRegistration() {
        if (!modemAnswers()) {
            return;
        }
        if (time.nanoTime() < simBusyUntil) {
            report(Condition.SIM_BUSY, "+CME ERROR: 14");
            later(Duration.ofNanos(simBusyUntil - time.nanoTime()).plusSeconds(1), this::reportRegistration);
            return;
        }
        switch (registration) {
            case HOME -> report(Condition.REGISTERED, "registered home");
            case SEARCHING -> report(Condition.SEARCHING, "searching");
            case DENIED -> report(Condition.DENIED, "registration denied");
        }
        schedulePoll();
    }

    /** The monitor's periodic poll: registration changes are seen here. */
    private void schedulePoll() {
        later(POLL, () -> {
            if (!modemAnswers()) {
                return; // the hang is reported by hang(); a vanished port at once
            }
            Condition now =
                    switch (registration) {
                        case HOME -> Condition.REGISTERED;
                        case SEARCHING -> Condition.SEARCHING;
                        case DENIED -> Condition.DENIED;
                    };
            if (now != reported) {
                report(now, now.name().toLowerCase());
            }
            schedulePoll();
        });
    }

    // ---- faults ---------------------------------------------------------------------------------

    void hang() {
        if (!modemAnswers()) {
            return;
        }
        hung = true;
        generation++;
        // the next poll's first command times out, then the resync probes: POLL phase + DETECTION
        later(between(0, POLL.toMillis()).plus(DETECTION), () -> report(Condition.HUNG, "3 consecutive AT timeouts"));
        if (linkUp) {
            time.schedule(LCP_DEAD, () -> {
                if (hung && linkUp) {
                    pppdExited("pppd exited 15: LCP echo failures");
                }
            });
        }
    }

    void vanish(boolean comesBackBySelf, Duration after) {
        if (!present) {
            return;
        }
        present = false;
        vanishedReturnsBySelf = comesBackBySelf;
        generation++;
        report(Condition.GONE, "port vanished (read returned EOF/EIO)");
        if (linkUp) {
            pppdExited("pppd exited 16: modem hangup");
        }
        if (comesBackBySelf) {
            time.schedule(after, () -> {
                if (!present && vanishedReturnsBySelf && powered) {
                    present = true;
                    initialise();
                }
            });
        }
    }

    void setRegistration(Registration r) {
        registration = r;
        if (r != Registration.HOME && linkUp) {
            time.schedule(between(1000, 20_000), () -> {
                if (registration != Registration.HOME && linkUp) {
                    pppdExited("pppd exited 16: modem hangup (no carrier)");
                }
            });
        }
    }

    void pppdDies() {
        if (linkUp) {
            pppdExited("pppd exited 16: modem hangup");
        }
    }

    void setDegraded(boolean on) {
        degraded = on;
        if (linkUp) {
            controller.onLinkVerification(!on, on ? "3 of 5 probes failed" : "traffic verified");
        }
    }

    // ---- pppd -----------------------------------------------------------------------------------

    private void pppdExited(String why) {
        linkUp = false;
        pppd.cancel();
        controller.onLinkDown(why);
        if (dialWanted) {
            scheduleDial(backoff);
            backoff = min(backoff.multipliedBy(2), Duration.ofMinutes(5));
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) < 0 ? a : b;
    }

    private void scheduleDial(Duration after) {
        pppd.cancel();
        pppd = time.schedule(after, this::dialAttempt);
    }

    private void dialAttempt() {
        if (!dialWanted || linkUp) {
            return;
        }
        controller.onLinkDialing();
        boolean canConnect =
                modemAnswers() && registration == Registration.HOME && !linkFault && time.nanoTime() >= simBusyUntil;
        pppd = time.schedule(between(2000, 8000), () -> {
            if (!dialWanted) {
                return;
            }
            if (canConnect && modemAnswers() && !linkFault && registration == Registration.HOME) {
                linkUp = true;
                backoff = Duration.ofSeconds(5);
                String ip = "203.0.113." + (1 + ipSeq++ % 250);
                controller.onLinkUp(ip, ip);
                pppd = time.schedule(between(500, 3000), () -> {
                    if (linkUp) {
                        controller.onLinkVerification(
                                !degraded, degraded ? "3 of 5 probes failed" : "traffic verified");
                    }
                });
            } else {
                pppdExited("pppd exited 8: the connect script failed");
            }
        });
    }

    // ---- the capabilities -------------------------------------------------------------------------

    private void took(RecoveryAction a) {
        actions.add(new Taken(
                a,
                time.nanoTime(),
                time.now(),
                reported,
                supervisor.snapshot().recovery().level(),
                powerCycleInFlight,
                hostUptime()));
    }

    Capabilities.ModemControl modemControl() {
        return new Capabilities.ModemControl() {
            @Override
            public void start() {
                monitorStarted = true;
                initialise();
            }

            @Override
            public void checkNow() {
                // the real monitor polls at once; a hang is then seen after the detection time
                if (monitorStarted && hung && present && reported != Condition.HUNG) {
                    later(DETECTION, () -> report(Condition.HUNG, "3 consecutive AT timeouts"));
                }
            }

            @Override
            public void softReset(String reason) {
                took(RecoveryAction.MODEM_RESET);
                if (reported.silent()) {
                    violations.add("modem reset sent while the modem was reported " + reported);
                }
                if (!modemAnswers()) {
                    return; // hung or gone but not noticed yet: the command is lost, the monitor reports it soon
                }
                // the stick re-enumerates; a reset cures registration and data-call trouble half of the time
                generation++;
                present = false;
                report(Condition.ABSENT, "port vanished after reset");
                if (random.nextBoolean()) {
                    registration = Registration.HOME;
                    linkFault = false;
                }
                if (random.nextInt(4) == 0) {
                    simBusyUntil = time.nanoTime() + between(10_000, 120_000).toNanos();
                }
                time.schedule(between(5000, 20_000), () -> {
                    if (powered && !present) {
                        present = true;
                        initialise();
                    }
                });
            }

            @Override
            public void close() {}
        };
    }

    Capabilities.LinkControl linkControl() {
        return new Capabilities.LinkControl() {
            @Override
            public void dial() {
                dialWanted = true;
                backoff = Duration.ofSeconds(5);
                scheduleDial(Duration.ZERO);
            }

            @Override
            public void hangup(String reason) {
                dialWanted = false;
                pppd.cancel();
                if (linkUp) {
                    linkUp = false;
                    time.schedule(
                            Duration.ofMillis(300),
                            () -> controller.onLinkDown("pppd exited 5: stopped by the daemon"));
                }
            }

            @Override
            public void restart(String reason) {
                took(RecoveryAction.REDIAL);
                if (reported != Condition.REGISTERED) {
                    violations.add("redial while the modem is " + reported);
                }
                backoff = Duration.ofSeconds(5);
                if (linkUp) {
                    pppdExited("pppd exited 5: stopped for a redial");
                }
                if (dialWanted) {
                    scheduleDial(Duration.ZERO);
                }
            }

            @Override
            public void close() {}
        };
    }

    Capabilities.PowerControl powerControl(Duration offTime, Duration waitForModem) {
        return new Capabilities.PowerControl() {
            @Override
            public boolean available() {
                return true;
            }

            @Override
            public void cycle(String reason, Consumer<PowerResult> done) {
                took(RecoveryAction.USB_POWER_CYCLE);
                if (powerCycleInFlight) {
                    violations.add("power cycle while another is in flight");
                }
                powerCycleInFlight = true;
                if (switchBroken) {
                    time.schedule(
                            Duration.ofSeconds(1),
                            () -> finish(
                                    done, new PowerResult(false, false, "uhubctl: No compatible devices detected")));
                    return;
                }
                cyclesSwitched++;
                powered = false;
                boolean wasPresent = present;
                present = false;
                vanishedReturnsBySelf = false; // from now on the stick's return is the power cycle's business
                generation++;
                if (wasPresent) {
                    report(Condition.GONE, "port vanished (USB power off)");
                }
                if (linkUp) {
                    pppdExited("pppd exited 16: modem hangup");
                }
                time.schedule(offTime, () -> {
                    powered = true;
                    if (!returnsAfterPowerCycle) {
                        time.schedule(
                                waitForModem,
                                () -> finish(
                                        done,
                                        new PowerResult(
                                                true,
                                                false,
                                                "modem did not come back within " + waitForModem.toSeconds() + " s")));
                        return;
                    }
                    hung = false;
                    Duration back = between(2000, 40_000);
                    time.schedule(back, () -> {
                        present = true;
                        finish(done, new PowerResult(true, true, "came back"));
                    });
                });
            }
        };
    }

    private void finish(Consumer<PowerResult> done, PowerResult r) {
        powerCycleInFlight = false;
        done.accept(r);
    }

    Capabilities.HostControl hostControl(List<Instant> rebootCalls) {
        return reason -> {
            took(RecoveryAction.REBOOT);
            rebootCalls.add(time.now());
            return null; // the command started; this host does not actually go down
        };
    }

    Capabilities.DnsControl dnsControl() {
        return new Capabilities.DnsControl() {
            @Override
            public void addressChanged(String publicIp, String localIp) {
                if (!linkUp) {
                    violations.add("DNS publish of " + publicIp + " while the link is down");
                }
                dnsPublished.add(publicIp);
            }

            @Override
            public void linkDown() {}

            @Override
            public void close() {}
        };
    }

    /** Ends every fault: the hardware behaves from now on (a lost stick returns at its next power cycle). */
    void healEverything() {
        registration = Registration.HOME;
        linkFault = false;
        switchBroken = false;
        returnsAfterPowerCycle = true;
        simBusyUntil = Long.MIN_VALUE;
        if (degraded) {
            setDegraded(false);
        }
        if (!present && powered && vanishedReturnsBySelf) {
            present = true;
            initialise();
        }
    }
}
