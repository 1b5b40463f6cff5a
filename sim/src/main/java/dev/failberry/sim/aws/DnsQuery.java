package dev.failberry.sim.aws;

/**
 * A query {@link LoopbackAws}'s name server answered: the name (lower case, no trailing dot), the type
 * mnemonic ({@code A}, {@code AAAA}, {@code NS}, {@code TYPE65}) and whether recursion was desired.
 */
public record DnsQuery(String name, String type, boolean recursionDesired) {}
