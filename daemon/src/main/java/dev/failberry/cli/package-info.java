/**
 * The command line ({@code failberry run|status|check-config|modem|usb|dns|route53|demo|...}), on picocli.
 * Each command is a thin door: it parses arguments, calls a capability or the loopback admin API, prints one
 * sentence on stderr when something is wrong and exits 0/1/2/3 as the README's contract says.
 */
package dev.failberry.cli;
