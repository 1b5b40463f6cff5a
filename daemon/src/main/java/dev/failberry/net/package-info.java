/**
 * The network around the links: reply routing (a connection mark per interface, a rule and a table per link),
 * the daemon's own nftables table (who may use the mobile link, the health port and the configured forwards),
 * the wired path's probes through the wired router ({@link dev.failberry.net.WiredPath}: up, down or unknown,
 * which the wired record's health answer follows), and host checks such as IP forwarding and rp_filter. Commands run as argument arrays; rule sets are rendered
 * from validated values and loaded with {@code nft -f -}.
 */
package dev.failberry.net;
