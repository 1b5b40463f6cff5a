/**
 * Telling the admin: events folded and rate-limited, sent as SMS through the modem and as webhooks through the
 * mobile link, with counts and last errors for status and metrics. The SMS itself (PDU mode, GSM 7-bit and
 * UCS-2, the {@code AT+CMGS} dialogue) is modem protocol: {@link dev.failberry.notify.SmsChannel} sends
 * through {@link dev.failberry.modem.sms.SmsTransport}; the modem never refers to this package.
 */
package dev.failberry.notify;
