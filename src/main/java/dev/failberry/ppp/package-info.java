/**
 * The PPP link: pppd's options and chat script, its supervision and output parsing, the probes that verify
 * that traffic flows from the link's address, the public-IP check, and the data counter.
 */
package dev.failberry.ppp;
