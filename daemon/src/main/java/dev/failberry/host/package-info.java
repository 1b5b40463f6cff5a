/**
 * What the process shares with the rest of the host: the state directory's kernel lock, UUCP locks on serial
 * ports, trusted-directory checks, process lookup, and loading
 * jSerialComm's native code from a private directory.
 */
package dev.failberry.host;
