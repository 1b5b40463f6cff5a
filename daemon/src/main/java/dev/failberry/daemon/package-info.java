/**
 * The supervisor: the one state machine ({@link dev.failberry.daemon.Supervisor}, {@link
 * dev.failberry.daemon.DaemonState}), the pure judgement ({@code Facts} to {@code Assessor}), the executor of its
 * decisions, the recovery ladder and the reboot guard, and {@code Wiring}, which assembles the capabilities and
 * connects them through bridges. Everything that decides runs on the supervisor's one thread.
 */
package dev.failberry.daemon;
