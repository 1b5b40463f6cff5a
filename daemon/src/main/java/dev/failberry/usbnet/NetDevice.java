package dev.failberry.usbnet;

import java.util.Optional;

/**
 * A network interface as {@code /sys/class/net/<name>} shows it, tied to the USB interface it belongs
 * to when it is on USB.
 *
 * @param busPort         the USB device ({@code 1-1.3}), empty when the interface is not on USB
 * @param usbInterface    the USB interface number the driver bound ({@code 1-1.3:1.0} -> 0), or -1
 * @param driver          the bound driver ({@code cdc_ether}, {@code rndis_host}, {@code smsc95xx}), or ""
 */
record NetDevice(String name, Optional<String> busPort, int usbInterface, String driver, String mac) {}
