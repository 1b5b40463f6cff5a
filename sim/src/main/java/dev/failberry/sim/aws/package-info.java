/**
 * A loopback AWS endpoint (Route53, Lambda, an authoritative name server) that the real AWS SDK talks to over
 * HTTP.
 */
package dev.failberry.sim.aws;
