/**
 * What happened: the event journal in the state directory (append-only CRC-checked segments, written in
 * batches), its folding into outages for {@code failberry events}, the availability figures and the
 * dashboard's series. {@link dev.failberry.history.History} is the door; it runs on the supervisor's
 * scheduler, and the admin routes only read it.
 */
package dev.failberry.history;
