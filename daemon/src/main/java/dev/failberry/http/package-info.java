/**
 * The two HTTP listeners on Undertow: the public port that serves {@code /health} only (answered from memory
 * on the I/O thread, behind a connection guard), and the loopback admin API behind {@code failberry status}.
 */
package dev.failberry.http;
