/**
 * The PPP link: pppd's options and chat script, its supervision and output parsing, the probes that verify
 * that traffic flows from the link's address ({@link dev.failberry.ppp.Prober} and its k-of-n judgement
 * {@link dev.failberry.ppp.ProbeWindow}, which the wired path's probes use too), the public-IP check, and the
 * data counter.
 */
package dev.failberry.ppp;
