/**
 * The command line ({@code failberry run|status|check-config|modem|usb|dns|route53|demo|...}), on picocli.
 * Each command is a thin door: it parses arguments, calls a capability or the loopback admin API, prints one
 * sentence on stderr when something is wrong and exits 0/1/2/3 as the README's contract says. The admin
 * request and its failures (no daemon, an HTTP error, an answer not understood) are {@code AdminCall}'s.
 */
package dev.failberry.cli;
