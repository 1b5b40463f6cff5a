/**
 * The status snapshot (immutable, published by the supervisor, read without locks), its JSON and the
 * {@code failberry status} text.
 */
package dev.failberry.status;
