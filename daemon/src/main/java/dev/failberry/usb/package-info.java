/**
 * Switching the stick's USB power: uhubctl or sysfs, with verification that the port really went off and came
 * back, advice per Raspberry Pi model, and a root filesystem on a switched hub refused.
 */
package dev.failberry.usb;
