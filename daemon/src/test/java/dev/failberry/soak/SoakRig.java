package dev.failberry.soak;

import com.typesafe.config.ConfigFactory;
import dev.failberry.config.ConfigLoader;
import dev.failberry.config.FailberryConfig;
import dev.failberry.daemon.Controller;
import dev.failberry.daemon.RebootGuard;
import dev.failberry.daemon.RecoveryPolicy;
import dev.failberry.daemon.Supervisor;
import dev.failberry.time.VirtualTime;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/** The real controller wired to a {@link SoakWorld} on virtual time, as the soak and scenario tests use it. */
final class SoakRig {
    final FailberryConfig config;
    final VirtualTime time = new VirtualTime(Instant.parse("2026-11-21T00:00:00Z"));
    final Random random;
    final Supervisor supervisor = new Supervisor(time);
    final SoakWorld world;
    final RebootGuard guard;
    final List<Instant> rebootCalls = new ArrayList<>();

    /** The host has been up a random 0-59 min when the daemon starts (drawn from the world's random). */
    SoakRig(String overrides, long seed, Path state) throws Exception {
        config = ConfigLoader.fromUserConfig(ConfigFactory.parseString(overrides), "soak.conf");
        random = new Random(seed);
        world = new SoakWorld(time, random, supervisor);
        world.hostUptimeAtStart = Duration.ofMinutes(random.nextInt(60));
        guard = new RebootGuard(config.recovery().reboot(), state, time::now, () -> Optional.of(world.hostUptime()));
        var settings = new Controller.Settings(
                config.modem().registrationTimeout(),
                config.modem().simBusyTimeout(),
                config.usbPower().waitForModem(),
                config.usbPower().offTime(),
                config.ppp().probe().enabled());
        world.controller = new Controller(
                supervisor,
                settings,
                RecoveryPolicy.from(config, true),
                guard,
                world.modemControl(),
                world.linkControl(),
                world.powerControl(
                        config.usbPower().offTime(), config.usbPower().waitForModem()),
                world.hostControl(rebootCalls),
                world.dnsControl(),
                (a, why) -> {});
    }

    void start() {
        supervisor.startHeartbeat();
        world.controller.start();
    }
}
