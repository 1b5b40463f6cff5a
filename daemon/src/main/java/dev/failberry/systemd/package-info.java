/**
 * systemd's notify protocol ({@code READY=1}, {@code STATUS=}, {@code WATCHDOG=1}, {@code STOPPING=1}) over
 * the notify socket, loaded only when {@code NOTIFY_SOCKET} is set.
 */
package dev.failberry.systemd;
