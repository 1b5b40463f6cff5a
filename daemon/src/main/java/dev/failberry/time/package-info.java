/**
 * Time as a dependency: a {@code TimeSource} and a {@code Scheduler} (a real one on one thread, and virtual
 * time that lets a test drive an hour of faults in milliseconds), and backoff.
 */
package dev.failberry.time;
