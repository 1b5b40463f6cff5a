/**
 * A router-mode stick's network interface: found by USB id in sysfs and watched with {@code ip monitor}.
 */
package dev.failberry.usbnet;
