/**
 * The modem over AT commands: {@code AtPort} (the only serial code, on jSerialComm), the AT session that owns
 * the port on the modem thread (open, gone, lent to pppd, timeouts counted), and the dialogue as step lists (init,
 * SIM and PIN, APN, polling, unsolicited lines). {@link dev.failberry.modem.ModemMonitor} is the door; it reports
 * {@link dev.failberry.modem.ModemStatus} and decides nothing. It also runs SMS dialogues ({@code modem.sms})
 * on the session's port for the notifier, which it does not know.
 */
package dev.failberry.modem;
