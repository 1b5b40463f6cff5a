/**
 * The status snapshot (immutable, published by the supervisor, read without locks) assembled from one record
 * per part (modem, ppp, dns, recovery, data usage, network), its JSON and the {@code failberry status} text.
 */
package dev.failberry.status;
