package dev.failberry.sim.modem;

import java.time.Duration;

/**
 * Real-time delays inside the simulator; short ones for tests, realistic ones for the demo.
 *
 * @param rebootSilence      how long the ports are gone after +CFUN=1,1 / ^RESET
 * @param simBusyAfterBoot   +CPIN? answers +CME ERROR: 14 this long after the ports return
 * @param registerAfterSim   searching (stat 2) this long after the SIM is ready, then registered
 * @param escapeGuard        +++ guard time (S12)
 * @param bootUrcInterval    Huawei ^BOOT repeat interval while ^CURC is on
 * @param flowReportInterval Huawei ^DSFLOWRPT interval while a data call is up
 */
public record SimTiming(
        Duration rebootSilence,
        Duration simBusyAfterBoot,
        Duration registerAfterSim,
        Duration escapeGuard,
        Duration bootUrcInterval,
        Duration flowReportInterval) {

    public static SimTiming realistic() {
        return new SimTiming(
                Duration.ofSeconds(8),
                Duration.ofSeconds(3),
                Duration.ofSeconds(4),
                Duration.ofSeconds(1),
                Duration.ofSeconds(3),
                Duration.ofSeconds(2));
    }

    public static SimTiming fast() {
        return new SimTiming(
                Duration.ofMillis(300),
                Duration.ofMillis(200),
                Duration.ofMillis(200),
                Duration.ofMillis(100),
                Duration.ofMillis(150),
                Duration.ofMillis(200));
    }
}
