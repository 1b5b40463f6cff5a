/**
 * SMS over AT, as modem protocol: the SMS-SUBMIT PDU (3GPP TS 23.040, GSM 7-bit and UCS-2), the steps of
 * the {@code AT+CMGS} dialogue in PDU mode and the text-mode fallback (3GPP TS 27.005), the
 * {@code +CMS ERROR} table, and how an attempt ended. Pure: it walks an {@link
 * dev.failberry.modem.sms.AtChannel} and touches no port itself. {@link dev.failberry.modem.sms.SmsTransport}
 * is the small interface the notifier sends through; {@code ModemMonitor} implements it on the AT session.
 * The notifier depends on this package, never the reverse ({@code ArchitectureRulesTest}).
 */
package dev.failberry.modem.sms;
