package dev.failberry.modem.parse;

/**
 * One PDP context definition from {@code +CGDCONT?}.
 *
 * @param cid  context id, 1..
 * @param type PDP type upper-cased, e.g. {@code "IP"}, {@code "IPV6"}, {@code "IPV4V6"}
 * @param apn  access point name, {@code null} when empty
 */
public record PdpContext(int cid, String type, String apn) {}
