/**
 * The demo's world: the simulators in a second JVM, started and stopped by {@code failberry demo}, with
 * faults injected through the admin API.
 */
package dev.failberry.sim.demo;
