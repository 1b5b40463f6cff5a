/**
 * The web API of router-mode (HiLink) sticks: session and CSRF token, login, signal, connection status, WAN
 * address, reboot and DMZ, as typed results parsed from the stick's XML.
 */
package dev.failberry.hilink;
