/**
 * Telling the admin: events folded and rate-limited, sent as SMS through the modem (PDU mode, GSM 7-bit and
 * UCS-2) and as webhooks through the mobile link, with counts and last errors for status and metrics.
 */
package dev.failberry.notify;
