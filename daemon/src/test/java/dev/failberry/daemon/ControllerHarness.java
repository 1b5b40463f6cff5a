package dev.failberry.daemon;

import dev.failberry.config.ConfigLoader;
import dev.failberry.config.FailberryConfig;
import dev.failberry.daemon.Capabilities.PowerResult;
import dev.failberry.modem.ModemStatus;
import dev.failberry.modem.ModemStatus.Condition;
import dev.failberry.time.VirtualTime;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A controller with in-memory capabilities on virtual time: the narrow seam for scenario tests of the
 * decisions (the real capabilities are exercised by their own integration tests). Every call a
 * capability receives is logged with the virtual second it happened at.
 */
final class ControllerHarness {
    final VirtualTime time = new VirtualTime(Instant.parse("2026-11-21T00:00:00Z"));
    final Supervisor supervisor = new Supervisor(time);
    final List<String> calls = new ArrayList<>();
    final FailberryConfig config;
    final RebootGuard guard;
    final Controller controller;
    Duration hostUptime = Duration.ofDays(3);
    Consumer<PowerResult> pendingCycle;
    boolean powerAvailable = true;

    ControllerHarness(String overrides, Path stateDir) throws Exception {
        config = ConfigLoader.fromUserConfig(com.typesafe.config.ConfigFactory.parseString(overrides), "test.conf");
        guard = new RebootGuard(config.recovery().reboot(), stateDir, time::now, () -> Optional.of(hostUptime));
        var settings = new Controller.Settings(
                config.modem().registrationTimeout(),
                config.modem().simBusyTimeout(),
                config.usbPower().waitForModem(),
                config.usbPower().offTime(),
                config.ppp().probe().enabled());
        controller = new Controller(
                supervisor,
                settings,
                RecoveryPolicy.from(config, true),
                guard,
                new Capabilities.ModemControl() {
                    @Override
                    public void start() {
                        log("modem.start");
                    }

                    @Override
                    public void checkNow() {
                        log("modem.checkNow");
                    }

                    @Override
                    public void softReset(String reason) {
                        log("modem.softReset");
                    }

                    @Override
                    public void close() {
                        log("modem.close");
                    }
                },
                new Capabilities.LinkControl() {
                    @Override
                    public void dial() {
                        log("link.dial");
                    }

                    @Override
                    public void hangup(String reason) {
                        log("link.hangup");
                    }

                    @Override
                    public void restart(String reason) {
                        log("link.restart");
                    }

                    @Override
                    public void close() {
                        log("link.close");
                    }
                },
                new Capabilities.PowerControl() {
                    @Override
                    public boolean available() {
                        return powerAvailable;
                    }

                    @Override
                    public void cycle(String reason, Consumer<PowerResult> done) {
                        log("power.cycle");
                        pendingCycle = done;
                    }
                },
                reason -> {
                    log("host.reboot");
                    return null;
                },
                new Capabilities.DnsControl() {
                    @Override
                    public void addressChanged(String ip, String local) {
                        log("dns " + ip);
                    }

                    @Override
                    public void linkDown() {}

                    @Override
                    public void close() {}
                },
                (a, why) -> {});
    }

    void log(String call) {
        calls.add(seconds() + "s " + call);
    }

    long seconds() {
        return time.nanoTime() / 1_000_000_000L;
    }

    void at(long second, Runnable r) {
        time.advance(Duration.ofSeconds(second - seconds()));
        r.run();
        time.runDue();
    }

    void advanceTo(long second) {
        time.advance(Duration.ofSeconds(second - seconds()));
    }

    void modem(Condition c, String detail) {
        controller.onModem(ModemStatus.of(c, "/dev/ttyUSB2", detail));
    }

    /** Boots and brings the link up and verified at virtual second 10. */
    void connect() {
        controller.start();
        at(2, () -> modem(Condition.INITIALIZING, "init"));
        at(4, () -> modem(Condition.REGISTERED, "registered home"));
        at(8, () -> controller.onLinkUp("203.0.113.7", "203.0.113.7"));
        at(10, () -> controller.onLinkVerification(true, "3 targets answer"));
    }

    List<String> callsFrom(long second) {
        return calls.stream()
                .filter(c -> Long.parseLong(c.substring(0, c.indexOf('s'))) >= second)
                .toList();
    }

    void finishCycle(boolean switched, boolean back) {
        var done = pendingCycle;
        pendingCycle = null;
        done.accept(new PowerResult(
                switched,
                back,
                switched ? "device went away and came back" : "uhubctl: No compatible devices detected"));
        time.runDue();
    }
}
